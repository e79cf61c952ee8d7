"""SpiffWorkflow extended by registration: parser, timers, service tasks, scripting, serializer."""

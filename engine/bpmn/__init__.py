"""SpiffWorkflow extended by registration: parser, timers, service tasks, scripting, serializer."""

import logging

# why: SpiffWorkflow builds debug details (the id of every task in the tree, task data) for its
# log records whenever its loggers have no level of their own, even if nothing would print them.
# Its per-task messages repeat what the audit trail records, so only its warnings are kept; a
# deployment that wants more sets a level on these loggers itself.
for _name in ("spiff.workflow", "spiff.task"):
    if logging.getLogger(_name).level == logging.NOTSET:
        logging.getLogger(_name).setLevel(logging.WARNING)

"""The worker: claims due jobs and calls the outside world through `worker.adapters`."""

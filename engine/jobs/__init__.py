"""The job queue: rows claimed under a lease, by any number of workers."""

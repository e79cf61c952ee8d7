"""Staff accounts: local users with roles per office, passwords, lock-out, and the access rules
that pages and the REST API share (``access``)."""

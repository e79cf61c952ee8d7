"""Documents a step produces: numbered orders and contracts, rendered to PDF."""

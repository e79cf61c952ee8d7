"""Process definitions: lint, deploy and versioned storage of diagrams."""

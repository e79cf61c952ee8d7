"""Task forms rendered on the server from the JSON Schema and UI schema of the deployed version."""

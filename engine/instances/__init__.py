"""Process instances: the one service that loads, advances and saves an instance."""

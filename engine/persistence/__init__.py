"""Database models and sessions (SQLAlchemy 2): SQLite by default, PostgreSQL in production."""

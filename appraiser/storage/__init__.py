"""Durable storage: the SQLite database, its migrations, the audit chain and media store."""

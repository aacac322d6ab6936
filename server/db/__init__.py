"""The server database: tables, engine and migrations."""

"""The central server: FastAPI + SQLAlchemy 2 + Alembic. SQLite by default, PostgreSQL in production."""

"""The local SQLite store: schema migrations, records with their outbox, search, target profiles, blob files."""

from app.store.blobs import BlobStore
from app.store.db import Store
from app.store.errors import LockedError, RecordNotFoundError, StoreError, StoreTooNewError
from app.store.filters import PRESENT
from app.store.migrations import SCHEMA_VERSION
from app.store.paths import default_store_path

__all__ = [
    "PRESENT",
    "SCHEMA_VERSION",
    "BlobStore",
    "LockedError",
    "RecordNotFoundError",
    "Store",
    "StoreError",
    "StoreTooNewError",
    "default_store_path",
]

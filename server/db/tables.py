"""SQLAlchemy tables. Records of every entity share one table; pull scans the change log by sequence.

`records` holds each record's current JSON, its scope columns (district, team; NULL = visible to all) and
`field_meta`: field -> [record version that last changed it, username, device id], which makes the field-level merge
exact and tells two devices of one user apart.
`changes` keeps one row per record at its latest sequence number, so a pull sends each record once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class RecordRow(Base):
    __tablename__ = "records"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    field_meta: Mapped[dict[str, Any]] = mapped_column(JSON)
    district: Mapped[str | None] = mapped_column(String(20))
    team: Mapped[str | None] = mapped_column(String(100))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(100))


class ChangeRow(Base):
    __tablename__ = "changes"
    __table_args__ = (
        UniqueConstraint("entity", "record_id", name="uq_changes_record"),
        Index("ix_changes_district_seq", "district", "seq"),
        {"sqlite_autoincrement": True},  # never reuse a sequence number, even after the newest row is deleted
    )

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(20))
    team: Mapped[str | None] = mapped_column(String(100))


class MutationRow(Base):
    """Every mutation answered, so a retried batch gets the same answers and changes nothing.

    Keyed per user: an id is the client's, so another user's (or a forger's) copy of it is a different mutation."""

    __tablename__ = "mutations"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    mutation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(100))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserRow(Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    team: Mapped[str] = mapped_column(String(100))
    district: Mapped[str] = mapped_column(String(20))
    certificate_no: Mapped[str | None] = mapped_column(String(50))
    inspector_id: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TokenRow(Base):
    __tablename__ = "tokens"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    device_id: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeviceKeyRow(Base):
    """A device's sealing key (Ed25519, base64 raw), registered at each login with the password: the server checks
    the seals of that user's full-process records with it (server/sync/seal_rule.py). Kept after the device's tokens
    are revoked or expire: past records stay verifiable."""

    __tablename__ = "device_keys"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(100))
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BlobRow(Base):
    """An upload of a blob by one user and device, declared for a record of theirs that references the blob.

    Each device uploads on its own (nobody else can append to it, nor spoil it); the first to verify makes the blob
    complete, and the other uploads of that blob are dropped. The bytes held so far are the storage's to report
    (they survive dropped connections), not a column.
    """

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FieldHistoryRow(Base):
    """A value the server did not keep: overwritten by an ownership rule, or disputed by a device (a conflict).

    Kept so no one's work vanishes unseen: the team's lead lists them (`GET /api/conflicts`) and may put the other
    value back by choosing it (`POST /api/conflicts/{id}/resolve`).
    """

    __tablename__ = "field_history"
    __table_args__ = (Index("ix_field_history_scope", "district", "team", "resolved_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "overwritten" or "conflict"
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(100))
    kept_value: Mapped[Any] = mapped_column(JSON)  # the value on the server when it was recorded
    kept_by: Mapped[str] = mapped_column(String(100))
    other_value: Mapped[Any] = mapped_column(JSON)  # the value overwritten, or the device's refused one
    other_by: Mapped[str] = mapped_column(String(100))
    district: Mapped[str | None] = mapped_column(String(20))
    team: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(100), nullable=True)

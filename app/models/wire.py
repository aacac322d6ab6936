"""Sync wire messages (DESIGN.md, Sync protocol). The server and the client both speak exactly these."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_PUSH_BATCH = 500
MAX_PULL_LIMIT = 2000


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Change(Wire):
    """One entry of the server's change log, as pulled: the record's full current state."""

    seq: int
    entity: str
    id: str
    version: int
    deleted: bool = False
    data: dict[str, Any]
    blob_pending: bool = False  # evidence or signature whose file is not yet complete on the server: not final


class PullResponse(Wire):
    changes: list[Change]
    cursor: int  # pass as `since` next time
    has_more: bool


class Mutation(Wire):
    """A local change sent to the server. `fields` holds only the changed fields (all of them for a create)."""

    mutation_id: str
    entity: str
    id: str
    op: Literal["upsert", "delete"] = "upsert"
    base_version: int = Field(ge=0)  # 0 = the client believes the record is new
    fields: dict[str, Any]


class PushRequest(Wire):
    device_id: str = Field(min_length=1, max_length=100)
    mutations: list[Mutation] = Field(min_length=1, max_length=MAX_PUSH_BATCH)


class MutationResult(Wire):
    mutation_id: str
    status: Literal["accepted", "conflict", "rejected"]
    version: int | None = None  # the record's new version when accepted
    record: dict[str, Any] | None = None  # the server's current record on conflict
    conflict_fields: list[str] = []  # the fields both sides changed
    error: str | None = None  # stable code when rejected (e.g. "code_required")
    message: str | None = None


class PushResponse(Wire):
    results: list[MutationResult]


class ErrorBody(Wire):
    """Every error response of the server: a stable code and a readable message."""

    code: str
    message: str
    detail: Any = None


class LoginRequest(Wire):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)
    device_id: str = Field(min_length=1, max_length=100)


class SigningKey(Wire):
    """One of the server's code-signing keys as published (`GET /api/keys`, the login answer)."""

    key_id: str
    public_key: str  # base64 raw Ed25519
    current: bool = False
    endorsed_by: str | None = None  # key id of the key that signed this one at rotation (app/rules/key_trust.py)
    endorsement: str | None = None  # base64 signature by that key over this public key


class LoginResponse(Wire):
    token: str
    expires_at: str
    user: dict[str, Any]
    public_key: str  # base64 Ed25519 public key the client pins on first enrollment
    key_id: str
    signing_keys: list[SigningKey] = []  # every key codes may carry; the client trusts them along endorsements
    public_keys: dict[str, str] = {}  # the same keys as key id → base64 raw public key (what the store gate reads)


class BlobStatus(Wire):
    sha256: str
    size: int | None  # declared total size; None when the upload was never started
    offset: int  # bytes the server holds
    complete: bool

"""Sync wire messages (DESIGN.md, Sync protocol). The server and the client both speak exactly these."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.models.domain import InspectionCode
from app.models.limits import FEW, AwareInstant, Code, Cursor, Id, Json, Label, Secret, Version

MAX_PUSH_BATCH = 500
MAX_PULL_LIMIT = 2000
MAX_FIELDS = 100  # fields of one mutation: every entity has fewer


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Change(Wire):
    """One entry of the server's change log, as pulled: the record's full current state."""

    seq: Cursor
    entity: Label
    id: Id
    version: Version
    deleted: bool = False
    data: dict[str, Any]
    blob_pending: bool = False  # evidence or signature whose file is not yet complete on the server: not final


class PullResponse(Wire):
    changes: list[Change]
    cursor: Cursor  # pass as `since` next time
    has_more: bool


class Mutation(Wire):
    """A local change sent to the server. `fields` holds only the changed fields (all of them for a create)."""

    mutation_id: Id
    entity: Label
    id: Id
    op: Literal["upsert", "delete"] = "upsert"
    base_version: Version  # 0 = the client believes the record is new
    fields: Annotated[dict[Label, Json], Field(max_length=MAX_FIELDS)]  # nested values are checked too (limits.py)


class PushRequest(Wire):
    device_id: Label
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
    username: Label
    password: Secret
    device_id: Label
    seal_key: Code | None = None  # the device's sealing key (base64 raw Ed25519), registered with the password


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
    max_blob_bytes: int | None = None  # the largest photo or signature file the server takes (checked at import)
    max_recording_bytes: int | None = None  # the largest body-camera video (执法记录仪) it takes


class BlobStatus(Wire):
    sha256: str
    size: int | None  # declared total size; None when the upload was never started
    offset: int  # bytes the server holds
    complete: bool


class CodeRequest(Wire):
    """申码 (`POST /api/codes`): one task, or the tasks of one joint inspection; validity within the server's bounds."""

    task_ids: Annotated[list[Id], Field(min_length=1, max_length=FEW)]
    valid_from: AwareInstant | None = None
    valid_until: AwareInstant | None = None


class CodeAnswer(Wire):
    """An issued or revoked code (`POST /api/codes`, `…/revoke`) and the address of its public page."""

    code: InspectionCode
    url: str


class CodeUse(Wire):
    """One logged use (亮码 or an inspection started) of a code."""

    id: Id
    code_id: Id
    username: Label
    device_id: Label | None = None
    used_at: str
    received_at: str
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class CodeUses(Wire):
    uses: list[CodeUse]


class SigningKeys(Wire):
    keys: list[SigningKey]


# On every pull answer and on `GET /api/keys`: a name for the server's published set of signing keys (any change to a
# key, an endorsement or which one is current changes it). The client fetches the keys again only when a pull is told
# a name other than the one it last trusted (app/sync/keys.py); a server without it has the keys fetched at each sync.
KEYS_VERSION_HEADER = "X-Keys-Version"
# A first sync from a snapshot (`GET /api/sync/snapshot`): the file is a client store, the header the pull cursor it
# was made at (app/store/snapshot.py, server/sync/snapshot.py)
SNAPSHOT_CURSOR_HEADER = "X-Snapshot-Cursor"


class Health(Wire):
    status: Literal["ok", "ready"]


class ConflictEntry(Wire):
    """A value the server did not keep (`GET /api/conflicts`): overwritten by an ownership rule, or refused to a
    device as a conflict; the team's lead resolves it by choosing `kept` (as it is) or `other` (put back)."""

    id: Id
    kind: Literal["overwritten", "conflict"]
    entity: Label
    record_id: Id
    field: Label
    kept_value: Json
    kept_by: Label
    other_value: Json
    other_by: Label
    team: Label | None = None
    created_at: AwareInstant
    resolved_at: AwareInstant | None = None
    resolved_by: Label | None = None


class ConflictInbox(Wire):
    conflicts: list[ConflictEntry]


class ConflictChoice(Wire):
    choice: Literal["kept", "other"]

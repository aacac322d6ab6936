"""A store ready to work under a real inspection code: a trusted server key, a logged-in inspector, a signed code.

For tests that write inspection work through the store, which the code gate refuses without a valid code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.models import InspectionCode, Target
from app.models.domain import Inspection
from app.models.ids import new_id
from app.rules.codes import generate_key, issue
from app.store import Store
from app.store.db import USER_INSPECTOR_ID

ME = "inspector-zhang"
PARTNER = "inspector-li"


@dataclass
class CodeWorld:
    store: Store
    key: Ed25519PrivateKey
    target: Target

    def code(self, *, hours: float = 8, starts_in: float = -1, **overrides: object) -> InspectionCode:
        """A code for the target valid from `starts_in` hours from now for `hours`, stored as the server's record."""
        start = datetime.now(UTC) + timedelta(hours=starts_in)
        fields: dict = {
            "target_id": self.target.id,
            "target_credit_code": self.target.credit_code,
            "task_ids": [new_id()],
            "inspector_ids": [ME, PARTNER],
            "checklist_item_ids": [],
            "valid_from": start,
            "valid_until": start + timedelta(hours=hours),
            "issuer": "长宁区卫生健康委员会",
            "private_key": self.key,
        }
        code = issue(**(fields | overrides))
        self.store.save_many([code], synced=True)
        return code

    def inspection(self, code: InspectionCode) -> Inspection:
        """An inspection opened under `code` through the gate."""
        inspection = Inspection(
            code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids
        )
        return self.store.save(inspection)


def code_world(store: Store, target: Target, inspector_id: str = ME) -> CodeWorld:
    """Trust a fresh server key in `store`, log `inspector_id` in, and store `target` as pulled from the server."""
    private, public, key_id = generate_key()
    store.set_signing_keys({key_id: public})
    store.set_meta(USER_INSPECTOR_ID, inspector_id)
    store.save_many([target], synced=True)
    return CodeWorld(store, private, target)

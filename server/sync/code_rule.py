"""The code rule on the server (无码不检查), the same verification the laptop's gate runs (app/rules/codes.py).

A new inspection and all its work (results, photos, signatures, correction orders, amendments) is accepted only under
a code that this server issued and signed, that names the pushing inspector, covers the inspection's target, tasks and
inspectors, and was valid and not yet revoked when the inspection started. The inspection's `started_at` is the
moment judged, so an offline inspection pushed days later still passes; a start stamped later than the server's clock
(plus the tolerated skew, `SKEW`) is refused, so an expired code cannot be used by back-dating a later start past
the present. A completed inspection is locked: only amendments (更正记录) are added to it, and its seal renewed. A
completion, and a renewed seal, must match the records as sealed on the device (server/sync/seal_rule.py). An
inspection's 无感 flag must match its tasks and its target's grade (server/sync/visit_rule.py).
Every refusal is a `Refusal` with a stable code that the client shows in words (the message is bilingual).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from app.models import InspectionCode, InspectionStatus
from app.rules import codes as rules
from server.sync.records import RecordCache, RecordState
from server.sync.scope import Actor

SKEW = rules.DEFAULT_SKEW  # how far a laptop's clock may be off when it stamps a start (10 minutes)
IMMUTABLE = ("code_id", "target_id", "task_ids", "inspector_ids", "started_at")  # fixed when the inspection opens


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


_LOCKED = Refusal(
    "inspection_locked",
    "检查已完成，记录已锁定；如需更正请添加更正记录 / the inspection is completed and locked; add an amendment instead",
)


class CodeRule:
    """Judges the on-site writes of one push batch; verdicts per inspection are kept for the batch."""

    def __init__(
        self, cache: RecordCache, public_keys: Mapping[str, Any], actor: Actor, now: datetime | None = None
    ) -> None:
        self.cache = cache
        self.public_keys = public_keys
        self.actor = actor
        self.now = now or datetime.now(UTC)
        self._judged: dict[tuple[str, str], Refusal | None] = {}
        self._codes: dict[str, InspectionCode | None] = {}

    def check(
        self, entity: str, before: dict[str, Any] | None, after: dict[str, Any] | None, changed: list[str]
    ) -> Refusal | None:
        """None when the write (create: before None; delete: after None) may go through under its code."""
        record = after if after is not None else before
        assert record is not None
        if entity == "inspections":
            return self._check_inspection(before, after, changed)
        parent = self._inspection(record)
        if parent is None:
            return Refusal(
                "unknown_parent", "所属检查不存在 / the inspection this record belongs to is not on the server"
            )
        if any(side is not None and side.get("code_id") != parent.data.get("code_id") for side in (before, after)):
            return Refusal(
                "code_mismatch", "记录的检查码与所属检查的检查码不一致 / the record's code is not its inspection's code"
            )
        completed = parent.data.get("status") == InspectionStatus.COMPLETED
        if entity == "amendments":
            refusal = self._check_amendment(record, parent, completed)
        else:
            refusal = _LOCKED if completed else None
        return refusal or self._verdict(parent.data) or self._check_items(entity, record, parent.data)

    def names_caller(self, entity: str, data: dict[str, Any]) -> bool:
        """Whether the caller is on the inspection this record belongs to and on its code (authz's ON_CODE)."""
        if entity == "inspections":
            inspection = data
        else:
            parent = self._inspection(data)
            if parent is None:
                return False
            inspection = parent.data
        code = self._code(inspection.get("code_id") or "")
        me = self.actor.inspector_id
        return bool(me and code and me in code.inspector_ids and me in (inspection.get("inspector_ids") or []))

    # --- inspections ------------------------------------------------------------------------------------------

    def _check_inspection(
        self, before: dict[str, Any] | None, after: dict[str, Any] | None, changed: list[str]
    ) -> Refusal | None:
        from server.sync import seal_rule, visit_rule  # they answer with this module's Refusal

        if before is not None and before.get("status") == InspectionStatus.COMPLETED:
            if after is not None and seal_rule.resealing(before, after, changed):  # renewed after amendments
                return seal_rule.check(self.cache, self.actor, after, required=True) or self._verdict(before)
            return _LOCKED
        if after is not None and seal_rule.completing(before, after):  # the finish: its record as it was sealed
            refusal = self._verdict(after) or seal_rule.check(self.cache, self.actor, after, required=False)
            if refusal is not None:
                return refusal
        if after is not None and (before is None or "remote" in changed):  # 无感: the flag matches the tasks
            refusal = self._verdict(after) or visit_rule.check(self.cache, after)
            if refusal is not None:
                return refusal
        if before is not None and after is not None:
            moved = [f for f in IMMUTABLE if f in changed]
            if moved:
                return Refusal(
                    "inspection_immutable",
                    f"检查开始后不能修改：{', '.join(moved)} / these fields are fixed once the inspection has started: "
                    f"{', '.join(moved)}",
                )
        return self._verdict(before if before is not None else after)

    def _check_amendment(self, amendment: dict[str, Any], parent: RecordState, completed: bool) -> Refusal | None:
        if not completed:
            return Refusal(
                "not_amendable",
                "检查尚未完成，请直接修改结果 / the inspection is in progress: change the result itself",
            )
        if amendment.get("record_entity") == "item_results":
            result = self.cache.get("item_results", amendment.get("record_id") or "")
            ours = result is not None and result.data.get("inspection_id") == parent.id
        else:
            ours = amendment.get("record_id") == parent.id
        if not ours:
            return Refusal(
                "amendment_elsewhere", "要更正的记录不属于该检查 / the amended record is not part of this inspection"
            )
        return None

    # --- the code ---------------------------------------------------------------------------------------------

    def _verdict(self, inspection: dict[str, Any]) -> Refusal | None:
        key = (inspection.get("id") or "", inspection.get("code_id") or "")
        if key not in self._judged:
            self._judged[key] = self._judge(inspection)
        return self._judged[key]

    def _judge(self, inspection: dict[str, Any]) -> Refusal | None:
        code = self._code(inspection.get("code_id") or "")
        if code is None:
            return Refusal(
                "code_unknown",
                "服务器没有签发过此检查码，不得凭此检查（无码不检查） / this server never issued the inspection's code",
            )
        started = _utc(inspection.get("started_at"))
        if started is None or started > self.now + SKEW:
            return Refusal(
                "started_in_future",
                "检查开始时间晚于服务器时间，请校准本机时钟 / the inspection starts after the server's time; "
                "correct this computer's clock",
            )
        revoked_since = code.revoked_at is not None and started >= _utc(code.revoked_at)
        judged = code if revoked_since else code.model_copy(update={"revoked_at": None})
        verdict = rules.verify(
            judged,
            public_keys=self.public_keys,
            now=started,
            target_id=inspection.get("target_id"),
            inspector_id=self.actor.inspector_id or "",
            revoked={},
            skew=SKEW,
        )
        if not verdict.ok:
            return Refusal(f"code_{verdict.reason}", verdict.message)
        return self._check_cover(code, inspection)

    def _check_cover(self, code: InspectionCode, inspection: dict[str, Any]) -> Refusal | None:
        outside_tasks = sorted(set(inspection.get("task_ids") or []) - set(code.task_ids))
        outside_people = sorted(set(inspection.get("inspector_ids") or []) - set(code.inspector_ids))
        if outside_tasks or outside_people:
            return Refusal(
                "code_not_covering",
                "检查的任务或检查人员不在检查码范围内 / the inspection's tasks or inspectors are not on its code",
            )
        if self.actor.inspector_id not in (inspection.get("inspector_ids") or []):
            return Refusal(
                "code_wrong_inspector",
                "您不是本次检查的检查人员 / you are not one of this inspection's inspectors",
            )
        return None

    def _check_items(self, entity: str, record: dict[str, Any], inspection: dict[str, Any]) -> Refusal | None:
        if entity in ("item_results", "evidence"):
            items = [record["item_id"]] if record.get("item_id") else []
        elif entity == "correction_orders":
            items = list(record.get("item_ids") or [])
        else:
            return None
        code = self._code(inspection.get("code_id") or "")
        allowed = set(code.checklist_item_ids) if code else set()
        if allowed and not set(items) <= allowed:
            return Refusal(
                "item_not_on_code",
                "检查事项不在检查码范围内 / a checklist item is not covered by the inspection's code",
            )
        if entity == "item_results" and record.get("checklist_version") is not None:
            return self._check_version(record)
        return None

    def _check_version(self, result: dict[str, Any]) -> Refusal | None:
        """A result names the version of its item's checklist (issue 15): the version that item belongs to."""
        item = self.cache.get("checklist_items", result.get("item_id") or "")
        if item is not None and item.data.get("checklist_version") == result.get("checklist_version"):
            return None
        return Refusal(
            "checklist_version_mismatch",
            "检查结果的检查表版本与该检查事项的版本不符 / the result's checklist version is not its item's version",
        )

    # --- reading ----------------------------------------------------------------------------------------------

    def _inspection(self, record: dict[str, Any]) -> RecordState | None:
        state = self.cache.get("inspections", record.get("inspection_id") or "")
        return state if state is not None and not state.deleted else None

    def _code(self, code_id: str) -> InspectionCode | None:
        if code_id not in self._codes:
            self._codes[code_id] = self._read_code(code_id)
        return self._codes[code_id]

    def _read_code(self, code_id: str) -> InspectionCode | None:
        state = self.cache.get("inspection_codes", code_id) if code_id else None
        if state is None or state.deleted:
            return None
        try:
            return InspectionCode.model_validate(state.data)
        except ValidationError:  # a damaged row is no code
            return None


def _utc(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

"""A draw anyone can check, on the server: a plan's seed commitment (`Plan.seed_hash`, SHA-256 of the seed's decimal
digits) is filed once, before any draw of the plan (`seed_hash_late` after), and never replaced (`seed_hash_filed`),
and a recorded draw (`sampling_draws`) under a plan with a commitment must carry the seed that hashes to it
(`seed_mismatch`). Push asks `check` for every plan and draw it is given (server/sync/push.py); `rerun` re-runs a
recorded draw from its own published inputs for the public page (server/api/routes/draws.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from app.models.domain import SamplingDraw
from app.rules.sampling import Draw, InspectorDraw, SamplingError, draw_inputs, redraw
from server.codes import find_records
from server.sync.records import RecordCache


def seed_hash(seed: int) -> str:
    return hashlib.sha256(str(seed).encode("ascii")).hexdigest()


def check(
    cache: RecordCache, entity: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[str, str] | None:
    """(code, message) refusing this write of a plan or a draw, or None."""
    filed_before = before.get("seed_hash") if before else None
    if entity == "plans" and filed_before and after is not None and after.get("seed_hash") != filed_before:
        return (
            "seed_hash_filed",
            "计划已备案抽取种子的哈希，不能更换 / the plan's seed hash is filed and cannot be replaced",
        )
    if entity == "plans" and not filed_before and after is not None and after.get("seed_hash") and _drawn(cache, after):
        return (
            "seed_hash_late",
            "该计划已经抽取过，不能再备案种子的哈希 / the plan was drawn already: its seed hash comes too late",
        )
    if entity == "sampling_draws" and after is not None:
        plan = cache.get("plans", after.get("plan_id") or "")
        filed = plan.data.get("seed_hash") if plan else None
        if filed and seed_hash(int(after.get("seed", -1))) != filed:
            return (
                "seed_mismatch",
                "抽取种子与计划备案的哈希不符 / the draw's seed does not match the hash filed with the plan",
            )
    return None


def _drawn(cache: RecordCache, plan: dict[str, Any]) -> bool:
    """A draw of the plan is recorded already (the commitment must come before the pool is drawn)."""
    return bool(find_records(cache.session, "sampling_draws", "plan_id", [plan.get("id") or ""]))


@dataclass(frozen=True)
class Rerun:
    """A recorded draw re-run from its published inputs: what it says, and whether the re-run agrees."""

    draw: SamplingDraw
    filed_hash: str | None
    seed_matches: bool | None  # None: the plan filed no commitment
    same_targets: bool
    same_inspectors: bool
    same_digests: bool
    error: str | None = None

    @property
    def identical(self) -> bool:
        return (
            self.error is None
            and self.seed_matches is not False
            and self.same_targets
            and self.same_inspectors
            and self.same_digests
        )


def rerun(draw: SamplingDraw, filed_hash: str | None) -> Rerun:
    matches = None if not filed_hash else seed_hash(draw.seed) == filed_hash
    try:
        targets, staff = draw_inputs(draw)
        again_targets, again_staff = redraw(targets), redraw(staff)
    except SamplingError as exc:
        return Rerun(draw, filed_hash, matches, False, False, False, str(exc))
    assert isinstance(again_targets, Draw) and isinstance(again_staff, InspectorDraw)
    by_target = {target_id: again_staff.assignments[task_id] for task_id, target_id, _ in again_staff.tasks}
    return Rerun(
        draw,
        filed_hash,
        matches,
        same_targets=again_targets.selected_ids == draw.target_ids and targets.seed == draw.seed,
        same_inspectors=by_target == draw.assignments and staff.seed == draw.seed,
        same_digests=again_targets.input_digest == draw.pool_digest
        and again_staff.input_digest == draw.inspector_digest,
    )

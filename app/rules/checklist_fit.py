"""Which checklists fit a task: the target's industry × the task's line (条线, the plan's team), from the catalogue's
mapping (resources/checklists/fit.json), kept to the checklists the plan lists.

A hair salon's task under a public-places plan with the salon, hotel and pool checklists gets the salon checklist
only. Nothing is lost when the mapping knows no fitting checklist of the plan: the plan's checklists of the target's
industry are taken, and failing those every checklist of the plan (the behaviour before the mapping).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class ChecklistLike(Protocol):
    id: str
    code: str
    industry: str


@dataclass(frozen=True)
class ChecklistFit:
    """industry -> checklist codes, by default and per line (a line's list replaces the default's)."""

    default: Mapping[str, tuple[str, ...]]
    lines: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    version: int = 1

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChecklistFit:
        return cls(
            default={k: tuple(v) for k, v in data.get("default", {}).items()},
            lines={line: {k: tuple(v) for k, v in m.items()} for line, m in data.get("lines", {}).items()},
            version=int(data.get("version", 1)),
        )

    def codes(self, industry: str, line: str | None = None) -> tuple[str, ...] | None:
        """The codes that fit; None when the mapping says nothing of the industry."""
        by_line = self.lines.get(line or "", {})
        if industry in by_line:
            return by_line[industry]
        return self.default.get(industry)


def fitting(
    fit: ChecklistFit, industry: str, line: str | None, plan_checklists: Sequence[ChecklistLike]
) -> list[str]:
    """The ids of the plan's checklists that fit a target of `industry` on `line`, in the plan's order."""
    codes = fit.codes(industry, line)
    if codes:
        chosen = [c.id for c in plan_checklists if c.code in codes]
        if chosen:
            return chosen
    same_industry = [c.id for c in plan_checklists if c.industry == industry]
    return same_industry or [c.id for c in plan_checklists]

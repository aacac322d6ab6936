"""The answer of an import (targets, users) as both sides read it: what was created, changed, left alone, refused.

The same report serves the preview (`dry_run`: nothing written) and the import itself. Lists are cut at `LIST_CAP`
entries; the counts are always whole.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

LIST_CAP = 2_000  # rows listed per kind in an answer (a 100,000-row file is counted, not listed)


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class RefusedRow(_Wire):
    """A row not imported, with every reason found (a row can have several)."""

    row: int  # the spreadsheet's row number (the header is 1)
    key: str  # its credit code or username as written, for finding it
    name: str
    reasons: list[str]  # stable codes: bad_credit_code, unknown_street, duplicate, …
    messages: list[str]  # one bilingual sentence per reason, "中文 / English"


class FieldChange(_Wire):
    field: str
    old: Any
    new: Any


class ChangedRow(_Wire):
    """A record the import creates or updates: its key, its id on the server, and for an update what changes."""

    row: int
    key: str
    name: str
    record_id: str
    changes: list[FieldChange] = []


class ImportReport(_Wire):
    kind: Literal["targets", "users", "catalogue"]
    dry_run: bool
    rows: int  # data rows read (empty rows skipped)
    created_count: int
    updated_count: int
    unchanged_count: int
    refused_count: int
    created: list[ChangedRow]
    updated: list[ChangedRow]
    refused: list[RefusedRow]
    ignored_columns: list[str]  # header cells that name no field we know
    # users only: the initial passwords made for new users without one in the file, shown once (username -> password)
    initial_passwords: dict[str, str] = {}
    # users only: the district's users missing from the file, deactivated (never deleted; listed again, active again)
    deactivated_count: int = 0
    deactivated: list[ChangedRow] = []

    @classmethod
    def of(
        cls,
        kind: Literal["targets", "users", "catalogue"],
        *,
        dry_run: bool,
        rows: int,
        created: list[ChangedRow],
        updated: list[ChangedRow],
        unchanged: int,
        refused: list[RefusedRow],
        ignored_columns: list[str],
        initial_passwords: dict[str, str] | None = None,
        deactivated: list[ChangedRow] | None = None,
    ) -> ImportReport:
        """The report of one import: every row counted, at most LIST_CAP of each kind listed."""
        return cls(
            kind=kind,
            dry_run=dry_run,
            rows=rows,
            created_count=len(created),
            updated_count=len(updated),
            unchanged_count=unchanged,
            refused_count=len(refused),
            created=created[:LIST_CAP],
            updated=updated[:LIST_CAP],
            refused=refused[:LIST_CAP],
            ignored_columns=ignored_columns,
            initial_passwords=initial_passwords or {},
            deactivated_count=len(deactivated or []),
            deactivated=(deactivated or [])[:LIST_CAP],
        )

"""The app's resource files (`resources/`: fonts, translations, icons, the checklist catalogue), found the same way
in a checkout and in the PyInstaller bundle, and the catalogue read as records. Production code reads them here;
the demo data set (demo/) is the checkout's, used by neither the app nor the server."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.models import Checklist, ChecklistItem

DEMO_PASSWORD = "demo-2025"  # every demo account's published password (README), filled in by `run --demo`
CATALOGUE_DATE = datetime(2025, 1, 1, tzinfo=UTC)  # the catalogue's records carry a fixed time, so loads agree


def resource_dir() -> Path:
    """`resources/` in a checkout, or in the PyInstaller bundle's unpack folder."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    return (Path(frozen_root) if frozen_root else Path(__file__).resolve().parents[1]) / "resources"


def catalogue_path() -> Path:
    return resource_dir() / "checklists" / "catalogue.json"


def load_catalogue(path: Path | None = None) -> tuple[list[Checklist], list[ChecklistItem]]:
    """The checklist catalogue (resources/checklists/catalogue.json) as records with their fixed ids, so the client
    and the server agree on them."""
    data = json.loads((path or catalogue_path()).read_text(encoding="utf-8"))
    checklists, items = [], []
    for entry in data["checklists"]:
        checklist = Checklist(
            id=entry["id"],
            code=entry["code"],
            name=entry["name"],
            industry=entry["industry"],
            checklist_version=entry["checklist_version"],
            updated_at=CATALOGUE_DATE,
        )
        checklists.append(checklist)
        for position, item in enumerate(entry["items"], 1):
            items.append(
                ChecklistItem(
                    id=item["id"],
                    checklist_id=checklist.id,
                    code=item["code"],
                    title=item["title"],
                    legal_basis=item["legal_basis"],
                    industry=checklist.industry,
                    checklist_version=checklist.checklist_version,
                    position=position,
                    updated_at=checklist.updated_at,
                )
            )
    return checklists, items


def grading_config_path() -> Path:
    return resource_dir() / "grading.json"


def load_grading_config(path: Path | None = None):  # -> app.rules.grading.GradingConfig
    """The filed grading configuration (resources/grading.json, or `path`), validated; GradingConfigError if not."""
    from app.rules.grading import GradingConfig

    return GradingConfig.parse((path or grading_config_path()).read_bytes())


def enforcement_config_path() -> Path:
    return resource_dir() / "enforcement.json"


def load_enforcement_config(path: Path | None = None):  # -> app.rules.enforcement.EnforcementConfig
    """The filed enforcement configuration (resources/enforcement.json, or `path`): the no-penalty list, the discretion
    benchmark, the summary procedure's and legal review's thresholds; EnforcementConfigError if it does not validate."""
    from app.rules.enforcement import EnforcementConfig

    return EnforcementConfig.parse((path or enforcement_config_path()).read_bytes())

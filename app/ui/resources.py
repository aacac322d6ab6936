"""Where the bundled resources live, found the same way from a checkout and from the PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from app.ui.qt import QIcon


def resource_dir() -> Path:
    """`resources/` beside the package in a checkout, or inside the bundle's unpack folder when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    root = Path(frozen_root) if frozen_root else Path(__file__).resolve().parents[2]
    return root / "resources"


def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons by its base name."""
    return QIcon(str(resource_dir() / "icons" / f"{name}.svg"))

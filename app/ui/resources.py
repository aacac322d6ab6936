"""Icons from the bundled resources (`app.resources` finds the folder, frozen or not)."""

from __future__ import annotations

from app.resources import resource_dir
from app.ui.qt import QIcon

__all__ = ["icon", "resource_dir"]


def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons by its base name."""
    return QIcon(str(resource_dir() / "icons" / f"{name}.svg"))

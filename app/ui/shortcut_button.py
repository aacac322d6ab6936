"""A push button with its own keyboard shortcut that survives re-translation."""

from __future__ import annotations

from collections.abc import Callable

from app.ui.qt import QHBoxLayout, QKeySequence, QPushButton, QShortcut, QWidget


def shortcut_button(
    owner: QWidget, layout: QHBoxLayout, name: str, keys: str, slot: Callable[[], object]
) -> QPushButton:
    """Add a button named `name` to `layout`, clicked by `keys` anywhere in `owner` while it is enabled."""
    button = QPushButton()
    button.setObjectName(name)
    button.clicked.connect(slot)
    # a QShortcut, not the button's own: setText() replaces a button's shortcut with the text's mnemonic
    QShortcut(QKeySequence(keys), owner, lambda: button.isEnabled() and button.click())
    layout.addWidget(button)
    return button

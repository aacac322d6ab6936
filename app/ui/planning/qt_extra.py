"""Qt names the planning views need beyond app/ui/qt.py, kept in one place.

app/ui/qt.py belongs to the UI engineer; these belong there too, and move there when it is next edited (then this
module goes). Everything else the planning views use comes from app/ui/qt.py.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QDate, QMimeData, QPoint, QPointF
from PySide6.QtGui import QBrush, QDrag, QDragEnterEvent, QDropEvent, QMouseEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
)

__all__ = [
    "QBrush",
    "QByteArray",
    "QCheckBox",
    "QComboBox",
    "QDate",
    "QDateEdit",
    "QDialog",
    "QDialogButtonBox",
    "QDoubleSpinBox",
    "QDrag",
    "QDragEnterEvent",
    "QDropEvent",
    "QFileDialog",
    "QGridLayout",
    "QGroupBox",
    "QInputDialog",
    "QListWidget",
    "QListWidgetItem",
    "QMimeData",
    "QMouseEvent",
    "QPoint",
    "QPointF",
    "QProgressBar",
    "QPushButton",
    "QSpinBox",
    "QTabWidget",
    "QTableWidget",
    "QTableWidgetItem",
    "QTextBrowser",
    "QTreeWidget",
    "QTreeWidgetItem",
    "QUndoCommand",
    "QUndoStack",
]

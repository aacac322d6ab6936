"""The coloured A–D grade badge, drawn in the target list and shown in the profile."""

from __future__ import annotations

from app.models.enums import Grade
from app.ui.qt import (
    QColor,
    QFont,
    QModelIndex,
    QPainter,
    QRectF,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
)

# A is the best credit and lowest risk: green to red, dark enough for white text.
GRADE_COLOURS: dict[str, str] = {
    Grade.A: "#2e7d32",
    Grade.B: "#1565c0",
    Grade.C: "#e65100",
    Grade.D: "#c62828",
}
UNKNOWN_COLOUR = "#78909c"


def grade_colour(grade: str) -> QColor:
    return QColor(GRADE_COLOURS.get(grade, UNKNOWN_COLOUR))


def grade_badge_css(grade: str) -> str:
    """Style sheet of a QLabel shown as the badge."""
    return (
        f"background: {GRADE_COLOURS.get(grade, UNKNOWN_COLOUR)}; color: white; border-radius: 10px;"
        " padding: 2px 10px; font-weight: 600;"
    )


class GradeBadgeDelegate(QStyledItemDelegate):
    """Paints the cell's text (the grade letter) as a rounded pill in the grade's colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        grade = index.data(Qt.ItemDataRole.DisplayRole)
        self.initStyleOption(option, index)
        option.text = ""  # the background and selection come from the style; the text is the badge
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        if not grade:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        height = min(20.0, option.rect.height() - 6.0)
        width = 30.0
        rect = QRectF(
            option.rect.center().x() - width / 2 + 0.5, option.rect.center().y() - height / 2 + 0.5, width, height
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(grade_colour(grade))
        painter.drawRoundedRect(rect, height / 2, height / 2)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, grade)
        painter.restore()

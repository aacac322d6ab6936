"""User data is shown as written, never as markup (issue 14): a target, inspector or file name like
`<b>x</b><img src=…>` must not be rendered, nor load anything.

Qt renders a QLabel's text and any tooltip as rich text when it merely looks like HTML (`Qt::AutoText`). Item views'
display text is always plain, but their tooltips are not. `PlainTextGuard`, installed on the application by
`create_application`, makes this the exception instead of the default:

- every QLabel still on `AutoText` when it is polished (before it is first shown) becomes `PlainText`; a label that
  builds markup on purpose says so with `setTextFormat(Qt.TextFormat.RichText)` and escapes what it inserts
  (`html.escape`), as the inspection header and the target profile do;
- a tooltip that looks like markup (a widget's own, or an item's `ToolTipRole` in a table, tree or list) is shown
  escaped, as plain text.
"""

from __future__ import annotations

from html import escape

from app.ui.qt import QAbstractItemView, QApplication, QEvent, QLabel, QObject, QRect, Qt, QToolTip, QWidget

_POLISH = QEvent.Type.Polish
_TOOL_TIP = QEvent.Type.ToolTip


def looks_like_markup(text: str) -> bool:
    return "<" in text or "&" in text


def as_plain_html(text: str) -> str:
    """`text` as rich text that shows it literally (what QToolTip takes)."""
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"


class PlainTextGuard(QObject):
    """The application's event filter: labels plain unless said otherwise, tooltips escaped."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == _POLISH:
            if isinstance(watched, QLabel) and watched.textFormat() == Qt.TextFormat.AutoText:
                watched.setTextFormat(Qt.TextFormat.PlainText)
        elif kind == _TOOL_TIP and isinstance(watched, QWidget):
            return self._tooltip(watched, event)
        return False

    def _tooltip(self, widget: QWidget, event: QEvent) -> bool:
        pos = event.pos()  # type: ignore[attr-defined]  (a QHelpEvent)
        text, rect = _tip_of(widget, pos)
        if not text or not looks_like_markup(text):
            return False  # Qt shows it (or passes the event to the parent when there is none)
        QToolTip.showText(event.globalPos(), as_plain_html(text), widget, rect)  # type: ignore[attr-defined]
        return True


def _tip_of(widget: QWidget, pos: object) -> tuple[str, QRect]:
    view = widget.parent()
    if isinstance(view, QAbstractItemView) and view.viewport() is widget:
        index = view.indexAt(pos)  # type: ignore[arg-type]
        value = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
        return (value if isinstance(value, str) else ""), view.visualRect(index)
    return widget.toolTip(), QRect()


def install(app: QApplication) -> None:
    """Put the guard on the application once (it lives as long as the application)."""
    if app.property("plainTextGuard"):
        return
    guard = PlainTextGuard(app)
    app.installEventFilter(guard)
    app.setProperty("plainTextGuard", True)


def rich_label(html: str, parent: QWidget | None = None) -> QLabel:
    """A label that shows markup on purpose: `html` must have escaped (`html.escape`) whatever it inserts."""
    label = QLabel(html, parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label

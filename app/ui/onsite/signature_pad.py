"""Signing on the screen: a pad drawn with the mouse or a pen, and the dialog where everyone signs in turn.

API (for the inspection window):
- `SignaturePad(parent)`: a QWidget; `is_empty()`, `clear()`, `undo_stroke()`, `to_png() -> bytes` (transparent PNG
  of the strokes, refused by app.onsite.signatures when empty); signal `changed()`. Strokes are smoothed (quadratic
  curves through the midpoints) and, with a pen, as wide as it is pressed.
- `SignatureDialog(runner, inspection, parent)`: each inspector, then the inspected party's representative (name
  typed) sign in turn; each confirmed signature is stored at once through the runner (PNG blob + Signature record,
  through the code gate); the signers are read the same way (`ready()` once shown). Signal `signed(Signature)`;
  `exec()` returns Accepted once the last signer has signed. Ctrl+Z undoes a stroke,
  Ctrl+Enter (Enter in the name field) confirms, Esc closes (signatures already confirmed stay).
"""

from __future__ import annotations

from itertools import pairwise

from app.models import SignerRole
from app.models.domain import Inspection, Signature
from app.onsite.signatures import Signer, sign, signatures_of, signers_of
from app.store import Store
from app.ui.i18n import error_text
from app.ui.qt import (
    QBuffer,
    QColor,
    QDialog,
    QHBoxLayout,
    QImage,
    QIODevice,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPointF,
    QPushButton,
    QSize,
    Qt,
    QTabletEvent,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner

Point = tuple[QPointF, float]  # position and pen pressure (1.0 for a mouse)
_INK = QColor(16, 24, 64)
_WIDTH = 3.2  # px at full pressure


class SignaturePad(QWidget):
    """A white pad with a baseline; strokes are kept as points so they can be undone and redrawn at any size."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignaturePad")
        self.setMinimumSize(480, 180)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._strokes: list[list[Point]] = []
        self._drawing = False

    def sizeHint(self) -> QSize:
        return QSize(640, 220)

    # --- state -----------------------------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not any(len(stroke) > 1 for stroke in self._strokes)

    def clear(self) -> None:
        self._strokes.clear()
        self._changed()

    def undo_stroke(self) -> None:
        if self._strokes:
            self._strokes.pop()
            self._changed()

    def to_png(self) -> bytes:
        """The strokes on a transparent background, at twice the pad's size for a crisp print."""
        image = QImage(self.size() * 2, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.scale(2, 2)
        self._draw_strokes(painter)
        painter.end()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(buffer.data().data())

    # --- input -----------------------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), 1.0)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing and event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), 1.0)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drawing and event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position(), 1.0)

    def tabletEvent(self, event: QTabletEvent) -> None:
        """A pen: pressure sets the width. Accepted, so Qt does not also send the synthesised mouse events."""
        pressure = max(0.15, event.pressure())
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletMove and self._drawing:
            self._extend(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletRelease and self._drawing:
            self._end(event.position(), pressure)
        event.accept()

    def _begin(self, at: QPointF, pressure: float) -> None:
        self._drawing = True
        self._strokes.append([(QPointF(at), pressure)])
        self.update()

    def _extend(self, at: QPointF, pressure: float) -> None:
        last = self._strokes[-1][-1][0]
        if (at - last).manhattanLength() >= 1.0:  # ignore jitter below a pixel
            self._strokes[-1].append((QPointF(at), pressure))
            self.update()

    def _end(self, at: QPointF, pressure: float) -> None:
        self._extend(at, pressure)
        self._drawing = False
        if len(self._strokes[-1]) < 2:  # a click is no stroke
            self._strokes.pop()
        self._changed()

    def _changed(self) -> None:
        self.update()
        self.changed.emit()

    # --- drawing ---------------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setPen(QPen(QColor(200, 200, 200), 1, Qt.PenStyle.DashLine))
        baseline = self.height() * 0.75
        painter.drawLine(QPointF(16, baseline), QPointF(self.width() - 16, baseline))
        if self.is_empty() and not self._drawing:
            painter.setPen(QColor(160, 160, 160))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("请在此处签名"))
        self._draw_strokes(painter)
        painter.end()

    def _draw_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for stroke in self._strokes:
            pressure = sum(p for _, p in stroke) / len(stroke)
            pen = QPen(_INK, _WIDTH * pressure, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.drawPath(_smooth(stroke))


def _smooth(stroke: list[Point]) -> QPainterPath:
    """A curve through the midpoints of the sampled points, each sample a control point: no corners between them."""
    points = [p for p, _ in stroke]
    path = QPainterPath(points[0])
    if len(points) == 1:
        return path
    for current, following in pairwise(points[1:]):
        path.quadTo(current, (current + following) / 2)
    path.lineTo(points[-1])
    return path


def _signers(store: Store, inspection: Inspection) -> tuple[list[Signer], set[str]]:
    """On the database worker: who signs, in turn, and who has signed already."""
    done = {s.signer_id or s.signer_role for s in signatures_of(store, inspection.id)}
    return signers_of(store, inspection), done


class SignatureDialog(QDialog):
    """Each inspector, then the party's representative, signs in turn; each signature is stored when confirmed."""

    signed = Signal(object)  # the stored Signature
    ready = Signal()  # the signers are read and the first is shown

    def __init__(self, runner: Runner, inspection: Inspection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignatureDialog")
        self.setWindowTitle(self.tr("现场签名"))
        self._runner = runner
        self._inspection = inspection
        self.signers: list[Signer] = []
        self._done: set[str] = set()  # who has signed already (inspector id, or the party's role)
        self._sending = False
        self.index = 0
        self._build()
        runner.run(lambda store: _signers(store, inspection), self._signers_read)

    def _signers_read(self, found: tuple[list[Signer], set[str]]) -> None:
        self.signers, self._done = found
        self._show_signer()
        self.ready.emit()

    def _build(self) -> None:
        self.who = QLabel(self)
        self.who.setObjectName("signer")
        font = self.who.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.who.setFont(font)
        self.party_name = QLineEdit(self)
        self.party_name.setPlaceholderText(self.tr("被检查单位负责人（或委托代表）姓名"))
        self.pad = SignaturePad(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.undo_button = QPushButton(self.tr("撤销一笔 (Ctrl+Z)"), self)
        self.undo_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_button.clicked.connect(self.pad.undo_stroke)
        self.clear_button = QPushButton(self.tr("清除"), self)
        self.clear_button.clicked.connect(self.pad.clear)
        self.confirm_button = QPushButton(self.tr("确认签名 (Ctrl+Enter)"), self)
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.confirm)
        self.pad.changed.connect(self._update_buttons)
        self.party_name.textChanged.connect(self._update_buttons)
        self.party_name.returnPressed.connect(self._confirm_if_ready)  # the line edit takes Enter before shortcuts
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(self.party_name)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _show_signer(self) -> None:
        signer = self.signers[self.index]
        again = (signer.signer_id or signer.role) in self._done
        step = self.tr("第 %1 位，共 %2 位").replace("%1", str(self.index + 1)).replace("%2", str(len(self.signers)))
        if signer.role == SignerRole.INSPECTOR:
            text = self.tr("请监督员 %1（执法证号 %2）签名").replace("%1", signer.name)
            text = text.replace("%2", signer.certificate_no or self.tr("未登记"))
        else:
            text = self.tr("请被检查单位负责人签名")
        again_note = self.tr("已签过，可重签")
        self.who.setText("  ·  ".join([text, step, again_note] if again else [text, step]))
        self.party_name.setVisible(signer.role == SignerRole.PARTY)
        self.pad.clear()
        self.message.clear()
        self._update_buttons()
        (self.party_name if signer.role == SignerRole.PARTY else self.pad).setFocus()

    def _update_buttons(self) -> None:
        if not self.signers:  # still being read
            self.confirm_button.setEnabled(False)
            return
        needs_name = self.signers[self.index].role == SignerRole.PARTY and not self.party_name.text().strip()
        self.confirm_button.setEnabled(not self.pad.is_empty() and not needs_name and not self._sending)
        self.undo_button.setEnabled(not self.pad.is_empty())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter confirms from anywhere in the dialog (plain Enter would confirm half-drawn signatures)."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._confirm_if_ready()
            return
        super().keyPressEvent(event)

    def _confirm_if_ready(self) -> None:
        if self.confirm_button.isEnabled():
            self.confirm()

    def confirm(self) -> bool:
        """Send the current signer's signature to be stored; on `signed` the next signer is shown. False (message
        shown) when there is nothing to send yet."""
        if not self.signers or self._sending:
            return False
        signer = self.signers[self.index]
        if signer.role == SignerRole.PARTY:
            signer = Signer(SignerRole.PARTY, self.party_name.text())
        if self.pad.is_empty():
            self.message.setText(self.tr("签名为空，请先签名 / the signature is empty; please sign first"))
            return False
        png, inspection = self.pad.to_png(), self._inspection
        self._sending = True
        self._update_buttons()
        self._runner.run(lambda store: sign(store, inspection, signer, png), self._stored, self._refused)
        return True

    def _refused(self, refused: BaseException) -> None:
        self._sending = False
        self.message.setText(error_text(refused))
        self._update_buttons()

    def _stored(self, stored: Signature) -> None:
        self._sending = False
        self._done.add(stored.signer_id or stored.signer_role)
        self.signed.emit(stored)
        if self.index + 1 < len(self.signers):
            self.index += 1
            self._show_signer()
        else:
            self.accept()

"""亮码: the inspection code shown full screen to the inspected party — QR code, short code, who, where and until when.

查时必亮码. The QR code carries the server's public page for the code (`app.rules.codes.code_url`), where the party
checks it is genuine and later rates the inspection with the evaluation token (评价码) shown here in plain text. The
banner is the store's own gate verdict, so the screen never shows as valid a code the store would refuse; it is
re-checked every half minute, as a code can expire while shown. Everything is read through the runner:
`open_code_display(runner, code_id, on_open)` reads the code and its facts on the database worker, then builds the
window; the re-check runs there too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape

import segno

from app.models.domain import InspectionCode, Inspector, Target
from app.rules.codes import Verdict, code_url
from app.rules.shanghai import SHANGHAI
from app.store import Store, gate
from app.sync.auth import SERVER_URL
from app.ui.qt import (
    QColor,
    QEvent,
    QFont,
    QFrame,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLocale,
    QObject,
    QPainter,
    QPaintEvent,
    QRect,
    QResizeEvent,
    QSizePolicy,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from app.ui.runner import Runner

QUIET_ZONE = 4  # modules of white around the symbol, as the QR standard asks; scanners need it
RECHECK_MS = 30_000
GOOD, BAD, INK, MUTED = "#2e7d32", "#c62828", "#102027", "#607d8b"


class QrView(QWidget):
    """A QR code drawn module by module on whole pixels, centred: sharp at any size, never scaled or blurred."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("code-qr")
        self.qr = segno.make_qr(text, error="m")  # never a Micro QR: phones do not read those
        self._modules = len(self.qr.matrix) + 2 * QUIET_ZONE
        self.setMinimumSize(self._modules * 4, self._modules * 4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def module_px(self) -> int:
        """The side of one module in pixels at the current size."""
        return max(1, min(self.width(), self.height()) // self._modules)

    def symbol_rect(self) -> QRect:
        """Where the symbol with its quiet zone is drawn: a square of whole modules, centred."""
        side = self.module_px() * self._modules
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        px, rect = self.module_px(), self.symbol_rect()
        left, top, side = rect.left(), rect.top(), rect.width()
        painter = QPainter(self)
        painter.fillRect(left, top, side, side, QColor("white"))
        ink = QColor("black")
        for y, row in enumerate(self.qr.matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect(left + (x + QUIET_ZONE) * px, top + (y + QUIET_ZONE) * px, px, px, ink)
        painter.end()


def _label(object_name: str, *, wrap: bool = True) -> QLabel:
    """A label of data: plain text always (a name like `<img src=…>` is shown as written, never rendered)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName(object_name)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _local(value: datetime) -> datetime:
    return value.astimezone(SHANGHAI)  # stored times are aware UTC; the party reads Shanghai time


@dataclass(frozen=True)
class ShownCode:
    """A code with what its screen names (its target, its inspectors) and the gate's verdict, as read together."""

    code: InspectionCode | None
    target: Target | None
    inspectors: dict[str, Inspector]
    verdict: Verdict


def read_code(store: Store, code_id: str) -> ShownCode:
    """On the database worker: the code (None when it is not here), its target and people, and the verdict now."""
    code = store.get(InspectionCode, code_id)
    target = store.get(Target, code.target_id) if code else None
    people = [store.get(Inspector, i) for i in code.inspector_ids] if code else []
    return ShownCode(code, target, {p.id: p for p in people if p is not None}, gate.verdict(store, code))


def open_code_display(runner: Runner, code_id: str, on_open: Callable[[CodeDisplay], None]) -> None:
    """Read the code and the server address on the worker, then build its window and hand it to `on_open`."""

    def read(store: Store) -> tuple[ShownCode, str]:
        return read_code(store, code_id), store.meta(SERVER_URL) or ""

    owner = getattr(on_open, "__self__", None)  # a page asking: nothing opens once it is gone
    runner.run(
        read,
        lambda found: on_open(CodeDisplay(runner, *found)),
        owner=owner if isinstance(owner, QObject) else None,
    )


class CodeDisplay(QWidget):
    """The 亮码 window for one code. Call `show_full_screen()`; F11 leaves or re-enters full screen, Esc closes."""

    def __init__(self, runner: Runner, shown: ShownCode, server_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("code-display")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setStyleSheet("QWidget#code-display { background: white; }")
        self._runner = runner
        self._shown = shown
        self.code = shown.code
        has_page = self.code is not None and bool(server_url.strip())  # the QR leads to the server's page
        self.qr = QrView(code_url(server_url, self.code.short_code)) if has_page else None
        self._build()
        self._fill()
        self.verdict = shown.verdict
        self._show_verdict(self.verdict)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(RECHECK_MS)

    def show_full_screen(self) -> None:
        self.showFullScreen()
        self.activateWindow()

    # --- building ----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        """The verdict across the top, the QR code left, the facts right, the keys at the foot."""
        root = QVBoxLayout(self)
        root.setContentsMargins(40, 24, 40, 16)
        root.setSpacing(16)
        self.banner = _label("code-banner")
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.hint = _label("code-hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight)
        body = QHBoxLayout()
        body.setSpacing(48)
        self.no_qr = _label("code-no-qr")
        self.no_qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.addWidget(self.qr or self.no_qr, 11)
        column = QVBoxLayout()
        column.setSpacing(6)
        body.addLayout(column, 10)
        root.addWidget(self.banner)
        root.addLayout(body, 1)
        root.addWidget(self.hint)
        self.title = _label("code-title")
        self.short_code = _label("code-short", wrap=False)
        self.issuer = _label("code-issuer")
        self.target_caption, self.target = _label("code-caption"), _label("code-target")
        self.credit_code = _label("code-credit")
        self.inspectors_caption, self.inspectors = _label("code-caption"), _label("code-inspectors")
        self.validity_caption, self.validity = _label("code-caption"), _label("code-validity")
        self.evaluation_caption, self.evaluation = _label("code-caption"), _label("code-evaluation", wrap=False)
        self.evaluation.setTextFormat(Qt.TextFormat.PlainText)  # the server's text, shown as it is
        column.addStretch(1)
        for widget in (self.title, self.short_code, self.issuer, _rule(), self.target_caption, self.target):
            column.addWidget(widget)
        column.addWidget(self.credit_code)
        for caption, facts in (
            (self.inspectors_caption, self.inspectors),
            (self.validity_caption, self.validity),
            (self.evaluation_caption, self.evaluation),
        ):
            column.addSpacing(14)
            column.addWidget(caption)
            column.addWidget(facts)
        column.addStretch(1)

    def _fill(self) -> None:
        """The code's facts, looked up once: they are signed and do not change while shown."""
        self.setWindowTitle(self.tr("亮码"))
        self.title.setText(self.tr("检查码"))
        self.target_caption.setText(self.tr("检查对象"))
        self.inspectors_caption.setText(self.tr("检查人员（执法证号）"))
        self.validity_caption.setText(self.tr("有效期（北京时间）"))
        self.evaluation_caption.setText(self.tr("评价码（检查结束后，被检查单位凭此码在扫码页面评价）"))
        keys = self.tr("F11 全屏/退出全屏 · Esc 关闭")
        self.hint.setText(f"{self.tr('请用手机扫码核验真伪')} · {keys}" if self.qr else keys)
        if self.code is None:
            self.short_code.setText("—")
            return
        self.no_qr.setText(self.tr("本机未登记服务器地址，无法生成二维码；请出示检查码，登录一次后即可显示二维码"))
        code = self.code
        self.short_code.setText(code.short_code)
        self.issuer.setText(code.issuer)
        target = self._shown.target
        self.target.setText(target.name if target else self.tr("（检查对象未同步）"))
        self.credit_code.setText(self.tr("统一社会信用代码 %1").replace("%1", code.target_credit_code))
        self.inspectors.setText("\n".join(self._inspector_line(i) for i in code.inspector_ids))
        start, end = _local(code.valid_from), _local(code.valid_until)
        end_text = end.strftime("%H:%M") if end.date() == start.date() else end.strftime("%Y-%m-%d %H:%M")
        self.validity.setText(f"{start:%Y-%m-%d %H:%M} – {end_text}")
        self.evaluation.setText(code.evaluation_token or self.tr("（此检查码无评价码）"))

    def _inspector_line(self, inspector_id: str) -> str:
        inspector = self._shown.inspectors.get(inspector_id)
        if inspector is None:
            return self.tr("%1（人员信息未同步）").replace("%1", inspector_id)
        certificate = inspector.certificate_no or self.tr("无执法证号")
        return f"{inspector.name}　{certificate}"

    # --- the verdict ---------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Judge the code again with the store's gate (on the runner's worker) and show the outcome in the banner."""
        code = self.code
        self._runner.run(lambda store: gate.verdict(store, code), self._judged, key=f"code-verdict-{id(self)}")

    def _judged(self, verdict: Verdict) -> None:
        self.verdict = verdict
        self._show_verdict(verdict)

    def _show_verdict(self, verdict: Verdict) -> None:
        if verdict.ok:
            text = escape(self.tr("✔ 检查码有效（已在本机核验签名、有效期和检查人员）"))
            style = f"background: #e8f5e9; color: {GOOD}; border: 2px solid {GOOD};"
        else:  # why in bold, then what to do: the verdict's two clauses
            english = QLocale().language() == QLocale.Language.English
            why, _, todo = (verdict.en if english else verdict.zh).partition("; " if english else "；")
            text = f"✖ {escape(why)}<br><span style='font-weight: normal;'>{escape(todo)}</span>"
            style = f"background: {BAD}; color: white;"
        self.banner.setText(text)
        self.banner.setStyleSheet(f"QLabel {{ {style} border-radius: 10px; padding: 12px 18px; font-weight: 600; }}")
        self.banner.setProperty("valid", verdict.ok)

    # --- size and keys -------------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Type scales with the window, so the short code reads from across a counter at any screen size."""
        unit = max(12, min(self.height() // 36, self.width() // 62))
        sizes = {
            self.short_code: (unit * 4, QFont.Weight.Bold, INK),
            self.title: (unit, QFont.Weight.DemiBold, MUTED),
            self.issuer: (unit, QFont.Weight.Normal, MUTED),
            self.target: (round(unit * 1.8), QFont.Weight.Bold, INK),
            self.credit_code: (unit, QFont.Weight.Normal, MUTED),
            self.inspectors: (round(unit * 1.3), QFont.Weight.Normal, INK),
            self.validity: (round(unit * 1.3), QFont.Weight.Normal, INK),
            self.evaluation: (round(unit * 1.6), QFont.Weight.Bold, INK),
            self.banner: (round(unit * 1.2), QFont.Weight.DemiBold, None),
            self.hint: (round(unit * 0.8), QFont.Weight.Normal, MUTED),
            self.no_qr: (unit, QFont.Weight.Normal, MUTED),
        }
        for caption in (self.target_caption, self.inspectors_caption, self.validity_caption, self.evaluation_caption):
            sizes[caption] = (unit, QFont.Weight.Normal, MUTED)
        for label, (pixels, weight, colour) in sizes.items():
            font = QFont(self.font())
            font.setPixelSize(pixels)
            font.setWeight(weight)
            if label in (self.short_code, self.evaluation):
                font.setFamilies(["DejaVu Sans Mono", "Consolas", "Menlo", *font.families()])
                font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
            label.setFont(font)
            if colour:
                label.setStyleSheet(f"color: {colour};")
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._fill()
            self._show_verdict(self.verdict)  # the same verdict in the new language
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        elif event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setStyleSheet("color: #cfd8dc;")
    return line

"""Filing a grading signal for a target from its profile (issue 16): a complaint found true, a completed credit repair,
bad-practice points, the hygiene rating, a licence status, … with where it comes from.

The filing goes through the same route as the server's `file-signal` command (app.sync.signals, on the runner's
network worker); only an admin of the target's district may file, and the server says why when it refuses. The server
re-grades the target at once; `filed` tells the moves, and the main window syncs so the profile shows the new grade."""

from __future__ import annotations

from app.models.limits import clean
from app.sync.signals import COUNT_SIGNALS, LICENCE_SIGNAL, LICENCE_STATES, NOTE_MAX, SCORE_SIGNAL, SignalClient
from app.ui.i18n import bilingual_part, error_text
from app.ui.qt import (
    QT_TRANSLATE_NOOP,
    QCheckBox,
    QComboBox,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner

# The same source strings and context as the profile's explanation (app/ui/target_profile.py): one translation.
SIGNAL_NAMES = {
    "complaints_substantiated": QT_TRANSLATE_NOOP("Grading", "查实的投诉举报"),
    "credit_repairs": QT_TRANSLATE_NOOP("Grading", "已完成信用修复"),
    "bad_practice_points": QT_TRANSLATE_NOOP("Grading", "不良执业行为记分"),
    "penalties_minor": QT_TRANSLATE_NOOP("Grading", "轻微处罚（警告等）"),
    "penalties_serious": QT_TRANSLATE_NOOP("Grading", "较重处罚（罚款及以上）"),
    "findings": QT_TRANSLATE_NOOP("Grading", "既往检查发现问题"),
    "open_correction_orders": QT_TRANSLATE_NOOP("Grading", "未复查的责令改正"),
    "hygiene_score": QT_TRANSLATE_NOOP("Grading", "量化分级评价得分"),
    "licence": QT_TRANSLATE_NOOP("Grading", "许可证状态"),
}
LICENCE_NAMES = {
    "valid": QT_TRANSLATE_NOOP("Grading", "有效"),
    "expiring": QT_TRANSLATE_NOOP("Grading", "即将到期"),
    "expired": QT_TRANSLATE_NOOP("Grading", "已过期"),
    "missing": QT_TRANSLATE_NOOP("Grading", "缺失"),
}


def _grading(text: str) -> str:
    return QCoreApplication.translate("Grading", text)


class GradingSignalDialog(QDialog):
    """One signal for one target: which, its value, its source; filed on the network worker."""

    filed = Signal(list)  # the GradeMoves the filing made (empty: the grade stayed as it was)
    refused = Signal(str)  # why nothing was filed, in the interface language

    def __init__(
        self,
        runner: Runner,
        client: SignalClient | None,
        target_id: str,
        target_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记分级信号"))
        self.resize(520, 240)
        self._runner = runner
        self._client = client
        self._target_id = target_id
        heading = QLabel(self.tr("为 %1 登记信用或风险信号；服务器随即重新分级，同步后画像显示新的等级。"), self)
        heading.setText(heading.text().replace("%1", target_name))
        heading.setWordWrap(True)
        self.signal = QComboBox(self)
        for name, label in SIGNAL_NAMES.items():
            self.signal.addItem(_grading(label), name)
        self.count = QSpinBox(self)
        self.count.setRange(0, 1000)
        score = QWidget(self)
        self.score = QSpinBox(score)
        self.score.setRange(0, 100)
        self.unrated = QCheckBox(self.tr("未评级"), score)
        self.unrated.toggled.connect(lambda on: self.score.setEnabled(not on))
        row = QHBoxLayout(score)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.score)
        row.addWidget(self.unrated)
        row.addStretch(1)
        self.licence = QComboBox(self)
        for state in LICENCE_STATES:
            self.licence.addItem(_grading(LICENCE_NAMES[state]), state)
        self.value = QStackedWidget(self)
        for widget in (self.count, score, self.licence):
            self.value.addWidget(widget)
        self.value.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.value.setFixedHeight(self.licence.sizeHint().height())
        self.signal.currentIndexChanged.connect(self._signal_changed)
        self.note = QLineEdit(self)
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText(self.tr("来源，如：信用平台、许可部门、投诉处理结果"))
        self.file_button = QPushButton(self.tr("登记"), self)
        self.file_button.clicked.connect(self.file)
        form = QFormLayout()
        form.addRow(self.tr("信号"), self.signal)
        form.addRow(self.tr("数值"), self.value)
        form.addRow(self.tr("来源"), self.note)
        form.addRow("", self.file_button)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if client is None:
            self.file_button.setEnabled(False)
            self.message.setText(self.tr("未连接服务器：分级信号须在线登记"))

    @property
    def busy(self) -> bool:
        return self._runner.working(self)

    def choose(self, name: str) -> None:
        self.signal.setCurrentIndex(self.signal.findData(name))

    def _signal_changed(self) -> None:
        name = self.signal.currentData()
        self.value.setCurrentIndex(0 if name in COUNT_SIGNALS else 1 if name == SCORE_SIGNAL else 2)

    def signal_value(self) -> int | str | None:
        """The value as filed: a count, a score (None: not rated), or a licence status."""
        name = self.signal.currentData()
        if name == SCORE_SIGNAL:
            return None if self.unrated.isChecked() else self.score.value()
        if name == LICENCE_SIGNAL:
            return self.licence.currentData()
        return self.count.value()

    def file(self) -> bool:
        """File the signal on the network worker; whether it was sent (a NUL in the source is refused here)."""
        client, target_id = self._client, self._target_id
        if client is None or self.busy:
            return False
        name, value, note = self.signal.currentData(), self.signal_value(), self.note.text().strip()
        try:
            clean(note)
        except ValueError as exc:
            self._refused(bilingual_part(str(exc)))
            return False
        self.file_button.setEnabled(False)
        self._runner.run_network(
            lambda: client.file_signal(target_id, name, value, note), self._filed, self._refused, owner=self
        )
        return True

    def _filed(self, moves: list) -> None:
        self.file_button.setEnabled(True)
        self.message.setStyleSheet("")
        if not moves:
            self.message.setText(self.tr("已登记；等级与得分未变"))
        else:
            move = moves[0]
            text = (
                self.tr("已登记；等级 %1 → %2（%3 分），同步后画像更新")
                .replace("%1", move.before or "—")
                .replace("%2", move.after)
                .replace("%3", str(move.score))
            )
            why = [bilingual_part(m) for m in move.moved[:3]]
            self.message.setText("\n".join([text, *why]))
        self.note.clear()
        self.filed.emit(list(moves))

    def _refused(self, error: BaseException | str) -> None:
        self.file_button.setEnabled(self._client is not None)
        text = error if isinstance(error, str) else error_text(error)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)
        self.refused.emit(text)

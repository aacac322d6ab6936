"""The target profile pane (画像): identity, licences, grade with its reasons, do-not-disturb, tasks, open correction
orders, complaints, penalties and the inspection history (the newest HISTORY_SHOWN at first, all on request)."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any

from app.models.domain import Inspector, Licence
from app.models.enums import Role
from app.rules.shanghai import SHANGHAI
from app.store import Store
from app.store.errors import RecordNotFoundError
from app.sync.signals import SignalClient
from app.ui.grade_badge import grade_badge_css
from app.ui.grading_signal_dialog import GradingSignalDialog
from app.ui.i18n import current_language
from app.ui.labels import industry_label, inspection_status_label, result_label, task_category_label, task_status_label
from app.ui.planning.visit_decision_dialog import VisitDecisionDialog
from app.ui.qt import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner

MUTED = "#607d8b"
BAD = "#c62828"
WARN = "#e65100"
LICENCE_WARNING_DAYS = 90  # a licence expiring within this many days is marked (the grading's "expiring")
HISTORY_SHOWN = 20  # a target may have hundreds of past inspections: the newest first, the rest on request
SHOW_ALL = "show-all"


def _rich_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _chip(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    return label


def _profile_of(store: Store, target_id: str) -> dict[str, Any] | None:
    """On the database worker: the profile, or None when the target is gone."""
    try:
        return store.target_profile(target_id)
    except RecordNotFoundError:
        return None


class TargetProfileView(QStackedWidget):
    """Shows one target's profile (read through the runner), or a hint when none is selected."""

    shown = Signal(object)  # the target id whose profile is now on screen, or None
    signal_filed = Signal(list)  # a grading signal was filed (the grade moves): the main window syncs

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("target-profile")
        self._runner = runner
        self._key = f"target-profile-{id(self)}"
        self.target_id: str | None = None
        self._profile: dict[str, Any] | None = None
        self._all_history = False
        self._user: Inspector | None = None
        self._signal_client: SignalClient | None = None
        self.visit_dialog: VisitDecisionDialog | None = None  # the last one opened from here
        self.signal_dialog: GradingSignalDialog | None = None

        self.placeholder = QLabel()
        self.placeholder.setObjectName("profile-placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.addWidget(self.placeholder)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._build_content())
        self.addWidget(scroll)
        self.content = scroll
        self._render()

    def _build_content(self) -> QWidget:
        page = QWidget()
        page.setObjectName("profile-page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(10)

        self.name_label = _rich_label("profile-name")
        layout.addWidget(self.name_label)
        chips = QHBoxLayout()
        chips.setSpacing(8)
        self.grade_chip = _chip("grade-badge")
        self.dnd_chip = _chip("dnd-chip")
        self.industry_chip = _chip("industry-chip")
        for chip in (self.grade_chip, self.dnd_chip, self.industry_chip):
            chips.addWidget(chip)
        chips.addStretch(1)
        layout.addLayout(chips)
        actions = QHBoxLayout()  # a lead's and an admin's actions on the target (issue 16)
        actions.setSpacing(8)
        self.visit_button = QPushButton()
        self.visit_button.setObjectName("profile-visit-decisions")
        self.visit_button.clicked.connect(self.open_visit_decisions)
        self.signal_button = QPushButton()
        self.signal_button.setObjectName("profile-file-signal")
        self.signal_button.clicked.connect(self.open_signal_dialog)
        for button in (self.visit_button, self.signal_button):
            actions.addWidget(button)
            button.setVisible(False)
        actions.addStretch(1)
        layout.addLayout(actions)

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.code_caption, self.code_value = QLabel(), _rich_label("profile-credit-code")
        self.address_caption, self.address_value = QLabel(), _rich_label("profile-address")
        self.street_caption, self.street_value = QLabel(), _rich_label("profile-street")
        for caption, value in (
            (self.code_caption, self.code_value),
            (self.address_caption, self.address_value),
            (self.street_caption, self.street_value),
        ):
            caption.setObjectName("field-caption")
            form.addRow(caption, value)
        layout.addLayout(form)

        self.licences_title, self.licences_body = self._section(layout, "profile-licences")
        self.grade_title, self.grade_body = self._section(layout, "profile-grade-reasons")
        self.grade_history_title, self.grade_history_body = self._section(layout, "profile-grade-history")
        self.tasks_title, self.tasks_body = self._section(layout, "profile-tasks")  # the work at hand before history
        self.orders_title, self.orders_body = self._section(layout, "profile-orders")
        self.complaints_title, self.complaints_body = self._section(layout, "profile-complaints")
        self.penalties_title, self.penalties_body = self._section(layout, "profile-penalties")
        self.history_title, self.history_body = self._section(layout, "profile-history")
        self.history_body.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.history_body.linkActivated.connect(self._show_all_history)
        layout.addStretch(1)
        return page

    @staticmethod
    def _section(layout: QVBoxLayout, object_name: str) -> tuple[QLabel, QLabel]:
        title = QLabel()
        title.setObjectName("section-title")
        body = _rich_label(object_name)
        layout.addSpacing(6)
        layout.addWidget(title)
        layout.addWidget(body)
        return title, body

    # --- a lead's and an admin's actions ------------------------------------------------------------------------

    def set_user(self, user: Inspector | None, signal_client: SignalClient | None = None) -> None:
        """Who is signed in: a team lead or an admin decides visits (无事不扰, an override reason); an admin files
        grading signals through `signal_client` (the server refuses anyone else)."""
        self._user, self._signal_client = user, signal_client
        self._render_actions()

    def _render_actions(self) -> None:
        role = self._user.role if self._user is not None else None
        shown = self._profile is not None
        self.visit_button.setText(self.tr("检查频次与无事不扰…"))
        self.signal_button.setText(self.tr("登记分级信号…"))
        self.signal_button.setToolTip(self.tr("如查实的投诉举报、已完成的信用修复；由服务器重新分级"))
        self.visit_button.setVisible(shown and role in (Role.TEAM_LEAD, Role.ADMIN))
        self.signal_button.setVisible(shown and role == Role.ADMIN)

    def open_visit_decisions(self) -> VisitDecisionDialog | None:
        """The shown target's visit decisions (无事不扰 with a reason and an end date, a task's override reason)."""
        if self.target_id is None or self._profile is None:
            return None
        self.visit_dialog = VisitDecisionDialog(self._runner, self.target_id, None, self)
        self.visit_dialog.decided.connect(lambda _target: self.reload())
        self.visit_dialog.allowed.connect(lambda _task: self.reload())
        self.visit_dialog.show()
        return self.visit_dialog

    def open_signal_dialog(self) -> GradingSignalDialog | None:
        """File a grading signal for the shown target (an admin's, through the server's route)."""
        if self.target_id is None or self._profile is None:
            return None
        name = self._profile["name"]
        self.signal_dialog = GradingSignalDialog(self._runner, self._signal_client, self.target_id, name, self)
        self.signal_dialog.filed.connect(self.signal_filed.emit)
        self.signal_dialog.show()
        return self.signal_dialog

    # --- showing ------------------------------------------------------------------------------------------------

    def show_target(self, target_id: str | None) -> None:
        """Show `target_id`'s profile once the worker has read it (the previous one stays until then)."""
        self.target_id = target_id
        self._all_history = False
        if target_id is None:
            self._runner.cancel(self._key)
            self._show(None)
            return
        self._runner.run(lambda store: _profile_of(store, target_id), self._show, key=self._key)

    def reload(self) -> None:
        """Read the shown target's profile again (after a write or a pull changed it), keeping the history open."""
        target_id = self.target_id
        if target_id is not None:
            self._runner.run(lambda store: _profile_of(store, target_id), self._show, key=self._key)

    @property
    def loading(self) -> bool:
        return self._runner.busy(self._key)

    def _show(self, profile: dict[str, Any] | None) -> None:
        self._profile = profile
        if profile is None:
            self.target_id = None
        self._render()
        self.shown.emit(self.target_id)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def _render(self) -> None:
        self.placeholder.setText(self.tr("选择左侧列表中的检查对象\n即可查看它的画像"))
        profile = self._profile
        self._render_actions()
        if profile is None:
            self.setCurrentWidget(self.placeholder)
            return
        self.name_label.setText(f"<span style='font-size:17pt; font-weight:600'>{escape(profile['name'])}</span>")
        self.grade_chip.setText(self.tr("%1 级").replace("%1", profile["grade"]))
        self.grade_chip.setStyleSheet(grade_badge_css(profile["grade"]))
        self.dnd_chip.setText(self.tr("无事不扰"))
        self.dnd_chip.setVisible(bool(profile["do_not_disturb"]))
        self.industry_chip.setText(industry_label(profile["industry"]))
        self.code_caption.setText(self.tr("统一社会信用代码"))
        self.code_value.setText(f"<span style='font-family:monospace'>{escape(profile['credit_code'])}</span>")
        self.address_caption.setText(self.tr("地址"))
        self.address_value.setText(escape(profile["address"]))
        self.street_caption.setText(self.tr("街道"))
        self.street_value.setText(escape(profile["street"]))
        self._render_licences(profile["licences"])
        self._render_grade(profile)
        self._render_grade_history(profile.get("grade_history") or [])
        self._render_history(profile["inspections"])
        self._render_tasks(profile["tasks"])
        self._render_orders(profile.get("open_orders", []))
        self._render_complaints(profile.get("complaints", []))
        self._render_penalties(profile.get("penalties", []))
        self.setCurrentWidget(self.content)

    def _render_licences(self, licences: list[Any]) -> None:
        """Each licence's kind and number, and its expiry marked when it has passed or is near (issue 15)."""
        self.licences_title.setText(self.tr("许可证"))
        if not licences:
            self.licences_body.setText(_muted(self.tr("没有许可证记录")))
            return
        parts = []
        for licence in licences:
            item = licence if isinstance(licence, Licence) else Licence.model_validate(licence)
            head = escape(" ".join(p for p in (item.kind, item.number or "") if p))
            parts.append(f"• {head}{self._expiry(item)}")
        self.licences_body.setText("<br/>".join(parts))

    def _expiry(self, licence: Licence) -> str:
        if licence.expires_on is None:
            return ""
        day = licence.expires_on.isoformat()
        left = (licence.expires_on - date.today()).days
        if left < 0:
            text = self.tr("已于 %1 过期").replace("%1", day)
            return f" <span style='color:{BAD}'>{escape(text)}</span>"
        if left <= LICENCE_WARNING_DAYS:
            text = self.tr("有效期至 %1（%2 天后到期）").replace("%1", day).replace("%2", str(left))
            return f" <span style='color:{WARN}'>{escape(text)}</span>"
        return " " + escape(self.tr("有效期至 %1").replace("%1", day))

    def _render_grade(self, profile: dict[str, Any]) -> None:
        """The grade, its score and configuration version, the explanation (each signal, its value, its points,
        adding up to the score) and the 无事不扰 exemption with its reason and end date."""
        grade, score, version = profile["grade"], profile.get("grade_score"), profile.get("grade_version")
        if score is None:
            self.grade_title.setText(self.tr("信用风险分级：%1 级").replace("%1", grade))
        else:
            self.grade_title.setText(
                self.tr("信用风险分级：%1 级（%2 分，分级配置 %3）")
                .replace("%1", grade)
                .replace("%2", str(score))
                .replace("%3", version or "")
            )
        lines = profile.get("grade_explanation") or []
        if lines:
            parts = [_explanation_table(lines, score, self.tr("合计"))]
            if profile.get("graded_at"):
                parts.append(_muted(self.tr("评定于 %1").replace("%1", _local_day(profile["graded_at"]))))
        else:
            reasons = profile["grade_reasons"]
            parts = [_bullets(reasons) if reasons else _muted(self.tr("没有记录分级依据"))]
        if profile["do_not_disturb"]:
            why = profile.get("do_not_disturb_reason")
            until = profile.get("do_not_disturb_until")
            text = self.tr("已列入无事不扰清单：除投诉举报、复查和负责人说明理由的任务外，不安排日常现场检查。")
            if why:
                text += " " + self.tr("理由：%1").replace("%1", bilingual_part(why))
            if until:
                text += " " + self.tr("截止 %1").replace("%1", until)
            parts.append(_muted(text))
        self.grade_body.setText("<br/>".join(parts))

    def _render_grade_history(self, steps: list[dict[str, Any]]) -> None:
        """Each step of the grade, newest first: when, the grade and score, the configuration, and why it moved."""
        self.grade_history_title.setText(self.tr("分级历史（%1）").replace("%1", str(len(steps))))
        if not steps:
            self.grade_history_body.setText(_muted(self.tr("尚无分级记录")))
            return
        html = []
        for step in steps:
            score = self.tr("%1 分").replace("%1", str(step["score"]))
            config = self.tr("配置 %1").replace("%1", step["config_version"])
            head = (
                f"<b>{escape(_local_day(step['graded_at']))}</b>&nbsp;&nbsp;"
                f"<span style='{grade_badge_css(step['grade'])}'>&nbsp;{escape(step['grade'])}&nbsp;</span>&nbsp;&nbsp;"
                f"{escape(score)}&nbsp;&nbsp;{_muted(config)}&nbsp;&nbsp;"
                f"{_muted(_reason_label(step.get('reason', '')))}"
            )
            moved = "".join(f"<br/>↳ {escape(bilingual_part(m))}" for m in step.get("moved") or [])
            html.append(f"<p style='margin-bottom:8px'>{head}{moved}</p>")
        self.grade_history_body.setText("".join(html))

    def _render_history(self, inspections: list[dict[str, Any]]) -> None:
        self.history_title.setText(self.tr("检查历史（%1）").replace("%1", str(len(inspections))))
        if not inspections:
            self.history_body.setText(_muted(self.tr("尚无检查记录")))
            return
        shown = inspections if self._all_history else inspections[:HISTORY_SHOWN]
        html = "".join(self._inspection_html(i) for i in shown)
        if len(shown) < len(inspections):
            more = self.tr("显示全部 %1 次检查").replace("%1", str(len(inspections)))
            html += f"<p><a href='{SHOW_ALL}'>{escape(more)}</a></p>"
        self.history_body.setText(html)

    def _show_all_history(self, link: str) -> None:
        if link == SHOW_ALL and self._profile is not None:
            self._all_history = True
            self._render_history(self._profile["inspections"])

    def _render_orders(self, orders: list[dict[str, Any]]) -> None:
        self.orders_title.setText(self.tr("未完成的责令改正（%1）").replace("%1", str(len(orders))))
        if not orders:
            self.orders_body.setText(_muted(self.tr("没有未完成的责令改正")))
            return
        parts = []
        for order in orders:
            head = self.tr("改正期限 %1").replace("%1", order["deadline"])
            items = "<br/>".join(f"• {escape(item)}" for item in order["items"])
            parts.append(
                f"<p style='margin-bottom:8px'><b style='color:{BAD}'>{escape(head)}</b>"
                f"<br/>{escape(order['requirements'])}<br/>{items}</p>"
            )
        self.orders_body.setText("".join(parts))

    def _render_complaints(self, complaints: list[dict[str, Any]]) -> None:
        self.complaints_title.setText(self.tr("投诉举报（%1）").replace("%1", str(len(complaints))))
        if not complaints:
            self.complaints_body.setText(_muted(self.tr("没有投诉举报记录")))
            return
        self.complaints_body.setText("".join(self._complaint(c) for c in complaints))

    def _complaint(self, c: dict[str, Any]) -> str:
        """A complaint with where its answer stands: due by, overdue, or closed with its reply (issue 15)."""
        due = c.get("reply_due_on")
        if c["status"] == "closed":
            state = self.tr("已办结")
            if c.get("replied_on"):
                state += self.tr("，%1 答复").replace("%1", c["replied_on"])
        elif due and date.fromisoformat(due) < date.today():
            state = f"<span style='color:{BAD}'>" + escape(self.tr("逾期未答复（答复期限 %1）").replace("%1", due))
            state += "</span>"
            return self._complaint_html(c, state)
        else:
            state = self.tr("待处理") + (self.tr("，%1 前答复").replace("%1", due) if due else "")
        return self._complaint_html(c, escape(state))

    @staticmethod
    def _complaint_html(c: dict[str, Any], state: str) -> str:
        reply = f"<br/><i>{escape(c['reply'])}</i>" if c.get("reply") else ""
        return (
            f"<p style='margin-bottom:8px'><b>{escape(c['received_on'])}</b>&nbsp;&nbsp;{state}"
            f"<br/>{escape(c['summary'])}{reply}</p>"
        )

    def _render_penalties(self, penalties: list[dict[str, Any]]) -> None:
        self.penalties_title.setText(self.tr("行政处罚（%1）").replace("%1", str(len(penalties))))
        if not penalties:
            self.penalties_body.setText(_muted(self.tr("没有行政处罚记录")))
            return
        parts = []
        for penalty in penalties:
            published = (
                self.tr("已公示 %1").replace("%1", penalty["published_on"])
                if penalty["published_on"]
                else self.tr("未公示")
            )
            parts.append(
                f"<p style='margin-bottom:8px'><b>{escape(penalty['decided_on'])}</b>&nbsp;&nbsp;"
                f"{escape(penalty['decision_no'])}&nbsp;&nbsp;{_muted(published)}<br/>{escape(penalty['summary'])}</p>"
            )
        self.penalties_body.setText("".join(parts))

    def _inspection_html(self, inspection: dict[str, Any]) -> str:
        counts = inspection["counts"]
        head = (
            f"<b>{escape(inspection['date'])}</b>&nbsp;&nbsp;{escape(inspection_status_label(inspection['status']))}"
            f"&nbsp;&nbsp;<span style='color:{MUTED}'>{escape('、'.join(inspection['inspectors']))}</span>"
        )
        tally = " · ".join(
            f"{escape(result_label(key))} {counts.get(key, 0)}"
            for key in ("compliant", "non_compliant", "not_applicable")
        )
        lines = [head, f"<span style='color:{MUTED}'>{tally}</span>"]
        if inspection["findings"]:
            lines.append(escape(inspection["findings"]))
        for item in inspection["non_compliant"]:
            title = escape(" ".join(part for part in (item["code"], item["title"]) if part) or item["item_id"])
            basis = f"<br/>{_muted(item['legal_basis'])}" if item["legal_basis"] else ""
            note = f"：{escape(item['note'])}" if item["note"] else ""
            lines.append(f"<span style='color:{BAD}'>✗ {title}{note}</span>{basis}")
        return f"<p style='margin-bottom:10px'>{'<br/>'.join(lines)}</p>"

    def _render_tasks(self, tasks: list[dict[str, Any]]) -> None:
        self.tasks_title.setText(self.tr("任务（%1）").replace("%1", str(len(tasks))))
        if not tasks:
            self.tasks_body.setText(_muted(self.tr("没有任务")))
            return
        self.tasks_body.setText("".join(self._task_html(t) for t in tasks))

    def _task_html(self, task: dict[str, Any]) -> str:
        head = (
            f"<b>{escape(task_category_label(task['category']))}</b>&nbsp;&nbsp;"
            f"{escape(task_status_label(task['status']))}"
        )
        lines = [head]
        if task.get("plan_name"):
            lines.append(_muted(f"{task['plan_no'] or ''} {task['plan_name']}".strip()))
        dates = []
        if task.get("scheduled_on"):
            dates.append(self.tr("计划 %1").replace("%1", task["scheduled_on"]))
        if task.get("due_on"):
            dates.append(self.tr("截止 %1").replace("%1", task["due_on"]))
        if task["inspectors"]:
            dates.append("、".join(task["inspectors"]))
        if dates:
            lines.append(escape(" · ".join(dates)))
        if task.get("close_reason"):
            lines.append(escape(self.tr("关闭原因：%1").replace("%1", task["close_reason"])))
        return f"<p style='margin-bottom:10px'>{'<br/>'.join(lines)}</p>"


GRADE_SIGNALS = {
    "base": QT_TRANSLATE_NOOP("Grading", "基础分"),
    "industry": QT_TRANSLATE_NOOP("Grading", "行业风险"),
    "penalties_minor": QT_TRANSLATE_NOOP("Grading", "轻微处罚（警告等）"),
    "penalties_serious": QT_TRANSLATE_NOOP("Grading", "较重处罚（罚款及以上）"),
    "credit_repairs": QT_TRANSLATE_NOOP("Grading", "已完成信用修复"),
    "bad_practice_points": QT_TRANSLATE_NOOP("Grading", "不良执业行为记分"),
    "hygiene_score": QT_TRANSLATE_NOOP("Grading", "量化分级评价得分"),
    "complaints_substantiated": QT_TRANSLATE_NOOP("Grading", "查实的投诉举报"),
    "findings": QT_TRANSLATE_NOOP("Grading", "既往检查发现问题"),
    "open_correction_orders": QT_TRANSLATE_NOOP("Grading", "未复查的责令改正"),
    "licence": QT_TRANSLATE_NOOP("Grading", "许可证状态"),
}
GRADE_REASONS = {
    "signals": QT_TRANSLATE_NOOP("Grading", "信号变化"),
    "on_demand": QT_TRANSLATE_NOOP("Grading", "定期或按需评定"),
    "config": QT_TRANSLATE_NOOP("Grading", "分级配置变更"),
}
LICENCE_VALUES = {
    "valid": QT_TRANSLATE_NOOP("Grading", "有效"),
    "expiring": QT_TRANSLATE_NOOP("Grading", "即将到期"),
    "expired": QT_TRANSLATE_NOOP("Grading", "已过期"),
    "missing": QT_TRANSLATE_NOOP("Grading", "缺失"),
}
GOOD = "#2e7d32"


def _grading(text: str) -> str:
    return QCoreApplication.translate("Grading", text)


def _reason_label(reason: str) -> str:
    return _grading(GRADE_REASONS[reason]) if reason in GRADE_REASONS else reason


def _value_text(signal: str, value: Any) -> str:
    if value is None:
        return "—"
    if signal == "industry":
        return industry_label(value)
    if signal == "licence":
        return _grading(LICENCE_VALUES.get(value, value))
    return str(value)


def _explanation_table(lines: list[dict[str, Any]], score: int | None, total: str) -> str:
    """The explanation as a table: the base, then every signal that moved the score, then the sum."""
    rows = []
    for line in lines:
        points = int(line["points"])
        if line["signal"] != "base" and not points:
            continue
        colour = BAD if points < 0 else (GOOD if line["signal"] != "base" else "inherit")
        label = _grading(GRADE_SIGNALS.get(line["signal"], line["signal"]))
        value = _value_text(line["signal"], line.get("value"))
        if line.get("note"):  # a penalty line: which severity rules decided (the server's words, in our language)
            note = bilingual_part(line["note"])
            value = f"{value} ({note})" if current_language() == "en" else f"{value}（{note}）"
        rows.append(
            f"<tr><td>{escape(label)}</td><td style='padding-left:12px; color:{MUTED}'>"
            f"{escape(value)}</td>"
            f"<td align='right' style='padding-left:16px; color:{colour}'>{points:+d}</td></tr>"
        )
    rows.append(
        f"<tr><td><b>{escape(total)}</b></td><td></td><td align='right' style='padding-left:16px'>"
        f"<b>{'' if score is None else score}</b></td></tr>"
    )
    return f"<table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>"


def _local_day(instant: str) -> str:
    """An ISO instant as the Shanghai day it fell on."""
    try:
        return datetime.fromisoformat(instant.replace("Z", "+00:00")).astimezone(SHANGHAI).date().isoformat()
    except ValueError:
        return instant[:10]


def bilingual_part(text: str) -> str:
    """The interface language's half of a server's '中文 / English' text (the whole text when it has no halves)."""
    zh, sep, en = text.partition(" / ")
    if not sep:
        return text
    return en if current_language() == "en" else zh


def _bullets(items: list[str]) -> str:
    return "".join(f"• {escape(item)}<br/>" for item in items)


def _muted(text: str) -> str:
    return f"<span style='color:{MUTED}'>{escape(text)}</span>"

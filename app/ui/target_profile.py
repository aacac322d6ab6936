"""The target profile pane (画像): identity, licences, grade with its reasons, do-not-disturb, tasks, open correction
orders, complaints, penalties and the inspection history (the newest HISTORY_SHOWN at first, all on request)."""

from __future__ import annotations

from html import escape
from typing import Any

from app.store import Store
from app.store.errors import RecordNotFoundError
from app.ui.grade_badge import grade_badge_css
from app.ui.labels import industry_label, inspection_status_label, result_label, task_category_label, task_status_label
from app.ui.qt import (
    QEvent,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
)

MUTED = "#607d8b"
BAD = "#c62828"
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


class TargetProfileView(QStackedWidget):
    """Shows one target's profile, or a hint when none is selected."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("target-profile")
        self._store = store
        self.target_id: str | None = None
        self._profile: dict[str, Any] | None = None
        self._all_history = False

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

    # --- showing ------------------------------------------------------------------------------------------------

    def show_target(self, target_id: str | None) -> None:
        self.target_id = target_id
        self._profile = None
        self._all_history = False
        if target_id is not None:
            try:
                self._profile = self._store.target_profile(target_id)
            except RecordNotFoundError:
                self.target_id = None
        self._render()

    def reload(self) -> None:
        self.show_target(self.target_id)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def _render(self) -> None:
        self.placeholder.setText(self.tr("选择左侧列表中的检查对象\n即可查看它的画像"))
        profile = self._profile
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
        self._render_grade(profile["grade"], profile["grade_reasons"], bool(profile["do_not_disturb"]))
        self._render_history(profile["inspections"])
        self._render_tasks(profile["tasks"])
        self._render_orders(profile.get("open_orders", []))
        self._render_complaints(profile.get("complaints", []))
        self._render_penalties(profile.get("penalties", []))
        self.setCurrentWidget(self.content)

    def _render_licences(self, licences: list[str]) -> None:
        self.licences_title.setText(self.tr("许可证"))
        self.licences_body.setText(_bullets(licences) if licences else _muted(self.tr("没有许可证记录")))

    def _render_grade(self, grade: str, reasons: list[str], do_not_disturb: bool) -> None:
        self.grade_title.setText(self.tr("信用风险分级：%1 级").replace("%1", grade))
        parts = [_bullets(reasons) if reasons else _muted(self.tr("没有记录分级依据"))]
        if do_not_disturb:
            parts.append(_muted(self.tr("已列入无事不扰清单：除投诉举报和复查外，不安排日常现场检查。")))
        self.grade_body.setText("<br/>".join(parts))

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
        states = {"open": self.tr("待处理"), "closed": self.tr("已办结")}
        self.complaints_body.setText(
            "".join(
                f"<p style='margin-bottom:8px'><b>{escape(c['received_on'])}</b>&nbsp;&nbsp;"
                f"{escape(states.get(c['status'], c['status']))}<br/>{escape(c['summary'])}</p>"
                for c in complaints
            )
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


def _bullets(items: list[str]) -> str:
    return "".join(f"• {escape(item)}<br/>" for item in items)


def _muted(text: str) -> str:
    return f"<span style='color:{MUTED}'>{escape(text)}</span>"

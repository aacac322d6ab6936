"""What did not reach the server, in words: this device's parked work (changes and photos the server refused for
good, each with its reason in the user's language and what to do) and, for a team lead or admin, the team's conflict
inbox (values the server did not keep: overwritten by an ownership rule, or refused to a device), each resolved by
choosing a value. Store reads go through the runner's database worker, server calls through its network worker."""

from __future__ import annotations

import json
from typing import Any

from app.models.wire import ConflictEntry
from app.store import Store
from app.store.changes import CONFLICTS, PARKED, Changes
from app.sync.http import SyncClient
from app.ui.i18n import error_text
from app.ui.onsite.inspection_window import in_language
from app.ui.qt import (
    QEvent,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Slot,
)
from app.ui.runner import Runner


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def reason_in_words(reason: str) -> str:
    """A parked item's reason ("code: 中文 / English", as the server said it) in the user's language."""
    _code, _, message = reason.partition(": ")
    zh, _, en = (message or reason).partition(" / ")
    return in_language(zh, en or zh)


def _parked(store: Store) -> list[tuple[str, str]]:
    """(what, reason) of every parked change and photo, oldest first."""
    items = [(f"{row['entity']} · {row['record_id'][-8:]}", row["last_error"]) for row in store.parked_changes()]
    return items + [(f"photo · {u.sha256[:8]}", u.reason) for u in store.parked_uploads()]


class ConflictInbox(QWidget):
    """`client`: a signed-in client, used on the network worker only (None for an inspector: no team inbox)."""

    def __init__(self, runner: Runner, client: SyncClient | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._client = client
        self.entries: list[ConflictEntry] = []
        self.parked = QListWidget()
        self.parked.setObjectName("parked")
        self.parked.setWordWrap(True)
        self.parked_title = QLabel()
        self.parked_title.setTextFormat(Qt.TextFormat.RichText)  # a static caption in bold
        self.inbox = QListWidget()
        self.inbox.setObjectName("team-inbox")
        self.inbox.setWordWrap(True)
        self.inbox_title = QLabel()
        self.inbox_title.setTextFormat(Qt.TextFormat.RichText)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.keep_button = QPushButton()
        self.other_button = QPushButton()
        self.keep_button.clicked.connect(lambda: self.resolve("kept"))
        self.other_button.clicked.connect(lambda: self.resolve("other"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.parked_title)
        layout.addWidget(self.parked, 1)
        layout.addWidget(self.inbox_title)
        layout.addWidget(self.inbox, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        for widget in (self.inbox_title, self.inbox, self.keep_button, self.other_button):
            widget.setVisible(client is not None)
        self.retranslate()
        runner.changed.connect(self._changed)
        self.reload()

    def set_client(self, client: SyncClient) -> None:
        """Show the team inbox too (a lead or admin, once known), asked with `client` on the network worker."""
        self._client = client
        for widget in (self.inbox_title, self.inbox, self.keep_button, self.other_button):
            widget.setVisible(True)
        self.reload()

    def retranslate(self) -> None:
        self.parked_title.setText(
            self.tr("<b>服务器拒绝的内容</b>（不会再自动发送：请按原因修改，或退出登录时导出交组长处理）")
        )
        self.inbox_title.setText(self.tr("<b>本科室的冲突</b>（服务器未保留的值：选择保留现值，或恢复另一值）"))
        self.keep_button.setText(self.tr("保留现值"))
        self.other_button.setText(self.tr("恢复另一值"))

    @Slot(object)
    def _changed(self, changes: Changes) -> None:
        """Something was parked, or a conflict stored or resolved, by a write or a sync: read again."""
        if changes.touches(PARKED, CONFLICTS):
            self.reload()

    @Slot()
    def reload(self) -> None:
        self._runner.run(_parked, self._fill_parked, owner=self)
        if self._client is not None:
            client = self._client
            self._runner.run_network(lambda: client.conflicts(), self._fill_inbox, self._say, owner=self)

    def showEvent(self, event: QEvent) -> None:
        """Read again whenever the page comes into view: a sync may have parked or resolved something meanwhile."""
        super().showEvent(event)
        self.reload()

    def _fill_parked(self, items: list[tuple[str, str]]) -> None:
        self.parked.clear()
        for what, reason in items:
            item = QListWidgetItem(f"{what} — {reason_in_words(reason)}")
            item.setToolTip(reason)
            self.parked.addItem(item)
        if not items:
            self.parked.addItem(self.tr("没有被拒绝的内容"))

    def _fill_inbox(self, entries: list[ConflictEntry]) -> None:
        self.entries = entries
        self.inbox.clear()
        for entry in entries:
            kind = self.tr("被覆盖") if entry.kind == "overwritten" else self.tr("冲突")
            text = self.tr("{kind} · {entity}.{field}：现值 {kept}（{kept_by}），另一值 {other}（{other_by}）").format(
                kind=kind,
                entity=entry.entity,
                field=entry.field,
                kept=_shown(entry.kept_value),
                kept_by=entry.kept_by,
                other=_shown(entry.other_value),
                other_by=entry.other_by,
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            self.inbox.addItem(item)
        has = bool(entries)
        self.keep_button.setEnabled(has)
        self.other_button.setEnabled(has)
        if has:
            self.inbox.setCurrentRow(0)

    def resolve(self, choice: str) -> None:
        """Resolve the selected entry with `kept` or `other` on the server; the record's new value comes by pull."""
        row = self.inbox.currentRow()
        if row < 0 or self._client is None:
            return
        entry, client = self.entries[row], self._client
        self._runner.run_network(
            lambda: client.resolve_conflict(entry.id, choice), lambda _e: self._resolved(), self._say, owner=self
        )

    def _resolved(self) -> None:
        self.message.setText(self.tr("已处理；各设备下次同步时取得所选的值"))
        self.reload()

    def _say(self, error: object) -> None:
        self.message.setText(error_text(error))

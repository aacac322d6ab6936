"""Login and enrolment: server address, user, password. The login runs off the UI thread; a refusal (wrong password,
unreachable server, changed server key) is shown in words and nothing is stored."""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.sync.auth import Session
from app.sync.errors import SyncError
from app.ui.qt import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget, Signal

LoginCall = Callable[[str, str, str], Session]  # (server url, username, password) -> Session, may raise SyncError


class LoginDialog(QDialog):
    _answered = Signal(object)  # a Session or the SyncError, delivered on the UI thread

    def __init__(self, do_login: LoginCall, server_url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登录"))
        self.do_login = do_login
        self.session: Session | None = None
        self.server = QLineEdit(server_url)
        self.server.setPlaceholderText("https://server.example")
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("服务器地址"), self.server)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._answered.connect(self._on_answer)

    def submit(self) -> None:
        server, user, password = self.server.text().strip(), self.username.text().strip(), self.password.text()
        if not (server.startswith(("http://", "https://")) and user and password):
            self.error.setText(
                self.tr("请填写服务器地址（http:// 或 https:// 开头）、用户名和密码")
                + " / enter the server address (http:// or https://), user name and password"
            )
            return
        self.error.setText(self.tr("正在登录…"))
        self.buttons.setEnabled(False)
        threading.Thread(target=self._run, args=(server, user, password), daemon=True).start()

    def _run(self, server: str, user: str, password: str) -> None:
        try:
            self._answered.emit(self.do_login(server, user, password))
        except SyncError as exc:
            self._answered.emit(exc)

    def _on_answer(self, answer: object) -> None:
        self.buttons.setEnabled(True)
        if isinstance(answer, SyncError):
            self.error.setText(str(answer))
            return
        self.session = answer  # type: ignore[assignment]
        self.error.clear()
        self.accept()

"""Login and enrolment: server address, user, password. The login runs on the runner's network worker; a refusal
(wrong password, unreachable server, changed server key) is shown in words and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable

from app.sync.auth import Session
from app.ui.i18n import error_text
from app.ui.qt import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from app.ui.runner import Runner

LoginCall = Callable[[str, str, str], Session]  # (server url, username, password) -> Session, may raise SyncError


class LoginDialog(QDialog):
    def __init__(
        self, runner: Runner, do_login: LoginCall, server_url: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登录"))
        self._runner = runner
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

    def submit(self) -> None:
        server, user, password = self.server.text().strip(), self.username.text().strip(), self.password.text()
        if not (server.startswith(("http://", "https://")) and user and password):
            self.error.setText(self.tr("请填写服务器地址（http:// 或 https:// 开头）、用户名和密码"))
            return
        self.error.setText(self.tr("正在登录…"))
        self.buttons.setEnabled(False)
        self._runner.run_network(lambda: self.do_login(server, user, password), self._signed_in, self._refused)

    def _refused(self, refused: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_text(refused))

    def _signed_in(self, session: Session) -> None:
        self.buttons.setEnabled(True)
        self.session = session
        self.error.clear()
        self.accept()

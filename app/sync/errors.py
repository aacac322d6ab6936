"""Sync errors, typed by what the caller should do. Every message is bilingual ("中文 / English")."""

from __future__ import annotations


class SyncError(Exception):
    """A sync step failed; `zh` and `en` say why in words the status bar can show."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


class OfflineError(SyncError):
    """The server could not be reached (no network, refused, timed out, connection cut). Retry later."""


class ServerError(SyncError):
    """The server answered with a 5xx or something that is not our protocol. Retry later."""


class AuthError(SyncError):
    """The token or the password was refused: the user must log in again. Retrying will not help."""


class BadRequestError(SyncError):
    """The server refused the request itself (4xx): retrying the same request will not help."""

    def __init__(self, zh: str, en: str, code: str = "bad_request", status: int = 400) -> None:
        super().__init__(zh, en)
        self.code = code
        self.status = status


class OffsetMismatchError(BadRequestError):
    """A blob chunk was sent at the wrong offset (409); `offset` is where the server is."""

    def __init__(self, offset: int | None) -> None:
        super().__init__(
            f"上传位置与服务器不一致（服务器在 {offset}）",
            f"the upload offset differs from the server's ({offset})",
            "offset_mismatch",
            409,
        )
        self.offset = offset


class KeyChangedError(SyncError):
    """The server's signing key differs from the one pinned at enrolment: possibly not our server."""

    def __init__(self, pinned: str, offered: str) -> None:
        super().__init__(
            f"服务器的签名密钥已改变（已登记 {pinned}，现为 {offered}），已拒绝登录。请联系管理员核实服务器",
            f"the server's signing key changed (pinned {pinned}, now {offered}); the login was refused. "
            "Ask your administrator to confirm the server",
        )
        self.pinned = pinned
        self.offered = offered


class UnsentWorkError(SyncError):
    """Logout refused: changes or photos are not on the server yet."""

    def __init__(self, changes: int, photos: int) -> None:
        super().__init__(
            f"还有 {changes} 条修改和 {photos} 张照片未同步，请先同步或导出后再退出登录",
            f"{changes} changes and {photos} photos are not synced yet; sync or export them before logging out",
        )
        self.changes = changes
        self.photos = photos


class StoppedError(SyncError):
    """The sync was stopped (logout, quit) at a batch boundary; what was done so far is kept."""

    def __init__(self) -> None:
        super().__init__("同步已停止", "the sync was stopped")

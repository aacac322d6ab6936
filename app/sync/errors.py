"""Sync errors, typed by what the caller should do. Every message is bilingual ("中文 / English")."""

from __future__ import annotations

from app.errors import BilingualError


class SyncError(BilingualError):
    """A sync step failed; `zh` and `en` say why in words the status bar can show."""


class OfflineError(SyncError):
    """The server could not be reached (no network, refused, timed out, connection cut). Retry later."""


class ServerError(SyncError):
    """The server answered with a 5xx or something that is not our protocol. Retry later."""


class AuthError(SyncError):
    """The token or the password was refused: the user must log in again. Retrying will not help."""


class OutdatedClientError(SyncError):
    """The server no longer accepts this client's version (426): only an update helps; nothing is parked meanwhile."""


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
    """Logout refused: changes or photos are not on the server yet. `parked` of them the server refused for good:
    when they are all that is left, logging out with an export folder ends the session (app/sync/parked.py)."""

    def __init__(self, changes: int, photos: int, parked: int = 0) -> None:
        zh = f"还有 {changes} 条修改和 {photos} 张照片未同步"
        en = f"{changes} changes and {photos} photos are not synced yet"
        if parked and parked == changes + photos:
            zh += f"，其中 {parked} 项已被服务器拒绝、无法发送：请导出到文件夹（交组长处理）后退出登录"
            en += f"; the server refused {parked} of them for good: export them to a folder (for your lead) to log out"
        elif parked:
            zh += f"（其中 {parked} 项已被服务器拒绝），请先同步其余内容，再导出被拒绝的内容后退出登录"
            en += f" ({parked} of them refused by the server); sync the rest, then export the refused ones to log out"
        else:
            zh += "，请先同步后再退出登录"
            en += "; sync them before logging out"
        super().__init__(zh, en)
        self.changes = changes
        self.photos = photos
        self.parked = parked


class StoreOwnedError(SyncError):
    """Sign-in refused: this store holds another user's unsent work, which must go out under its author's name."""

    def __init__(self, owner: str, changes: int, photos: int) -> None:
        super().__init__(
            f"此数据文件属于用户 {owner}，其中还有 {changes} 条修改和 {photos} 张照片未同步。"
            f"请由 {owner} 登录并同步后再换用户，或使用另一个数据文件",
            f"this data file belongs to {owner}, whose {changes} changes and {photos} photos are not synced yet. "
            f"Let {owner} sign in and sync before another user signs in here, or use another data file",
        )
        self.owner = owner


class StoppedError(SyncError):
    """The sync was stopped (logout, quit) at a batch boundary; what was done so far is kept."""

    def __init__(self) -> None:
        super().__init__("同步已停止", "the sync was stopped")

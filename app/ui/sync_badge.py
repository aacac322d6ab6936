"""A record's sync state as a person sees it: an icon and a tooltip per record, and one sentence per visit.

States (app/store/sync_state.py): local (only on this computer), sending (on its way; a photo's file still uploading),
sent (the server has the record; for a photo or signature every byte of its file went out, the server's check not yet
confirmed), verified (a photo or signature whose file the server received whole and checked against its hash), error
(parked: refused for good, see the conflicts page), conflict (both values kept until someone chooses), blob_pending
(pulled from another device before its photo reached the server: "photo not yet received").
"""

from __future__ import annotations

from app.ui.qt import QT_TRANSLATE_NOOP, QCoreApplication, QIcon
from app.ui.resources import icon

_TOOLTIPS = {
    "local": QT_TRANSLATE_NOOP("SyncBadge", "仅在本机：下次同步时发送"),
    "sending": QT_TRANSLATE_NOOP("SyncBadge", "发送中：服务器尚未收到全部照片文件"),
    "sent": QT_TRANSLATE_NOOP("SyncBadge", "已发送：服务器已收到记录（其文件尚待服务器核验）"),
    "verified": QT_TRANSLATE_NOOP("SyncBadge", "服务器已收到并核验文件（哈希一致）"),
    "error": QT_TRANSLATE_NOOP("SyncBadge", "被服务器拒绝，不再自动发送：原因见“同步冲突”页"),
    "conflict": QT_TRANSLATE_NOOP("SyncBadge", "同步冲突：两个值都已保留，请在“同步冲突”页选择"),
    "blob_pending": QT_TRANSLATE_NOOP("SyncBadge", "照片尚未送达服务器（拍摄的设备还在发送）"),
}


def state_icon(state: str) -> QIcon:
    return icon(f"sync-{state}" if state in _TOOLTIPS else "sync-local")


def state_tooltip(state: str) -> str:
    return QCoreApplication.translate("SyncBadge", _TOOLTIPS.get(state, _TOOLTIPS["local"]))


_URGENCY = ("error", "conflict", "local", "sending", "blob_pending")


def visit_state(counts: dict[tuple[str, str], int]) -> str:
    """The one state a visit's icon shows: its most urgent record's; `sent` while a file's check is not confirmed,
    `verified` once the server has received everything (every record, every file checked)."""
    present = {state for (_kind, state), n in counts.items() if n}
    urgent = next((state for state in _URGENCY if state in present), None)
    if urgent is not None:
        return urgent
    return "sent" if counts.get(("file", "sent")) else "verified"


def rollup_text(counts: dict[tuple[str, str], int]) -> str:
    """One sentence for a visit, the most urgent first: refused, in conflict, files to send, changes to send, or all
    received by the server."""

    def total(kind: str | None, *states: str) -> int:
        return sum(n for (k, s), n in counts.items() if s in states and kind in (None, k))

    if refused := total(None, "error"):
        return QCoreApplication.translate("SyncBadge", "{n} 项被服务器拒绝（见“同步冲突”页）").format(n=refused)
    if disputed := total(None, "conflict"):
        return QCoreApplication.translate("SyncBadge", "{n} 项同步冲突待选择").format(n=disputed)
    if files := total("file", "local", "sending"):
        return QCoreApplication.translate("SyncBadge", "还有 {n} 个文件（照片、签名或视频）待发送").format(n=files)
    if unchecked := total("file", "sent"):
        return QCoreApplication.translate("SyncBadge", "{n} 个文件已发送，等待服务器核验").format(n=unchecked)
    if waiting := total("file", "blob_pending"):
        return QCoreApplication.translate("SyncBadge", "{n} 个照片或视频文件尚未送达服务器").format(n=waiting)
    if changes := total("record", "local", "sending"):
        return QCoreApplication.translate("SyncBadge", "还有 {n} 条记录待发送").format(n=changes)
    return QCoreApplication.translate("SyncBadge", "服务器已全部收到")

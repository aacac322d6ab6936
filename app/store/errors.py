"""Store errors. Every message is bilingual ("中文 / English") so the UI can show it as is."""

from __future__ import annotations

from app.errors import BilingualError


class StoreError(BilingualError):
    """A store operation refused; nothing was changed. `zh` and `en` say why."""


class StoreTooNewError(StoreError):
    """The file was written by a newer version of the app; it is left untouched."""

    def __init__(self, path: object, found: int, supported: int) -> None:
        super().__init__(
            f"本地数据文件 {path} 由更新版本的程序创建（数据结构版本 {found}，本程序支持至 {supported}），"
            "请升级程序；文件未作任何改动",
            f"the local data file {path} was written by a newer version of the app (schema {found}, this app "
            f"supports up to {supported}); please upgrade the app. The file was not changed",
        )
        self.found = found
        self.supported = supported


class RecordNotFoundError(StoreError):
    def __init__(self, entity: str, record_id: str) -> None:
        super().__init__(f"找不到记录：{entity} {record_id}", f"no such record: {entity} {record_id}")


class LockedError(StoreError):
    """A completed inspection's record was to be changed: its results are locked; later changes are amendments."""

    def __init__(self, inspection_id: str) -> None:
        super().__init__(
            f"检查已完成（{inspection_id}），结果已锁定；如需更正，请以更正记录（附原因）提交",
            f"the inspection {inspection_id} is completed and its results are locked; "
            f"record a correction as an amendment with its reason instead",
        )
        self.inspection_id = inspection_id

"""The Chinese documents of an inspection as PDF (fpdf2, CJK font embedded as a subset). No Qt here.

API (used by the document preview and the inspection window):
- `make(store, inspection_id, kind, order_id=None) -> bytes`: the PDF of a `DocumentKind` (现场检查笔录 SITE_RECORD,
  卫生监督意见书 OPINION_LETTER, 责令改正通知书 CORRECTION_ORDER) from what the store holds now. Slow (~1 s):
  call it off the UI thread. DocumentError when something it needs is missing (no CJK font, no correction order).
- `export(pdf, path) -> Path`: save atomically; DocumentError when the folder cannot be written, nothing changed.
- `file_name(store, inspection_id, kind) -> str`: a default name for the export dialog.
- `TITLES[kind]`: the document's Chinese title.
"""

from app.documents.errors import DocumentError
from app.documents.export import export
from app.documents.make import TITLES, DocumentKind, file_name, make

__all__ = ["TITLES", "DocumentError", "DocumentKind", "export", "file_name", "make"]

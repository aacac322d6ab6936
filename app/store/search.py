"""Target search and the id-first queries behind the lazy target list (ids once, rows a page at a time)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils

from app.models import Target
from app.rules.credit_code import normalize
from app.store.errors import StoreError
from app.store.rows import decode

ORDERINGS = {
    "name": "name, id",
    "credit_code": "credit_code",
    "street": "street, name, id",
    "grade": "grade DESC, name, id",  # worst grade first: the riskiest targets at the top
    "updated_at": "updated_at DESC, id",
}
_TRIGRAM = 3
_PAGE = 500  # well under SQLite's bound-parameter limit


def _fts_phrase(query: str) -> str:
    """The query as one FTS5 phrase, so its characters are matched literally (quotes doubled)."""
    return '"' + query.replace('"', '""') + '"'


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def target_ids_matching(db: sqlite_utils.Database, query: str, limit: int | None = 200) -> list[str]:
    """Ids of targets whose name, address or credit code contains `query`, best matches first.

    Three characters or more use the FTS5 trigram index, ranked with name matches above credit-code and address
    matches. Shorter queries cannot use trigrams: they match a name or address substring or a credit-code prefix
    by LIKE (a scan in name order that stops at `limit`).
    An empty query matches nothing.
    """
    query = " ".join(query.split())
    if not query:
        return []
    bound = -1 if limit is None else limit
    if len(query) >= _TRIGRAM:
        sql = (
            "SELECT t.id FROM targets_fts JOIN targets t ON t.rowid = targets_fts.rowid"
            " WHERE targets_fts MATCH ? ORDER BY bm25(targets_fts, 10.0, 1.0, 5.0), t.name LIMIT ?"
        )
        params: list[Any] = [_fts_phrase(query), bound]
    else:
        sql = (
            "SELECT id FROM targets WHERE name LIKE ?1 ESCAPE '\\' OR address LIKE ?1 ESCAPE '\\'"
            " OR credit_code LIKE ?2 ESCAPE '\\'"
            " ORDER BY name, id LIMIT ?3"
        )
        params = [f"%{_like_escape(query)}%", f"{_like_escape(normalize(query))}%", bound]
    return [row[0] for row in db.execute(sql, params)]


def all_target_ids(db: sqlite_utils.Database, order_by: str = "name") -> list[str]:
    """Every target id in the given order (one of ORDERINGS)."""
    if order_by not in ORDERINGS:
        raise StoreError(
            f"不支持的排序方式：{order_by}（可用：{'、'.join(ORDERINGS)}）",
            f"cannot order targets by {order_by!r} (one of: {', '.join(ORDERINGS)})",
        )
    return [row[0] for row in db.execute(f"SELECT id FROM targets ORDER BY {ORDERINGS[order_by]}")]


def targets_by_ids(db: sqlite_utils.Database, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Target rows (lists decoded, plus sync_state) in the order of `ids`; unknown ids are left out."""
    wanted = list(ids)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), _PAGE):
        page = wanted[start : start + _PAGE]
        marks = ", ".join("?" for _ in page)
        for row in db.query(f"SELECT * FROM targets WHERE id IN ({marks})", page):
            found[row["id"]] = decode(Target, row)
    return [found[i] for i in wanted if i in found]

"""A spreadsheet (xlsx) or CSV export read as rows of named cells, the header matched to our field names by aliases.

The national 双随机 system and the market-supervision exports name the same column in several ways (企业名称,
单位名称, 主体名称 …); `COLUMN_ALIASES` lists them per field. A repeated group of columns (许可证名称2, 许可证号2, …)
is the second of a list. CSV files come in UTF-8 (with or without a BOM) or, from older government systems, GB18030.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import ValidationError

from server.refusal import Refusal

MAX_ROWS = 200_000  # a district's whole register is well under this
STEPS = 200  # progress reports over a file's rows (every 500 rows of 100,000)

# An import's progress as it goes: (stage, done, total) with the stages "reading" (the file), "checking" (done of
# total rows) and "writing" (the records, once checked); (stage, 0, 0) where the count is not known.
Progress = Callable[[str, int, int], None]


def counted(rows: list[Row], progress: Progress | None) -> Iterator[Row]:
    """The rows, telling `progress` how many were checked every 1/STEPS of them and at the end."""
    total = len(rows)
    every = max(1, total // STEPS)
    for number, row in enumerate(rows, 1):
        yield row
        if progress is not None and (number % every == 0 or number == total):
            progress("checking", number, total)


class FileRefusal(Refusal):
    """The whole file refused: unreadable, empty, or without a required column."""


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet numbers it: the header is row 1
    cells: dict[str, list[str]]  # field -> values (one per column of that field; groups give several)

    def first(self, field: str) -> str:
        values = [v for v in self.cells.get(field, []) if v]
        return values[0] if values else ""

    def all(self, field: str) -> list[str]:
        return self.cells.get(field, [])


@dataclass(frozen=True)
class Table:
    fields: dict[int, str]  # column index -> field
    ignored: list[str]  # header cells that name no field we know
    rows: list[Row]


def _key(header: str) -> tuple[str, int]:
    """A header cell without spaces, marks and brackets, and the group number it ends with (许可证号2 → 2)."""
    text = re.sub(r"[\s*＊:：]", "", header)
    text = re.sub(r"[（(]([0-9]+)[)）]$", r"\1", text)
    text = re.sub(r"[（(].*?[)）]", "", text)
    match = re.match(r"^(.*?)([0-9]+)$", text)
    if match and match.group(1):
        return match.group(1).lower(), int(match.group(2))
    return text.lower(), 1


def match_header(headers: list[str], aliases: Mapping[str, tuple[str, ...]]) -> tuple[dict[int, str], list[str]]:
    """Column index -> field for the headers we know; the others' texts."""
    by_alias = {alias.lower(): field for field, names in aliases.items() for alias in names}
    fields: dict[int, str] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        if not header.strip():
            continue
        text, _group = _key(header)
        field = by_alias.get(text)
        if field is None:
            ignored.append(header.strip())
        else:
            fields[index] = field
    return fields, ignored


def cell_text(value: object) -> str:
    """A cell as the text a person reads in it (dates as YYYY-MM-DD, whole numbers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _raw_rows(data: bytes) -> Iterator[list[object]]:
    if data[:4] == b"PK\x03\x04":
        yield from _xlsx_rows(data)
    else:
        yield from _csv_rows(data)


def _xlsx_rows(data: bytes) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileRefusal(
            422, "unreadable_file", f"无法读取该 xlsx 文件 / the xlsx file cannot be read ({exc})"
        ) from exc
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        book.close()


def _csv_rows(data: bytes) -> Iterator[list[object]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise FileRefusal(422, "unreadable_file", "文件编码无法识别 / the file's encoding is not UTF-8 nor GB18030")
    if "\x00" in text:
        raise FileRefusal(422, "unreadable_file", "文件不是 xlsx 或 CSV / the file is neither xlsx nor CSV")
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    yield from csv.reader(io.StringIO(text, newline=""), dialect)


def read_table(data: bytes, aliases: Mapping[str, tuple[str, ...]], required: tuple[str, ...]) -> Table:
    """The file's first sheet (or the CSV) as rows; the header is the first non-empty row.

    Raises FileRefusal when the file cannot be read, has no header, lacks a required column or has too many rows."""
    if not data:
        raise FileRefusal(422, "empty_file", "文件为空 / the file is empty")
    rows = _raw_rows(data)
    headers: list[str] = []
    number = 0
    for values in rows:
        number += 1
        if any(cell_text(v) for v in values):
            headers = [cell_text(v) for v in values]
            break
    if not headers:
        raise FileRefusal(422, "empty_file", "文件中没有表头 / the file has no header row")
    fields, ignored = match_header(headers, aliases)
    missing = [f for f in required if f not in fields.values()]
    if missing:
        zh = "、".join(aliases[f][0] for f in missing)
        raise FileRefusal(
            422, "missing_columns", f"缺少必需的列：{zh} / required columns missing: {', '.join(missing)}"
        )
    table_rows: list[Row] = []
    for values in rows:
        number += 1
        texts = [cell_text(v) for v in values]
        if not any(texts):
            continue
        if len(table_rows) >= MAX_ROWS:
            raise FileRefusal(
                422, "too_many_rows", f"文件超过 {MAX_ROWS} 行，请分批导入 / over {MAX_ROWS} rows: import in parts"
            )
        cells: dict[str, list[str]] = {}
        for index, field in fields.items():
            cells.setdefault(field, []).append(texts[index] if index < len(texts) else "")
        table_rows.append(Row(number, cells))
    return Table(fields, ignored, table_rows)


def first_error(exc: ValidationError) -> str:
    """A row's first validation error as one line: where, and what is wrong."""
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error.get("loc", ()))
    return f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", ""))

"""The limits of every value client and server exchange: one annotated type per kind, used by every model and route.

Strings never hold a NUL character or a lone surrogate: PostgreSQL's text and JSON refuse them (a 500 where they reach
a query) and no response can encode them. Ids fit the 64-character id columns, labels the 100-character team and
username columns, versions the 32-bit version column and cursors the 64-bit sequence. Dates and times lie in years
1900–2200, so no arithmetic on them overflows. The text limits fit real use (docs/ARCHITECTURE.md, Limits).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, Field

ID_MAX = 64
CODE_MAX = 64
DISTRICT_MAX = 20
LABEL_MAX = 100
NAME_MAX = 200
TEXT_MAX = 2_000
LONG_TEXT_MAX = 20_000
VERSION_MAX = 2**31 - 1  # records.version is INTEGER
INT64_MAX = 2**63 - 1  # changes.seq is BIGINT
FEW = 20  # inspectors or tasks of one visit
MANY = 1_000  # items of a checklist, licences of a target
DRAW_MAX = 100_000  # targets of one sampling draw
JSON_DEPTH_MAX = 16

_UNSAFE = re.compile("[\x00\ud800-\udfff]")
_UNSAFE_MESSAGE = "不能含空字符或无效的 Unicode 字符 / must not contain a NUL character or a lone surrogate"


def clean(value: str) -> str:
    # ASCII text (most ids, codes and dates) cannot hold a surrogate: one scan for NUL, no regex
    unsafe = "\x00" in value if value.isascii() else _UNSAFE.search(value) is not None
    if unsafe:
        raise ValueError(_UNSAFE_MESSAGE)
    return value


def _sane_year(value: date) -> date:
    if not 1900 <= value.year <= 2200:
        raise ValueError("日期应在 1900 至 2200 年之间 / a date must lie between the years 1900 and 2200")
    return value


def json_safe(value: Any, depth: int = 0) -> Any:
    """Refuse what a JSON column or response cannot hold: NUL or lone surrogates anywhere (keys too), NaN or
    infinite numbers, integers beyond 64 bits, nesting deeper than `JSON_DEPTH_MAX`."""
    if depth > JSON_DEPTH_MAX:
        raise ValueError(f"嵌套过深（上限 {JSON_DEPTH_MAX} 层） / nested deeper than {JSON_DEPTH_MAX} levels")
    if isinstance(value, str):
        clean(value)
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, int):
        if not -INT64_MAX - 1 <= value <= INT64_MAX:
            raise ValueError("整数超出 64 位范围 / an integer beyond 64 bits")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("数值须为有限数 / a number must be finite")
    elif isinstance(value, dict):
        for key, item in value.items():
            clean(key)
            json_safe(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            json_safe(item, depth + 1)
    return value


_Clean = AfterValidator(clean)
Id = Annotated[str, Field(min_length=1, max_length=ID_MAX), _Clean]
Code = Annotated[str, Field(min_length=1, max_length=CODE_MAX), _Clean]  # short codes, key ids, document numbers
District = Annotated[str, Field(min_length=1, max_length=DISTRICT_MAX), _Clean]
Label = Annotated[str, Field(min_length=1, max_length=LABEL_MAX), _Clean]  # teams, usernames, devices, departments
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX), _Clean]  # names, titles, streets, addresses
Text = Annotated[str, Field(max_length=TEXT_MAX), _Clean]  # notes, captions, comments, reasons, summaries
FilledText = Annotated[Text, Field(min_length=1)]
LongText = Annotated[str, Field(max_length=LONG_TEXT_MAX), _Clean]  # an inspection's findings
Secret = Annotated[str, Field(min_length=1, max_length=NAME_MAX), _Clean]  # passwords, tokens
Version = Annotated[int, Field(ge=0, le=VERSION_MAX)]
Cursor = Annotated[int, Field(ge=0, le=INT64_MAX)]
Instant = Annotated[datetime, AfterValidator(_sane_year)]
AwareInstant = Annotated[AwareDatetime, AfterValidator(_sane_year)]
Day = Annotated[date, AfterValidator(_sane_year)]
Json = Annotated[Any, AfterValidator(json_safe)]

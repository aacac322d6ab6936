"""Unified social credit code (统一社会信用代码), GB 32100-2015: structure and check character."""

from __future__ import annotations

import re
from operator import mul

from app.errors import BilingualError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# Weight of position i (1-based) is 3^(i-1) mod 31.
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_SHAPE = re.compile(r"^[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}$")
# GB 11714 organisation-code check over positions 9-16, checked against position 17.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


class CreditCodeError(BilingualError, ValueError):
    """A credit code that is malformed; `zh` and `en` say why, for the user."""


def check_character(first17: str) -> str:
    """The 18th character for the first 17 characters of a credit code."""
    if len(first17) != len(WEIGHTS):
        raise ValueError(f"expected {len(WEIGHTS)} characters, got {len(first17)}")
    total = sum(map(mul, map(_VALUE.__getitem__, first17), WEIGHTS))  # a push checks one per target: kept tight
    return ALPHABET[(31 - total % 31) % 31]


def normalize(code: str) -> str:
    """Upper-case and strip white space, as people type codes."""
    return "".join(code.split()).upper()


def validate(code: str) -> str:
    """Return the normalized code, or raise CreditCodeError saying what is wrong."""
    code = normalize(code)
    if len(code) != 18:
        raise CreditCodeError(
            f"统一社会信用代码应为18位，实际为{len(code)}位",
            f"a credit code has 18 characters, this one has {len(code)}",
        )
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        raise CreditCodeError(
            f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不使用 I、O、Z、S、V）",
            f"a credit code may not contain {''.join(bad)} (I, O, Z, S, V are never used)",
        )
    if not _SHAPE.match(code):
        raise CreditCodeError(
            "统一社会信用代码第3至8位（行政区划码）应为数字",
            "characters 3 to 8 of a credit code (the division code) must be digits",
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise CreditCodeError(
            f"统一社会信用代码校验位错误：应为 {expected}，实际为 {code[17]}",
            f"the credit code's check character is wrong: expected {expected}, got {code[17]}",
        )
    return code


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except CreditCodeError:
        return False
    return True


def organisation_code_consistent(code: str) -> bool:
    """Optional second check: position 17 as the GB 11714 check digit of positions 9-16."""
    body = code[8:16]
    if not all(ch in _VALUE for ch in body):
        return False
    total = sum(_VALUE[ch] * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    digit = {10: "X", 11: "0"}.get(c, str(c))
    return code[16] == digit


def make(first17: str) -> str:
    """A full code from its first 17 characters (used by the demo data generator)."""
    return first17 + check_character(first17)

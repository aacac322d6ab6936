"""Credit codes (GB 32100-2015): published valid codes pass, circulating bad ones and every one-character
corruption of a valid code are refused with a bilingual reason."""

from __future__ import annotations

import pytest

from app.rules import credit_code as cc

VALID = ("91110000600037341L", "91350100M000100Y43")
CIRCULATING_INVALID = ("91310115MA1H8R7C6D", "91310115MA1G4L1WXK")
NEVER_USED = "IOZSV"  # letters left out of the alphabet, plus a few other wrong characters below
OTHER_BAD = ("a!", "中", " ", "-")


@pytest.mark.parametrize("code", VALID)
def test_published_codes_are_valid(code: str) -> None:
    assert cc.validate(code) == code
    assert cc.check_character(code[:17]) == code[17]


def test_input_is_normalized() -> None:
    assert cc.validate(" 91110000 600037341l ") == "91110000600037341L"


@pytest.mark.parametrize("code", CIRCULATING_INVALID)
def test_circulating_examples_fail_the_checksum(code: str) -> None:
    with pytest.raises(cc.CreditCodeError) as err:
        cc.validate(code)
    assert "校验位" in err.value.zh and "check character" in err.value.en


def _corruptions(code: str) -> list[str]:
    out = []
    for i, original in enumerate(code):
        replacements = [ch for ch in cc.ALPHABET if ch != original] + list(NEVER_USED) + ["中", "-", "#"]
        out.extend(code[:i] + ch + code[i + 1 :] for ch in replacements)
    return out


@pytest.mark.parametrize("code", VALID)
def test_every_single_character_corruption_is_refused(code: str) -> None:
    corrupted = _corruptions(code)
    assert len(corrupted) == 18 * (30 + len(NEVER_USED) + 3)
    accepted = [c for c in corrupted if cc.is_valid(c)]
    assert accepted == []


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        ("9111000060003734", "应为18位", "18 characters"),
        ("91110000600037341L0", "应为18位", "18 characters"),
        ("91110000600O37341L", "不允许的字符", "may not contain O"),
        ("9111A000600037341L", "行政区划码", "division code"),
    ],
)
def test_malformed_codes_say_why_in_both_languages(code: str, zh: str, en: str) -> None:
    with pytest.raises(cc.CreditCodeError) as err:
        cc.validate(code)
    assert zh in err.value.zh and en in err.value.en
    assert str(err.value) == f"{err.value.zh} / {err.value.en}"


def test_make_completes_a_code_that_validates() -> None:
    assert cc.make(VALID[0][:17]) == VALID[0]
    assert cc.is_valid(cc.make("12310105MB2C31769"))

"""The site record prints the seal of the full-process record and a QR that scans back to it."""

from __future__ import annotations

import io
import re

import pypdfium2
import zxingcpp
from pypdf import PdfReader

from app.documents import DocumentKind, make
from app.documents.site_record import seal_text
from app.onsite import record_seal
from tests.documents.conftest import Documented
from tests.helpers.sql import sql


def test_the_site_record_carries_the_seal_and_its_qr(documented: Documented) -> None:
    unsealed = make(documented.store, documented.inspection.id, DocumentKind.SITE_RECORD)
    assert "执法全过程记录封存" not in _text(unsealed)
    seal = record_seal.seal(documented.store, documented.inspection.id)
    pdf = make(documented.store, documented.inspection.id, DocumentKind.SITE_RECORD)
    text = _text(pdf)
    assert "执法全过程记录封存" in text and seal["head"] in text
    assert seal_text(seal) in _qr_codes(pdf)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"[\s\x00]+", "", "".join(page.extract_text() for page in reader.pages))


def _qr_codes(pdf: bytes) -> list[str]:
    found = []
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        image = page.render(scale=3).to_pil()
        found += [code.text for code in zxingcpp.read_barcodes(image)]
    document.close()
    return found


def test_a_seal_made_on_another_device_is_printed_from_the_record(documented: Documented) -> None:
    """A lead prints the site record of an inspection pulled from the inspector's laptop: the seal comes with the
    inspection record (this device never made it, so its own copy is absent)."""
    seal = record_seal.seal(documented.store, documented.inspection.id)
    sql(documented.store, "DELETE FROM sync_meta WHERE key = ?", [record_seal.SEAL + documented.inspection.id])
    assert documented.store.meta(record_seal.SEAL + documented.inspection.id) is None
    pdf = make(documented.store, documented.inspection.id, DocumentKind.SITE_RECORD)
    assert seal["head"] in _text(pdf) and seal_text(seal) in _qr_codes(pdf)

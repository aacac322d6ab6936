"""The site record hands the party its evaluation token (评价码), printed with the code it goes with."""

from __future__ import annotations

from app.documents import DocumentKind, make
from app.models import InspectionCode
from tests.documents.conftest import Documented
from tests.documents.test_documents import _text

TOKEN = "Q7WX-4MPZ"


def test_the_site_record_prints_the_evaluation_token(documented: Documented) -> None:
    store = documented.store
    code = store.get(InspectionCode, documented.inspection.code_id)
    store.save_many([code.model_copy(update={"evaluation_token": TOKEN})], synced=True)  # as the server issues it
    text = _text(make(store, documented.inspection.id, DocumentKind.SITE_RECORD))
    assert "五、查后评价" in text
    assert f"评价码{TOKEN}" in text
    assert f"输入检查码{code.short_code}" in text


def test_a_code_without_a_token_prints_no_evaluation_part(documented: Documented) -> None:
    text = _text(make(documented.store, documented.inspection.id, DocumentKind.SITE_RECORD))
    assert "查后评价" not in text
    assert "评价码" not in text

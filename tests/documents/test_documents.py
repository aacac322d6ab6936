"""The PDF documents: their Chinese text read back with pypdf, the CJK font embedded as a subset, exports refused
clearly where the folder cannot be written."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents import DocumentError, DocumentKind, export, file_name, make
from app.documents import fonts as fonts_module
from app.models import Evidence, InspectionCode, Target
from tests.documents.conftest import CERTIFICATES, TARGET_NAME, Documented, read_only_folder


def _text(pdf: bytes) -> str:
    """All pages' text without whitespace; pypdf puts a NUL before each glyph of a two-byte CID font (pdftotext
    reads the same file cleanly), so those go too."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"[\s\x00]+", "", "".join(page.extract_text() for page in reader.pages))


def test_the_site_record_says_who_what_and_how(documented: Documented) -> None:
    text = _text(make(documented.store, documented.inspection.id, DocumentKind.SITE_RECORD))
    header = ("现场检查笔录", "长宁区卫生健康委员会", TARGET_NAME, "长宁区天山路100号", *CERTIFICATES, "张明", "李华")
    for expected in header:
        assert expected in text, expected
    for item in documented.items:
        assert re.sub(r"\s+", "", item.title) in text
    for expected in ("口腔诊疗机构检查表", "医疗废物管理检查表", "不符合", "不适用", "2号诊室高速手机未见灭菌记录"):
        assert expected in text, expected
    assert "现场照片索引" in text and "2号诊室器械盒" in text and "王经理" in text


def test_the_site_record_shows_the_code_and_credit_code(documented: Documented) -> None:
    inspection = documented.inspection
    code = documented.store.get(InspectionCode, inspection.code_id)
    target = documented.store.get(Target, inspection.target_id)
    assert code is not None and target is not None
    text = _text(make(documented.store, inspection.id, DocumentKind.SITE_RECORD))
    assert code.short_code in text and code.id in text and target.credit_code in text


def test_the_opinion_letter_and_the_correction_order(documented: Documented) -> None:
    letter = _text(make(documented.store, documented.inspection.id, DocumentKind.OPINION_LETTER))
    assert "卫生监督意见书" in letter and TARGET_NAME in letter and "《医疗机构消毒技术规范》" in letter
    assert "2026年12月20日前改正完毕" in letter
    order = _text(make(documented.store, documented.inspection.id, DocumentKind.CORRECTION_ORDER, documented.order.id))
    assert "责令改正通知书" in order and "2026年12月20日前改正上述问题" in order
    assert "口腔器械一人一用一消毒（灭菌）" in order and "建立口腔器械灭菌登记制度" in order
    assert "执业许可证在有效期内" not in order, "only the order's own items"


def test_the_cjk_font_is_embedded_as_a_subset(documented: Documented) -> None:
    reader = PdfReader(io.BytesIO(make(documented.store, documented.inspection.id, DocumentKind.SITE_RECORD)))
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts, "the page names its fonts"
    for font in fonts:
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert re.fullmatch(r"/[A-Z]{6}\+NotoSerifCJKSC.*", font["/BaseFont"]), "a subset (tag+name) of Noto Serif"
        assert any(key in descriptor for key in ("/FontFile2", "/FontFile3")), "the glyphs are in the file"


def test_an_order_notice_needs_an_order(documented: Documented) -> None:
    documented.store.delete(type(documented.order), documented.order.id)
    with pytest.raises(DocumentError, match="no correction order"):
        make(documented.store, documented.inspection.id, DocumentKind.CORRECTION_ORDER)


def test_export_writes_the_file_whole(documented: Documented, tmp_path: Path) -> None:
    pdf = make(documented.store, documented.inspection.id, DocumentKind.OPINION_LETTER)
    name = file_name(documented.store, documented.inspection.id, DocumentKind.OPINION_LETTER)
    assert name.startswith(f"卫生监督意见书-{TARGET_NAME}-") and name.endswith(".pdf")
    out = export(pdf, tmp_path / name)
    assert out.read_bytes() == pdf and [p.name for p in tmp_path.glob("*.pdf")] == [name]


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    with read_only_folder(tmp_path / "readonly") as folder:
        yield folder


def test_export_to_a_read_only_folder_is_refused_clearly(documented: Documented, read_only: Path) -> None:
    pdf = make(documented.store, documented.inspection.id, DocumentKind.SITE_RECORD)
    with pytest.raises(DocumentError) as refused:
        export(pdf, read_only / "现场检查笔录.pdf")
    assert "只读" in refused.value.zh and "read-only" in refused.value.en and "not saved" in refused.value.en
    assert sorted(p.name for p in read_only.iterdir()) == ["kept.txt"], "nothing else changed"


def test_export_to_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="does not exist"):
        export(b"%PDF-1.4", tmp_path / "nowhere" / "a.pdf")
    assert not (tmp_path / "nowhere").exists()


def test_no_cjk_font_names_the_package_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fonts_module, "_candidates", lambda style: [tmp_path / "missing.ttc"])
    fonts_module.cjk_fonts.cache_clear()
    try:
        with pytest.raises(DocumentError, match="fonts-noto-cjk"):
            fonts_module.cjk_fonts()
    finally:
        fonts_module.cjk_fonts.cache_clear()


def test_the_font_can_be_chosen_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    found = fonts_module.cjk_fonts()
    monkeypatch.setenv(fonts_module.ENV_FONT, str(found.regular.path))
    fonts_module.cjk_fonts.cache_clear()
    try:
        chosen = fonts_module.cjk_fonts()
        assert chosen.regular == found.regular and "CJK" in chosen.regular.path.name
    finally:
        fonts_module.cjk_fonts.cache_clear()


def test_the_simplified_chinese_face_of_the_collection_is_chosen() -> None:
    from fontTools.ttLib import TTFont

    face = fonts_module.cjk_fonts().regular
    font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
    try:
        assert font["name"].getDebugName(1).endswith(" SC") or face.path.suffix.lower() != ".ttc"
    finally:
        font.close()


def test_the_photos_are_printed_on_a_sheet_of_their_own(documented: Documented) -> None:
    reader = PdfReader(io.BytesIO(make(documented.store, documented.inspection.id, DocumentKind.SITE_RECORD)))
    last = reader.pages[-1]
    assert "附页：现场照片" in re.sub(r"[\s\x00]+", "", last.extract_text())
    images = [x for x in last["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1, "the one photo, reduced (the original stays in the blob store)"


def test_a_photo_not_on_this_device_is_marked_not_dropped(documented: Documented) -> None:
    for path in (documented.store.blobs.root.parent / "thumbnails").glob("*"):
        path.unlink()
    for photo in documented.store.list(Evidence):
        documented.store.blobs.path(photo.sha256).unlink()
    text = _text(make(documented.store, documented.inspection.id, DocumentKind.SITE_RECORD))
    assert "照片原件不在本机" in text and "2号诊室器械盒" in text

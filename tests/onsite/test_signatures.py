"""Signatures: who signs, stored as PNG blobs with who and when, empty or broken images refused."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from app.models import InspectionStatus, Signature, SignerRole
from app.onsite.signatures import SignatureError, Signer, sign, signatures_of, signers_of
from app.store import LockedError
from tests.helpers.gate import ME
from tests.onsite.evidence_helpers import OnSite, counts, signing_site


@pytest.fixture
def site(tmp_path: Path) -> Iterator[OnSite]:
    with signing_site(tmp_path) as made:
        yield made


def png(ink: bool = True) -> bytes:
    image = Image.new("RGBA", (300, 120), (255, 255, 255, 0))
    if ink:
        ImageDraw.Draw(image).line([(20, 80), (120, 30), (260, 90)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_the_inspectors_then_the_party_sign(site: OnSite) -> None:
    signers = signers_of(site.store, site.inspection)
    assert [(s.role, s.name, s.certificate_no) for s in signers] == [
        (SignerRole.INSPECTOR, "张明", "沪卫执0105001"),
        (SignerRole.INSPECTOR, "李华", "沪卫执0105002"),
        (SignerRole.PARTY, "", None),
    ]


def test_a_signature_is_stored_with_who_and_when(site: OnSite) -> None:
    data = png()
    signature = sign(site.store, site.inspection, signers_of(site.store, site.inspection)[0], data)
    assert site.store.blobs.path(signature.sha256).read_bytes() == data
    assert (signature.signer_name, signature.signer_id, signature.signer_role) == ("张明", ME, "inspector")
    party = sign(site.store, site.inspection, Signer(SignerRole.PARTY, " 王经理 "), png())
    assert party.signer_name == "王经理"
    assert [s.signer_role for s in signatures_of(site.store, site.inspection.id)] == ["inspector", "party"]


def test_signing_again_replaces_the_signature(site: OnSite) -> None:
    me = signers_of(site.store, site.inspection)[0]
    first = sign(site.store, site.inspection, me, png())
    second = sign(site.store, site.inspection, me, png()[:-12] + png()[-12:])
    assert second.id == first.id and len(signatures_of(site.store, site.inspection.id)) == 1


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [(png(ink=False), "王经理", "empty"), (b"GIF89a", "王经理", "not a PNG"), (png(), "  ", "name")],
)
def test_bad_signatures_are_refused_and_nothing_written(site: OnSite, data: bytes, name: str, words: str) -> None:
    before = counts(site.store)
    with pytest.raises(SignatureError) as refused:
        sign(site.store, site.inspection, Signer(SignerRole.PARTY, name), data)
    assert words in str(refused.value)
    assert counts(site.store) == before and not site.store.list(Signature)


def test_a_completed_inspection_takes_no_signature_and_keeps_no_blob(site: OnSite) -> None:
    site.store.save(site.inspection.model_copy(update={"status": InspectionStatus.COMPLETED}))
    before = counts(site.store)
    with pytest.raises(LockedError):
        sign(site.store, site.inspection, Signer(SignerRole.PARTY, "王经理"), png())
    assert counts(site.store) == before and not site.store.list(Signature)

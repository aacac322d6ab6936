"""The look shared by every document: an A4 form as the paper ones, authority and title on top, framed fields,
numbered pages, signatures with names and times. The CJK faces are embedded as subsets (fpdf2 does the subsetting).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from app.documents.facts import InspectionFacts, local_time
from app.documents.fonts import cjk_fonts

FONT = "cjk"
BODY = 11
LINE = 6.4  # mm per body line
_INK = (20, 20, 20)
_RULE = (90, 90, 90)
_SIGN_H = 14  # mm: the height a signature image is drawn at
_LABEL_W = 64
_PHOTO_H = 62  # mm: the box a photo is fitted into on the photo sheet
_GUTTER = 6  # mm between the two photos of a row  # mm: the signer's label before the signature


class OfficialPdf(FPDF):
    """An A4 document with the authority's name and the title on page 1 and "第 n 页 共 m 页" on every page."""

    def __init__(self, title: str, authority: str, number: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        fonts = cjk_fonts()
        self.add_font(FONT, "", str(fonts.regular.path), collection_font_number=fonts.regular.index)
        self.add_font(FONT, "B", str(fonts.bold.path), collection_font_number=fonts.bold.index)
        self.set_margins(22, 18, 22)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_title(title)
        self.set_author(authority)
        self.set_creator("卫监外勤 Field Inspector")
        self.set_lang("zh-CN")
        self.title_text, self.authority, self.number = title, authority, number
        self.set_text_color(*_INK)
        self.set_draw_color(*_RULE)
        self.add_page()
        self._heading()

    # --- page furniture ------------------------------------------------------------------------------------------

    def _heading(self) -> None:
        self.set_font(FONT, "", 13)
        self.cell(0, 8, self.authority, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "B", 22)
        self.set_char_spacing(4)
        self.cell(0, 14, self.title_text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_char_spacing(0)
        self.set_font(FONT, "", 10.5)
        self.cell(0, 7, f"编号：{self.number}", align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_line_width(0.6)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_line_width(0.2)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 9)
        self.cell(0, 6, f"第 {self.page_no()} 页  共 {{nb}} 页", align=Align.C)

    # --- blocks --------------------------------------------------------------------------------------------------

    def fields(self, rows: Sequence[tuple[str, str]], label_width: float = 38) -> None:
        """Framed label/value rows, as the boxes of a paper form."""
        self.set_font(FONT, "", BODY)
        with self.table(
            col_widths=(label_width, self.epw - label_width),
            first_row_as_headings=False,
            line_height=LINE,
            padding=1.6,
            wrapmode=WrapMode.CHAR,
            text_align=("CENTER", "LEFT"),
        ) as table:
            for label, value in rows:
                row = table.row()
                row.cell(label)
                row.cell(value or "—")
        self.ln(3)

    def heading(self, text: str, room: float = 3 * LINE) -> None:
        """A bold heading kept on one page with the first `room` millimetres of what follows it."""
        self.ensure_room(room)
        self.set_font(FONT, "B", 12.5)
        self.cell(0, 9, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", BODY)

    def paragraph(self, text: str, indent: bool = True) -> None:
        self.set_font(FONT, "", BODY)
        self.multi_cell(0, LINE, ("\u3000\u3000" if indent else "") + text, wrapmode=WrapMode.CHAR)
        self.set_x(self.l_margin)
        self.ln(1.5)

    def grid(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        align: Sequence[str] | None = None,
    ) -> None:
        """A ruled table with a shaded header row repeated on every page it runs over; `align` per column."""
        self.set_font(FONT, "", 10)
        with self.table(
            col_widths=tuple(widths),
            line_height=5.6,
            padding=1.4,
            wrapmode=WrapMode.CHAR,
            headings_style=FontFace(family=FONT, emphasis="BOLD", fill_color=(235, 235, 235)),
            repeat_headings=1,
            text_align=tuple(align) if align else "LEFT",
        ) as table:
            table.row(list(header))
            for values in rows:
                table.row([v or "—" for v in values])
        self.ln(3)

    def signature_line(self, label: str, name: str, image: bytes | None, when: datetime | None) -> None:
        """`label` + the drawn signature (or a blank to sign by hand) + the printed name and the time."""
        self.ensure_room(_SIGN_H + 6)
        self.set_font(FONT, "", BODY)
        y = self.get_y()
        self.cell(_LABEL_W, _SIGN_H, label)
        x = self.get_x()
        if image is not None:
            self.image(io.BytesIO(image), x=x, y=y, h=_SIGN_H, w=_SIGN_H * 2.5, keep_aspect_ratio=True)
        else:
            self.line(x, y + _SIGN_H - 2, x + _SIGN_H * 2.5, y + _SIGN_H - 2)
        self.set_xy(x + _SIGN_H * 2.5 + 4, y)
        stamp = f"（{name}）  {local_time(when)}" if when else f"（{name}）  ____年__月__日"
        self.cell(0, _SIGN_H, stamp, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def signatures(self, facts: InspectionFacts, party_label: str = "被检查单位负责人签名：") -> None:
        """The inspectors' and the party's signatures, or blanks for those who have not signed on the screen."""
        by_inspector = {s.signer_id: (s, p) for s, p in facts.signatures if s.signer_role == "inspector"}
        for inspector in facts.inspectors:
            signed = by_inspector.get(inspector.id)
            label = f"监督员签名（{inspector.certificate_no or '证号缺'}）："
            if signed:
                self.signature_line(label, signed[0].signer_name, signed[1], signed[0].signed_at)
            else:
                self.signature_line(label, inspector.name, None, None)
        party = [(s, p) for s, p in facts.signatures if s.signer_role == "party"]
        if party:
            self.signature_line(party_label, party[0][0].signer_name, party[0][1], party[0][0].signed_at)
        else:
            self.signature_line(party_label, "        ", None, None)

    def photo_sheet(self, photos: Sequence[tuple[bytes | None, str]]) -> None:
        """Photos two to a row, each in a ruled box with its legend below; a missing file leaves a marked box."""
        width = (self.epw - _GUTTER) / 2
        for start in range(0, len(photos), 2):
            self.ensure_room(_PHOTO_H + 14)
            top = self.get_y()
            for column, (jpeg, legend) in enumerate(photos[start : start + 2]):
                x = self.l_margin + column * (width + _GUTTER)
                self.rect(x, top, width, _PHOTO_H)
                if jpeg is not None:
                    box = {"x": x + 1, "y": top + 1, "w": width - 2, "h": _PHOTO_H - 2}
                    self.image(io.BytesIO(jpeg), **box, keep_aspect_ratio=True)
                else:
                    self.set_xy(x, top + _PHOTO_H / 2 - 3)
                    self.set_font(FONT, "", 9)
                    self.cell(width, 6, "（照片原件不在本机）", align=Align.C)
                self.set_xy(x, top + _PHOTO_H + 1)
                self.set_font(FONT, "", 9)
                self.multi_cell(width, 4.6, legend, wrapmode=WrapMode.CHAR, align=Align.L)
            self.set_xy(self.l_margin, top + _PHOTO_H + 16)

    def seal(self, when: datetime) -> None:
        """The authority's name and the date at the bottom right, where the seal goes on paper."""
        self.ensure_room(4 * LINE)
        self.ln(4)
        self.set_font(FONT, "", BODY)
        self.cell(0, LINE, f"{self.authority}（盖章）", align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.cell(0, LINE, when.strftime("%Y年%m月%d日"), align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def ensure_room(self, height: float) -> None:
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def to_bytes(self) -> bytes:
        return bytes(self.output())

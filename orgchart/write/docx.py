"""Turn a :class:`~orgchart.views.reports.document.Document` into a Word file (python-docx).

The page and type follow the usual set-up of Chinese official papers (GB/T 9704): A4, the
title in 小标宋 (here 黑体 where it is missing), headings in 黑体, body text in 仿宋 with a
first-line indent of two characters, tables with a repeated, bold header row. Every run
carries its Chinese font (``w:eastAsia``) as well as the Latin one, so Word and LibreOffice
do not fall back to a Western font for the Chinese. The file's dates and the zip entries'
times are fixed, so the same document gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime, timezone

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.image import Image as DocxImage
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.run import Run

from ..base.errors import RenderError
from ..views.reports.document import Document, Grid, Heading, PageBreak, Para, Picture
from .archive import stable_zip

__all__ = ["docx_bytes", "BODY_FONT", "HEADING_FONT", "LATIN_FONT"]

#: the Chinese fonts of body text and of headings; the Latin font of both
BODY_FONT, HEADING_FONT, LATIN_FONT = "仿宋", "黑体", "Times New Roman"
_BLACK = RGBColor(0, 0, 0)
#: a fixed date for the file's properties (a document made twice must not differ)
_FIXED = datetime(2000, 1, 1, tzinfo=timezone.utc)
_SIZES = {0: Pt(22), 1: Pt(16), 2: Pt(16)}  # 二号 title, 三号 headings
_BODY, _SMALL, _CELL = Pt(14), Pt(10.5), Pt(10.5)  # 四号 body text; 五号 notes and cells


def docx_bytes(doc: Document, pictures: Mapping[str, bytes] | None = None) -> bytes:
    """Return the ``.docx`` file of ``doc``; ``pictures`` gives each picture's PNG by key.

    Raises:
        RenderError: a picture the document names is not given.
    """
    pictures = pictures or {}
    missing = [k for k in doc.pictures() if k not in pictures]
    if missing:
        raise RenderError(f"the document needs the picture(s) {', '.join(missing)}, "
                          "which were not drawn")
    out = new_docx()
    _page(out)
    _styles(out)
    title = out.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(doc.title), HEADING_FONT, _SIZES[0], bold=False)
    sub = out.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(sub.add_run(doc.subtitle), BODY_FONT, _SMALL)
    for block in doc.blocks:
        if isinstance(block, Heading):
            h = out.add_heading(level=block.level)
            _font(h.add_run(block.text), HEADING_FONT, _SIZES.get(block.level, _BODY))
        elif isinstance(block, Para):
            p = out.add_paragraph()
            if block.indent:
                p.paragraph_format.first_line_indent = Pt(28)  # two characters of 四号
            _font(p.add_run(block.text), BODY_FONT, _SMALL if block.small else _BODY)
        elif isinstance(block, Grid):
            _grid(out, block)
        elif isinstance(block, Picture):
            _picture(out, block, pictures[block.key])
        elif isinstance(block, PageBreak):
            out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    props = out.core_properties
    props.title, props.author, props.last_modified_by = doc.title, "orgchart", "orgchart"
    props.created = props.modified = props.last_printed = _FIXED
    props.revision = 1
    buffer = io.BytesIO()
    out.save(buffer)
    return stable_zip(buffer.getvalue())


def _page(out: DocxDocument) -> None:
    section = out.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _styles(out: DocxDocument) -> None:
    """Set the fonts of the styles too, so that text typed into the draft gets them."""
    for name, font, size in (("Normal", BODY_FONT, _BODY), ("Heading 1", HEADING_FONT,
                                                           _SIZES[1]),
                             ("Heading 2", HEADING_FONT, _SIZES[2])):
        style = out.styles[name]
        style.font.name = LATIN_FONT
        style.font.size = size
        style.font.color.rgb = _BLACK
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _font(run: Run, chinese: str, size: Pt, bold: bool | None = None) -> Run:
    run.font.name = LATIN_FONT
    run.font.size = size
    run.font.color.rgb = _BLACK
    if bold is not None:
        run.font.bold = bold
    rfonts = run.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), chinese)
    return run


def _grid(out: DocxDocument, grid: Grid) -> None:
    rows = (grid.header, *grid.body, *grid.totals)
    table = out.add_table(rows=len(rows), cols=len(grid.header))
    table.style = out.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    first_total = 1 + len(grid.body)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            p = cell.paragraphs[0]
            # headers and short figures centred; names and longer text read from the left
            centred = r == 0 or (c > 0 and len(text) <= 6)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
            bold = r == 0 or r >= first_total
            _font(p.add_run(text), HEADING_FONT if bold else BODY_FONT, _CELL, bold=bold)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    if grid.widths:
        text_width = 15.6  # cm: A4 less the margins
        unit = text_width / sum(grid.widths)
        table.autofit = False
        for c, w in enumerate(grid.widths):
            table.columns[c].width = Cm(w * unit)  # the grid LibreOffice lays out by
            for cell in table.columns[c].cells:
                cell.width = Cm(w * unit)
    out.add_paragraph()  # a table followed directly by a table would merge in Word


def _picture(out: DocxDocument, picture: Picture, png: bytes) -> None:
    p = out.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # fit the text area (15.6 cm wide; 20 cm high, to leave room for the caption)
    size = DocxImage.from_blob(png)
    scale = min(15.6 / size.px_width, 20.0 / size.px_height)
    p.add_run().add_picture(io.BytesIO(png), width=Cm(size.px_width * scale),
                            height=Cm(size.px_height * scale))
    caption = out.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(caption.add_run(picture.caption), BODY_FONT, _SMALL)

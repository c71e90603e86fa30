"""Reading the official documents back with python-docx, as a test sees them."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

FONT = "Times New Roman"


def open_docx(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Document(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def cell_lines(cell):
    return [p.text for p in cell.paragraphs if p.text]


def text_runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def every_paragraph(document):
    """The body's paragraphs and those of every table cell, in order."""
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def full_text(document) -> str:
    return "\n".join(p.text for p in every_paragraph(document))


def style_font(paragraph):
    """The font and size a run without its own gets: the paragraph's style, or what it is based on."""
    style = paragraph.style
    name = size = None
    while style is not None and (name is None or size is None):
        name = name or style.font.name
        size = size or style.font.size
        style = style.base_style
    return name, size


def fonts_of(paragraph):
    """(font name, size in points, every script's font) of each run that shows text."""
    default_name, default_size = style_font(paragraph)
    found = []
    for run in text_runs(paragraph):
        fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
        scripts = set() if fonts is None else {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")}
        found.append((run.font.name or default_name, (run.font.size or default_size).pt, scripts))
    return found


def is_bold(paragraph):
    return all(r.bold for r in text_runs(paragraph))


def is_italic(paragraph):
    return all(r.italic for r in text_runs(paragraph))


def size_of(paragraph):
    return {size for _name, size, _scripts in fonts_of(paragraph)}


def has_bottom_rule(paragraph) -> bool:
    borders = paragraph._p.pPr.find(qn("w:pBdr")) if paragraph._p.pPr is not None else None
    return borders is not None and borders.find(qn("w:bottom")).get(qn("w:val")) == "single"


def mm(*lengths):
    """Lengths in whole millimetres (Word stores twentieths of a point)."""
    return tuple(round(length.mm) for length in lengths)


def assert_hd36_page(document):
    """A4, margins 20/20/30/15 mm, page numbers from page 2 (a PAGE field in the header of the
    pages after the first, none on the first), Times New Roman on every run of every script."""
    section = document.sections[0]
    assert mm(section.page_width, section.page_height) == (210, 297)  # A4
    assert mm(section.top_margin, section.bottom_margin) == (20, 20)
    assert mm(section.left_margin, section.right_margin) == (30, 15)
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))
    assert section.first_page_header.paragraphs[0].text == ""
    for paragraph in every_paragraph(document):
        for name, _size, scripts in fonts_of(paragraph):
            assert name == FONT, paragraph.text
            assert scripts == {FONT}, paragraph.text
    body = [p for p in document.paragraphs if p.style.name == "Body" and p.text]
    assert body and all(size_of(p) == {14} for p in body)
    assert all(p.paragraph_format.alignment in (None, WD_ALIGN_PARAGRAPH.JUSTIFY) for p in body)
    assert document.styles["Body"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert document.styles["Normal"].font.size == Pt(14)


def assert_hd36_header(document, parent, body, number, place_and_date):
    """The header block: left the parent body (capitals, not bold), the issuing body (bold
    capitals), "*", the number; right the motto (bold, 15 pt, rule under it), the place and date
    in italics. `number`: the expected line, or None (a form has none)."""
    left, right = document.tables[0].rows[0].cells
    lines = [p for p in left.paragraphs if p.text]
    expected = [parent, body, "*"] + ([number] if number else [])
    assert [p.text for p in lines] == expected
    assert not any(r.bold for r in text_runs(lines[0])) and is_bold(lines[1])
    assert parent == parent.upper() and body == body.upper()
    assert all(size_of(p) == {14} for p in lines)
    motto, date = [p for p in right.paragraphs if p.text]
    assert motto.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and is_bold(motto) and size_of(motto) == {15}
    assert has_bottom_rule(motto)
    assert date.text == place_and_date and is_italic(date) and size_of(date) == {14}

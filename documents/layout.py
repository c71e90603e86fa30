"""The page of a Party document (Hướng dẫn 36-HD/VPTW, 2018), built with python-docx.

Used by `manage.py build_document_templates` to write the .docx templates in
documents/templates_docx/; the tags ({{ … }}, {%p … %}, {%tr … %}) are filled by docxtpl
when a document is downloaded (documents/render.py). What HD 36 asks, and where it is done:
- A4, margins top and bottom 20 mm (20–25), left 30 mm (30–35), right 15 mm (15–20): `page`.
- Times New Roman; the body 14 pt, justified: the styles in `styles`.
- Top right "ĐẢNG CỘNG SẢN VIỆT NAM" in bold capitals, 15 pt, with a rule under it as long
  as the line; top left the parent body (capitals, 14 pt), the issuing body (bold capitals,
  14 pt) and "*" under it, then the number "Số …-BC/<abbreviation>"; the place and date in
  italics under the rule: `party_header`.
- The type of document in bold capitals (16 pt), the subject in bold (14 pt): `title`.
- Page numbers at the top centre from page 2 on (14 pt): `page_numbers`.
- Nơi nhận (underlined; its lines 12 pt) beside the signer's authority (bold capitals): `signature`.
"""

import io
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
BODY_SIZE = 14
MOTTO_SIZE = 15
TYPE_SIZE = 16
RECIPIENTS_SIZE = 12
CELL_SPACING = 2  # points between a table's lines and its text
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
# Two columns of the header: the issuing body (left) and the motto and date (right), filling the
# 165 mm between the margins, with no cell padding: "BAN TUYÊN GIÁO VÀ DÂN VẬN" (bold, 14 pt) holds
# on one line on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" (bold, 15 pt) and its rule on the right.
HEADER_COLUMNS_MM = (84, 81)
BODY_STYLE = "Body"
# Fixed zip dates: building the same templates twice gives the same bytes (clean git diffs).
ZIP_DATE = (2018, 4, 3, 0, 0, 0)


def new_document() -> Document:
    document = Document()
    page(document.sections[0])
    styles(document)
    page_numbers(document.sections[0])
    properties = document.core_properties
    properties.author = properties.last_modified_by = "danvan"
    properties.title = properties.comments = ""
    return document


def page(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def set_font(element_rpr_owner, size: int | None = None) -> None:
    """Times New Roman for every script (Latin, complex, East Asian), so that no character of
    Vietnamese falls back to another face."""
    font = element_rpr_owner.font
    font.name = FONT
    if size:
        font.size = Pt(size)
    rpr = element_rpr_owner.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def styles(document) -> None:
    normal = document.styles["Normal"]
    set_font(normal, BODY_SIZE)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    body = document.styles.add_style(BODY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    set_font(body, BODY_SIZE)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(1)
    body.paragraph_format.space_before = Pt(6)  # HD 36: at least 6 pt between paragraphs
    for name in ("Table Grid", "Header"):
        set_font(document.styles[name], BODY_SIZE)


def run(paragraph, text, size=BODY_SIZE, bold=False, italic=False, underline=False):
    """A run with its font named on it too: what an office copies elsewhere keeps its look."""
    added = paragraph.add_run(text)
    set_font(added, size)
    added.bold, added.italic, added.underline = bold, italic, underline
    return added


def line(container, text="", size=BODY_SIZE, bold=False, italic=False, underline=False,
         align=WD_ALIGN_PARAGRAPH.CENTER, first=False):
    """A paragraph of one run in `container` (a document or a table cell): centered by default.
    `first`: fill the cell's existing empty paragraph instead of adding one."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = align
    if text:
        run(paragraph, text, size, bold, italic, underline)
    return paragraph


def bottom_rule(paragraph, indent_mm: float) -> None:
    """A solid rule under the paragraph, shortened by `indent_mm` on each side (HD 36: the rule
    under the motto is as long as the motto)."""
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def fixed_widths(table, widths_mm) -> None:
    """Column widths that every word processor keeps (the grid, not only each cell's width)."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # <w:tblLayout w:type="fixed"/>, in its place in the table's properties
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


def two_columns(document, widths_mm):
    """A borderless one-row table (the header, the signature block): no cell padding, and the
    row kept on one page (a signer's name never goes alone onto the next one)."""
    table = document.add_table(rows=1, cols=len(widths_mm))
    fixed_widths(table, widths_mm)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # the schema's order: the cell margins come before it
    if look is None:
        properties.append(margins)
    else:
        look.addprevious(margins)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
    return table.rows[0].cells


def party_header(document, *, parent, body, number, place_and_date, motto):
    """The header block of HD 36: `parent` and `body` are the upper-case names (tags), `number`
    the line "Số …-BC/…" or None (a form has none), `motto` "ĐẢNG CỘNG SẢN VIỆT NAM"."""
    left, right = two_columns(document, HEADER_COLUMNS_MM)
    line(left, parent, first=True)
    line(left, body, bold=True)
    line(left, "*")
    if number:
        line(left, number)
    rule = line(right, motto, size=MOTTO_SIZE, bold=True, first=True)
    bottom_rule(rule, indent_mm=2)
    line(right, "")
    line(right, place_and_date, italic=True)


def title(document, kind, subject):
    """The type of document (bold capitals) and its subject (bold), then a short rule of dashes."""
    first = line(document, kind, size=TYPE_SIZE, bold=True)
    first.paragraph_format.space_before = Pt(18)
    line(document, subject, bold=True)
    line(document, "-----")


def paragraph(document, text, bold=False, italic=False, lead=""):
    """A body paragraph (justified, 14 pt, first line indented); `lead`: words in bold italics
    before the text (whose report a gathered passage comes from)."""
    added = document.add_paragraph(style=BODY_STYLE)
    if lead:
        run(added, lead, bold=True, italic=True)
    run(added, text, bold=bold, italic=italic)
    return added


def tag(document, text):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}): removed when rendered."""
    return line(document, text, align=WD_ALIGN_PARAGRAPH.LEFT)


def grid(document, widths_mm, header, row_cells, loop, total=None, numeric=(), size=BODY_SIZE, whole=False):
    """A bordered table: a bold `header` row (repeated at the top of every page the table runs
    onto), one row per item of the docxtpl `loop` (e.g. "c in counts") with `row_cells` (tags),
    and an optional bold `total` row. `numeric`: the indexes of the columns aligned right; the
    first column (numbers of the rows) is centered. `size`: the text's size (a wide table of
    figures may go down to 12 pt). `whole`: a short table kept on one page (its total never
    alone on the next), by keeping each row with the next one."""
    room_above_table(document)
    table = document.add_table(rows=0, cols=len(widths_mm))
    table.style = document.styles["Table Grid"]
    fixed_widths(table, widths_mm)
    blank = [""] * (len(widths_mm) - 1)
    heading = _grid_row(table, widths_mm, header, size, bold=True, center=True)
    heading._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    _grid_row(table, widths_mm, [f"{{%tr for {loop} %}}", *blank], size)
    _grid_row(table, widths_mm, row_cells, size, numeric=numeric)
    _grid_row(table, widths_mm, ["{%tr endfor %}", *blank], size)
    if total:
        _grid_row(table, widths_mm, total, size, bold=True, numeric=numeric)
    if whole:
        for row in table.rows[:-1]:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell in row.cells:
                for added in cell.paragraphs:
                    added.paragraph_format.keep_with_next = True
    return table


def _grid_row(table, widths_mm, texts, size, bold=False, numeric=(), center=False):
    """A row of a grid; its text 2 pt off the borders (the dot under ạ, ị, ệ would touch the line
    below), a header (`center`) centred in its cells' height too."""
    row = table.add_row()
    for index, (cell, width, text) in enumerate(zip(row.cells, widths_mm, texts, strict=True)):
        cell.width = Mm(width)
        if center:
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        align = (WD_ALIGN_PARAGRAPH.RIGHT if index in numeric
                 else WD_ALIGN_PARAGRAPH.CENTER if center or index == 0 else WD_ALIGN_PARAGRAPH.LEFT)
        added = line(cell, text, size=size, bold=bold, align=align, first=True)
        added.paragraph_format.space_before = added.paragraph_format.space_after = Pt(CELL_SPACING)
    return row


def room_above_table(document):
    """Space after the last paragraph that shows before a table (docxtpl removes the tag
    paragraphs between), so that the dot under a letter (ị, ụ) does not touch the table's top line."""
    for paragraph in reversed(document.paragraphs):
        if not paragraph.text.startswith("{%p"):
            paragraph.paragraph_format.space_after = Pt(CELL_SPACING)
            return


def signature(document, *, recipients_label, recipients, authority, signer, note=""):
    """Nơi nhận (left; `recipients` are tag lines, 12 pt) and the signer (right): `authority`
    in bold capitals, an optional `note` in italics, room to sign, `signer`'s name in bold."""
    left, right = two_columns(document, HEADER_COLUMNS_MM)
    label = line(left, recipients_label, underline=True, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    label.paragraph_format.space_before = Pt(12)
    for text in recipients:
        line(left, text, size=RECIPIENTS_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = line(right, authority, bold=True, first=True)
    first.paragraph_format.space_before = Pt(12)
    if note:
        line(right, note, italic=True)
    for _ in range(4):
        line(right, "")
    line(right, signer, bold=True)


def page_numbers(section) -> None:
    """The page number at the top centre of every page but the first (HD 36)."""
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(number, "PAGE")
    section.first_page_header.paragraphs[0].text = ""


def _field(paragraph, instruction):
    begin, code, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, end):
        holder = run(paragraph, "")
        holder._r.append(element)


def save(document, path) -> None:
    """Save with fixed zip dates, so that the same template is the same file."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, ZIP_DATE), source.read(info.filename),
                            compress_type=zipfile.ZIP_DEFLATED)

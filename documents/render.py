"""Fill a .docx template of documents/templates_docx/ with a record's data (docxtpl).

The templates hold the wording and the layout (documents/template_sources.py builds them; an
office may edit them); the functions here give them values only, already written as a reader
expects them: numbers 3.372, dates 05/6/2023, names of the body as they were on the day.
"""

import datetime
import io
import re
from pathlib import Path

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from units.models import GoverningBody, body_on

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates_docx"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A blank to write the number in by hand: the number comes from the office's register once signed.
NUMBER_BLANK = "\u00a0" * 6
MISSING = "……"
# Characters XML 1.0 cannot hold (a Word file with one does not open); tab and newlines can go.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(template_name: str, context: dict) -> bytes:
    """The template filled with `context`; every value escaped (autoescape), in a sandbox."""
    template = DocxTemplate(TEMPLATE_DIR / template_name)
    template.render(xml_safe(context), jinja_env=SandboxedEnvironment(), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def docx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


def xml_safe(value):
    if isinstance(value, str):
        return NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [xml_safe(item) for item in value]
    return value


def party_date(day: datetime.date) -> dict[str, str]:
    """Day, month and year as Party documents write them (HD 36): a day below 10 and the
    months 1 and 2 with a leading zero — "ngày 05 tháng 6 năm 2023", "ngày 15 tháng 02"."""
    return {
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month <= 2 else str(day.month),
        "year": str(day.year),
    }


def short_date(day: datetime.date) -> str:
    """05/6/2023: the date inside a sentence, padded as in the date line."""
    parts = party_date(day)
    return f"{parts['day']}/{parts['month']}/{parts['year']}"


def header_context(day: datetime.date) -> dict[str, str]:
    """The header of a document dated `day`: the body's names as they were on that day."""
    body = body_on(day)
    return {**_body_names(body), "number": NUMBER_BLANK, **party_date(day)}


def _body_names(body: GoverningBody | None) -> dict[str, str]:
    if body is None:  # no name recorded that early: blanks for the office to fill
        return {"parent_body": MISSING, "parent_body_name": MISSING, "issuing_body": MISSING,
                "abbreviation": MISSING, "place": MISSING}
    return {
        "parent_body": body.parent_body.upper(),
        "parent_body_name": body.parent_body,
        "issuing_body": (body.header_name or body.short_name).upper(),
        "abbreviation": body.abbreviation,
        "place": body.province_name,
    }


def count(value: int) -> str:
    return number_format(value, force_grouping=True)


def in_sentence(name: str) -> str:
    """A unit's name inside a sentence: "Huyện Cẩm Xuyên" -> "huyện Cẩm Xuyên" (names start
    with their kind: huyện, xã, thành phố…)."""
    return name[:1].lower() + name[1:]


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of `text`, each a paragraph (only line breaks split: not the other
    separators `splitlines` knows, such as a vertical tab typed by mistake)."""
    return [line.strip() for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


def session_report_context(session, counts, total: int, visited) -> dict:
    """The report of `session`: `counts` its reported counts (with their fields), `total` their
    sum, `visited` the visited models the reader may see (with their units)."""
    unit = in_sentence(session.unit.name)
    requests = list(session.recommendations.select_related("responsible_unit"))
    responsible = [r.responsible_name for r in requests if r.responsible_name]
    differs = bool(session.total_mismatch(total))  # the one check (surveys/models.py)
    return {
        **header_context(session.date),
        "unit": unit,
        "period": f"{session.period_start} – {session.period_end}",
        "date": short_date(session.date),
        "delegation": session.delegation[:1].lower() + session.delegation[1:],
        "head": f"{session.head_name}, {session.head_title}" if session.head_title else session.head_name,
        "head_name": session.head_name,
        "chairs": "; ".join(paragraphs(session.chairs)),
        "summary": paragraphs(session.summary),
        "counts": [{"number": str(number), "field": c.field.name, "count": count(c.count)}
                   for number, c in enumerate(counts, start=1)],
        "total": count(total),
        "reported_total": count(session.reported_total) if differs else "",
        "indicators": [
            {"number": str(number), "name": f"{i.name} ({i.year})" if i.year else i.name, "value": i.value_text}
            for number, i in enumerate(session.indicators.all(), start=1)
        ],
        "visited": [f"{m.name} ({in_sentence(m.unit.name)})" for m in visited],
        "proposals": [f"{p.raised_by}: {p.text}" if p.raised_by else p.text for p in session.proposals.all()],
        "conclusion": paragraphs(session.conclusion),
        "requests": [
            {"number": str(number), "text": r.text, "responsible": r.responsible_name,
             "due": f"{r.due_date:%d/%m/%Y}" if r.due_date else ""}
            for number, r in enumerate(requests, start=1)
        ],
        "responsible": list(dict.fromkeys(responsible)),
    }


def registration_sheet_context(model, item_names) -> dict:
    """The registration sheet of `model` (a MobilizationModel with its field and unit's parent)."""
    registered = timezone.localdate(model.created_at)
    unit = model.unit.name if not model.unit.parent_id else f"{model.unit.name}, {model.unit.parent.name}"
    recognition = model.get_recognition_level_display()
    if recognition and model.recognition_year:
        recognition = f"{recognition} ({model.recognition_year})"
    return {
        **header_context(registered),
        "name": model.name,
        "host": model.host_name or model.get_host_type_display(),
        "unit": unit,
        "field": model.field.name,
        "kind": model.get_kind_display(),
        "year_started": str(model.year_started) if model.year_started else MISSING,
        "recognition": recognition or MISSING,
        "items": {name: paragraphs(getattr(model, name)) or [MISSING] for name in item_names},
    }

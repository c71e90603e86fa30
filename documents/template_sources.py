"""The wording and layout of each .docx template in documents/templates_docx/.

`manage.py build_document_templates` writes them from here (in Vietnamese, through the
catalogue); an office may then edit the .docx files directly in Word or LibreOffice, keeping
the tags: {{ name }} is a value, {%p … %} and {%tr … %} (alone in their paragraph or table
row) repeat or hide paragraphs and rows. docs/documents.md lists every tag of each template.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from documents import layout
from models_registry.models import REGISTRATION_ITEMS as ALL_ITEMS
from models_registry.models import MobilizationModel

SESSION_REPORT = "bao-cao-ket-qua-khao-sat.docx"
REGISTRATION_SHEET = "phieu-dang-ky-mo-hinh.docx"
CONSOLIDATED_REPORT = "bao-cao-tong-hop-dinh-ky.docx"
# The registration items after the name (the name is the first), in the guide's order.
REGISTRATION_ITEMS = ALL_ITEMS[1:]


def header(document, number):
    layout.party_header(
        document,
        parent="{{ parent_body }}",
        body="{{ issuing_body }}",
        number=number,
        place_and_date=_("%(place)s, day %(day)s month %(month)s year %(year)s") % {
            "place": "{{ place }}", "day": "{{ day }}", "month": "{{ month }}", "year": "{{ year }}"},
        motto=_("COMMUNIST PARTY OF VIETNAM"),
    )


def heading(document, text):
    """A bold heading, kept on the page of what follows it."""
    layout.paragraph(document, text, bold=True).paragraph_format.keep_with_next = True


def paragraphs(document, loop, text="{{ text }}"):
    """One body paragraph per item of `loop` (e.g. "text in summary")."""
    layout.tag(document, f"{{%p for {loop} %}}")
    layout.paragraph(document, text)
    layout.tag(document, "{%p endfor %}")


def session_report():
    """Báo cáo kết quả khảo sát: a survey session as the Ban reports it."""
    document = layout.new_document()
    header(document, _("No. %(number)s-%(kind)s/%(abbreviation)s") % {
        "number": "{{ number }}", "kind": "BC", "abbreviation": "{{ abbreviation }}"})
    layout.title(document, _("REPORT"), _("on the results of the survey of the “Dân vận khéo” movement in %(unit)s, "
                                          "period %(period)s") % {"unit": "{{ unit }}", "period": "{{ period }}"})
    layout.paragraph(document, _(
        "On %(date)s, the %(delegation)s, led by comrade %(head)s, worked with %(unit)s on the results of the "
        "“Dân vận khéo” emulation movement over the period %(period)s."
    ) % {"date": "{{ date }}", "delegation": "{{ delegation }}", "head": "{{ head }}", "unit": "{{ unit }}",
         "period": "{{ period }}"})
    layout.tag(document, "{%p if chairs %}")
    layout.paragraph(document, _("Chairing the meeting: %(chairs)s.") % {"chairs": "{{ chairs }}"})
    layout.tag(document, "{%p endif %}")
    paragraphs(document, "text in summary")
    counts_section(document)
    visited_and_proposals(document)
    conclusions_section(document)
    closing = layout.paragraph(document, _("The above is the report on the results of the survey of the “Dân vận "
                                           "khéo” movement in %(unit)s.") % {"unit": "{{ unit }}"})
    closing.paragraph_format.keep_with_next = True  # on the signature's page
    layout.signature(
        document,
        recipients_label=_("Recipients:"),
        recipients=[
            _("- The Standing Committee of %(parent)s (to report),") % {"parent": "{{ parent_body_name }}"},
            "{%p for name in responsible %}", "- {{ name }},", "{%p endfor %}",
            _("- Office archive."),
        ],
        authority=_("HEAD OF THE DELEGATION"),
        signer="{{ head_name }}",
    )
    return document


def counts_section(document):
    heading(document, _("I- RESULTS OF THE MOVEMENT"))
    heading(document, _("1- “Dân vận khéo” models by field"))
    layout.paragraph(document, _("Over the period %(period)s, %(unit)s reported %(total)s “Dân vận khéo” models:") % {
        "period": "{{ period }}", "unit": "{{ unit }}", "total": "{{ total }}"})
    layout.grid(
        document, (15, 110, 40), [_("No."), _("Field"), _("Number of models")],
        ["{{ c.number }}", "{{ c.field }}", "{{ c.count }}"], "c in counts",
        total=["", _("Total"), "{{ total }}"], numeric=(2,), whole=True,
    )
    layout.tag(document, "{%p if reported_total %}")
    layout.paragraph(document, _("The total the unit reported (%(reported)s) is not the sum of the counts by field.")
                     % {"reported": "{{ reported_total }}"}, italic=True)
    layout.tag(document, "{%p endif %}")
    layout.tag(document, "{%p if indicators %}")
    heading(document, _("2- Socio-economic indicators"))
    layout.grid(document, (15, 95, 55), [_("No."), _("Indicator"), _("Result")],
                ["{{ i.number }}", "{{ i.name }}", "{{ i.value }}"], "i in indicators")
    layout.tag(document, "{%p endif %}")


def visited_and_proposals(document):
    layout.tag(document, "{%p if visited %}")
    heading(document, _("3- Models the delegation visited"))
    paragraphs(document, "m in visited", "- {{ m }}")
    layout.tag(document, "{%p endif %}")
    layout.tag(document, "{%p if proposals %}")
    heading(document, _("II- PROPOSALS OF THE LOCALITY"))
    paragraphs(document, "p in proposals", "- {{ p }}")
    layout.tag(document, "{%p endif %}")


def conclusions_section(document):
    heading(document, _("III- CONCLUSIONS AND REQUESTS OF THE DELEGATION"))
    paragraphs(document, "text in conclusion")
    layout.tag(document, "{%p if requests %}")
    layout.paragraph(document, _("The delegation requests:"))
    layout.grid(
        document, (12, 88, 40, 25), [_("No."), _("Request"), _("Responsible"), _("Due date")],
        ["{{ r.number }}", "{{ r.text }}", "{{ r.responsible }}", "{{ r.due }}"], "r in requests",
    )
    layout.tag(document, "{%p endif %}")


def label(name):
    return capfirst(MobilizationModel._meta.get_field(name).verbose_name)


def registration_sheet():
    """Phiếu đăng ký mô hình: a model's ten registration items, for the unit's file."""
    document = layout.new_document()
    header(document, None)
    layout.title(document, _("REGISTRATION SHEET"), _("of a “Dân vận khéo” model"))
    for text in (
        f"{label('host_name')}: {{{{ host }}}}",
        f"{_('Unit')}: {{{{ unit }}}}",
        f"{label('field')}: {{{{ field }}}}",
        f"{label('kind')}: {{{{ kind }}}}",
        f"{label('year_started')}: {{{{ year_started }}}}",
        f"{label('recognition_level')}: {{{{ recognition }}}}",
    ):
        layout.paragraph(document, text)
    heading(document, _("REGISTRATION ITEMS"))
    heading(document, f"1- {label('name')}: {{{{ name }}}}")
    for number, name in enumerate(REGISTRATION_ITEMS, start=2):
        heading(document, f"{number}- {label(name)}:")
        paragraphs(document, f"text in items.{name}")
    layout.signature(
        document, recipients_label="", recipients=[],
        authority=_("REPRESENTATIVE OF THE REGISTERING UNIT"), note=_("(Signature, full name and seal)"), signer="",
    )
    return document


def consolidated_report():
    """Báo cáo tổng hợp: the approved periodic reports of an area's units for one period (the
    data: reports/documents.py), with the units' narratives gathered for the province to edit."""
    document = layout.new_document()
    header(document, _("No. %(number)s-%(kind)s/%(abbreviation)s") % {
        "number": "{{ number }}", "kind": "BC", "abbreviation": "{{ abbreviation }}"})
    layout.title(document, _("REPORT"), _("summarising the results of the “Dân vận khéo” emulation movement, "
                                          "%(period)s, in %(area)s") % {"period": "{{ period }}", "area": "{{ area }}"})
    layout.paragraph(document, _(
        "Under the periodic reporting of the “Dân vận khéo” emulation movement, by %(date)s %(approved)s of the "
        "%(due)s units due to report in %(area)s had their report for %(period)s approved (figures up to "
        "%(cutoff)s). From the approved reports, the results are summarised as follows:"
    ) % {"date": "{{ date }}", "approved": "{{ approved }}", "due": "{{ due }}", "area": "{{ area }}",
         "period": "{{ period }}", "cutoff": "{{ cutoff }}"})
    layout.paragraph(document, _("Only approved reports are counted here: reports not submitted, awaiting approval "
                                 "or returned are not."), italic=True)
    layout.tag(document, "{%p if sample %}")
    layout.paragraph(document, _("%(sample)s of the approved reports are sample data made up for the "
                                 "demonstration, not units' real figures.") % {"sample": "{{ sample }}"}, italic=True)
    layout.tag(document, "{%p endif %}")
    completeness_section(document)
    figures_section(document)
    for title, loop in [
        (_("III- SHORTCOMINGS AND THEIR CAUSES"), "shortcomings"),
        (_("IV- TASKS AND SOLUTIONS FOR THE COMING PERIOD"), "next_tasks"),
        (_("V- PROPOSALS AND RECOMMENDATIONS"), "proposals"),
    ]:
        heading(document, title)
        gathered(document, loop)
    closing = layout.paragraph(document, _("The above is the summary of the results of the “Dân vận khéo” "
                                           "emulation movement, %(period)s, in %(area)s.")
                               % {"period": "{{ period }}", "area": "{{ area }}"})
    closing.paragraph_format.keep_with_next = True
    layout.signature(
        document,
        recipients_label=_("Recipients:"),
        recipients=[
            _("- The Standing Committee of %(parent)s (to report),") % {"parent": "{{ parent_body_name }}"},
            _("- The reporting units,"),
            _("- Office archive."),
        ],
        authority=_("HEAD OF THE BOARD"),
        signer="",
    )
    return document


# The columns of the tables of figures: what an approved report's lines count (reports.ReportLine).
FIGURE_WIDTHS = (10, 45, 22, 22, 22, 22, 22)
FIGURE_CELLS = ["{{ r.in_operation }}", "{{ r.newly_registered }}", "{{ r.recognised }}",
                "{{ r.exemplary_collectives }}", "{{ r.exemplary_individuals }}"]
FIGURE_TOTAL = ["{{ total.in_operation }}", "{{ total.newly_registered }}", "{{ total.recognised }}",
                "{{ total.exemplary_collectives }}", "{{ total.exemplary_individuals }}"]
TABLE_SIZE = 12


def figure_headers(first):
    return [_("No."), first, _("Models in operation"), _("Newly registered"), _("Recognised"),
            _("Exemplary collectives"), _("Exemplary individuals")]


def completeness_section(document):
    heading(document, _("I- REPORTING BY THE UNITS"))
    layout.grid(document, (12, 93, 30, 30), [_("No."), _("Where the reports stand"), _("Number of units"), _("Share")],
                ["{{ c.number }}", "{{ c.label }}", "{{ c.count }}", "{{ c.percent }}"], "c in completeness",
                numeric=(2, 3), whole=True)
    for tag, text in [
        ("missing_units", _("Units that have not submitted: %(units)s.")),
        ("returned_units", _("Units whose report was returned and not submitted again: %(units)s.")),
        ("waiting_units", _("Units whose report awaits approval (not counted): %(units)s.")),
    ]:
        layout.tag(document, f"{{%p if {tag} %}}")
        layout.paragraph(document, text % {"units": f"{{{{ {tag} }}}}"})
        layout.tag(document, "{%p endif %}")


def figures_section(document):
    heading(document, _("II- RESULTS ACHIEVED"))
    heading(document, _("1- “Dân vận khéo” models by field"))
    layout.grid(document, FIGURE_WIDTHS, figure_headers(_("Field")), ["{{ r.number }}", "{{ r.name }}", *FIGURE_CELLS],
                "r in fields", total=["", _("Total"), *FIGURE_TOTAL], numeric=(2, 3, 4, 5, 6), size=TABLE_SIZE,
                whole=True)
    layout.paragraph(document, _(
        "Models recognised: %(commune)s by the commune, %(district)s by the district, %(province)s by the province, "
        "%(central)s by the central level."
    ) % {level: f"{{{{ recognised.{level} }}}}" for level in ("commune", "district", "province", "central")})
    heading(document, _("2- By unit"))
    layout.tag(document, "{%p if units %}")
    layout.grid(document, FIGURE_WIDTHS, figure_headers(_("Unit")), ["{{ r.number }}", "{{ r.name }}", *FIGURE_CELLS],
                "r in units", total=["", _("Total"), *FIGURE_TOTAL], numeric=(2, 3, 4, 5, 6), size=TABLE_SIZE)
    layout.tag(document, "{%p else %}")
    layout.paragraph(document, _("No report of this period has been approved yet."), italic=True)
    layout.tag(document, "{%p endif %}")
    heading(document, _("3- Results the units report"))
    gathered(document, "results")


def gathered(document, loop):
    """The passages of one narrative section from the units' reports, each led by its unit's name,
    for the province to condense; "……" where no unit wrote one."""
    layout.tag(document, f"{{%p for e in {loop} %}}")
    layout.paragraph(document, "{{ e.first }}", lead="{{ e.unit }}: ")
    layout.tag(document, "{%p for text in e.more %}")
    layout.paragraph(document, "{{ text }}")
    layout.tag(document, "{%p endfor %}")
    layout.tag(document, "{%p else %}")
    layout.paragraph(document, "……")
    layout.tag(document, "{%p endfor %}")


TEMPLATES = {SESSION_REPORT: session_report, REGISTRATION_SHEET: registration_sheet,
             CONSOLIDATED_REPORT: consolidated_report}

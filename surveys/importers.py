"""Import and export of survey sessions' reported counts: one row per session, one
column per field (as provinces keep them in Excel), plus the session's identity."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core import cells, versioning
from core.cells import CellError
from core.inputs import MAX_COUNT, count_message
from core.spreadsheet import spreadsheet_response
from core.text import fold
from imports import registry
from imports.base import CREATE, UNCHANGED, UPDATE, BaseImporter, Column, RowPlan, field_header
from imports.matching import UnitMatcher
from models_registry.models import Field
from surveys.models import ReportedCount, SurveySession
from units import scoping

# (key, header, required). A column that holds a field of the session is headed by the field's
# label (verbose_name), as on the form and in the admin.
SESSION_COLUMNS = [
    ("id", pgettext_lazy("spreadsheet column", "Session ID"), False),
    ("date", field_header(SurveySession, "date"), True),
    ("unit_code", pgettext_lazy("spreadsheet column", "Unit code"), False),
    ("unit_name", pgettext_lazy("spreadsheet column", "Unit"), False),
    ("unit_parent", pgettext_lazy("spreadsheet column", "Parent unit"), False),
    ("title", field_header(SurveySession, "title"), False),
    ("delegation", field_header(SurveySession, "delegation"), False),
    ("head_name", field_header(SurveySession, "head_name"), False),
    ("period_start", field_header(SurveySession, "period_start"), False),
    ("period_end", field_header(SurveySession, "period_end"), False),
    ("reported_total", field_header(SurveySession, "reported_total"), False),
]
TEXT_KEYS = ("title", "delegation", "head_name")
YEAR_KEYS = ("period_start", "period_end", "reported_total")
NEEDED_TO_CREATE = ("title", "delegation", "head_name", "period_start", "period_end")
FIELD_PREFIX = "field:"


def active_fields():
    return list(Field.objects.filter(is_active=True).order_by("order", "name"))


def headers(fields=None) -> list[str]:
    fields = active_fields() if fields is None else fields
    return [str(header) for _key, header, _required in SESSION_COLUMNS] + [f.name for f in fields]


def example_row(fields=None) -> list:
    fields = active_fields() if fields is None else fields
    counts = [1205, 1427, 425, 315] + [None] * max(0, len(fields) - 4)
    return [
        None, "05/06/2023", "446", "Huyện Cẩm Xuyên", "Tỉnh Hà Tĩnh",
        "Khảo sát, đánh giá phong trào thi đua “Dân vận khéo” giai đoạn 2008 – 2023 của huyện Cẩm Xuyên",
        "Đoàn công tác Ban Chỉ đạo Phong trào thi đua “Dân vận khéo” tỉnh Hà Tĩnh", "Trương Thanh Huyền",
        2008, 2023, sum(c for c in counts[: len(fields)] if c),
    ] + counts[: len(fields)]


class CountImporter(BaseImporter):
    stale_row = gettext_lazy("the survey session was changed by someone else after the check: upload the file "
                             "again and check it again")

    def __init__(self, table, user=None, reason=""):
        self.field_list = list(Field.objects.all())
        self.columns = [Column(key, str(header), required) for key, header, required in SESSION_COLUMNS]
        self.columns += [Column(f"{FIELD_PREFIX}{f.pk}", f.name) for f in self.field_list]
        super().__init__(table, user, reason)

    def known_headers(self):
        known = super().known_headers()
        known.update({fold(f.code): f"{FIELD_PREFIX}{f.pk}" for f in self.field_list})
        return known

    def prepare(self):
        self.units = UnitMatcher()
        self.fields = {f"{FIELD_PREFIX}{f.pk}": f for f in self.field_list}
        self.sessions = {s.pk: s for s in self.restricted(SurveySession.objects.select_related("unit"))}
        self.by_date_unit = {}
        for session in self.sessions.values():
            self.by_date_unit.setdefault((session.date, session.unit_id), []).append(session)
        self.counts = {}
        for count in ReportedCount.objects.filter(session__in=list(self.sessions)):
            self.counts[(count.session_id, count.field_id)] = count

    def plan_row(self, line, raw):
        day = cells.date(raw["date"], self.header("date"))
        if day is None:
            raise CellError(_("the date is empty"))
        unit_args = [cells.text(raw.get(key), self.header(key)) for key in ("unit_code", "unit_name", "unit_parent")]
        unit = self.units.match(*unit_args, on=day)
        if not unit.is_valid_on(day):
            raise CellError(_("%(unit)s did not exist on %(date)s") % {"unit": unit.name, "date": f"{day:%d/%m/%Y}"})
        if not self.may_use_unit(unit):
            raise CellError(_("%(unit)s is outside the units you work for") % {"unit": unit.name})
        values = {key: cells.text(raw[key], self.header(key)) for key in TEXT_KEYS if key in raw}
        values.update({key: cells.integer(raw[key], self.header(key)) for key in YEAR_KEYS if key in raw})
        values = {key: value for key, value in values.items() if value not in (None, "")}
        counts = {}
        for key, field in self.fields.items():
            if key in raw:
                number = bounded_count(cells.integer(raw[key], field.name), field.name)
                if number is not None:
                    counts[field] = number
        session = self.find_session(cells.integer(raw.get("id"), self.header("id")), day, unit, line)
        return self.plan_session(line, session, day, unit, values, counts)

    def find_session(self, session_id, day, unit, line):
        if session_id is not None:
            session = self.sessions.get(session_id)
            if session is None:
                raise CellError(_("no session with ID %(id)s that you may change") % {"id": session_id})
        else:
            matches = self.by_date_unit.get((day, unit.pk), [])
            if len(matches) > 1:
                raise CellError(_("several sessions of %(unit)s on that date: give the session ID")
                                % {"unit": unit.name})
            session = matches[0] if matches else None
        self.claim(session.pk if session else (day, unit.pk), line)
        if session is not None:
            self.plan_against(session, line)
        return session

    def plan_session(self, line, session, day, unit, values, counts):
        if session is None:
            missing = [self.header(key) for key in NEEDED_TO_CREATE if key not in values]
            if missing:
                raise CellError(_("a new session needs: %(columns)s") % {"columns": ", ".join(missing)})
            session, action = SurveySession(date=day, unit=unit, **values), CREATE
            old_counts = {}
        else:
            old_counts = {f: c.count for (s, f), c in self.counts.items() if s == session.pk}
            changed = {key: value for key, value in values.items() if getattr(session, key) != value}
            changed.update({key: value for key, value in (("date", day), ("unit", unit))
                            if getattr(session, key) != value})
            new_counts = {f: n for f, n in counts.items() if old_counts.get(f.pk) != n}
            if not changed and not new_counts:
                return RowPlan(line, UNCHANGED)
            for key, value in changed.items():
                setattr(session, key, value)
            action = UPDATE
        self.check_total(session, {**{self.field_by_pk(f): n for f, n in old_counts.items()}, **counts})
        self.check(session, exclude=["unit", "created_by", "updated_by", "search_text"], columns={"unit": "unit_name"})
        self.check_counts(counts)
        return RowPlan(line, action, (session, counts))

    def check_counts(self, counts):
        """Each count as the database will store it (the integer range of this database)."""
        for field, number in counts.items():
            self.check(ReportedCount(field=field, count=number), exclude=["session", "field"],
                       columns={"count": f"{FIELD_PREFIX}{field.pk}"})

    def field_by_pk(self, pk):
        return next(f for f in self.field_list if f.pk == pk)

    @staticmethod
    def check_total(session, counts):
        bounded_count(sum(counts.values()), _("sum of the counts by field"))
        if session.reported_total is not None and counts and sum(counts.values()) != session.reported_total:
            raise CellError(
                _("the reported total %(total)s is not the sum of the counts by field (%(sum)s)")
                % {"total": session.reported_total, "sum": sum(counts.values())}
            )

    def apply(self, changes, progress=None):
        # A session's counts are its parts: the session's version covers them (as on its page).
        self.claim_versions(SurveySession, [plan.payload[0] for plan in changes if plan.payload[0].pk])
        for done, plan in enumerate(changes, start=1):
            session, counts = plan.payload
            versioning.stamp(session, self.user)
            self.save(session)
            for field, number in counts.items():
                count = self.counts.get((session.pk, field.pk)) or ReportedCount(session=session, field=field)
                if count.pk is None or count.count != number:
                    count.count = number
                    self.save(count)
            if progress and (done % self.progress_every == 0 or done == len(changes)):
                progress(done, len(changes))


def bounded_count(number, header):
    """The same bound as the entry page's and the database's (core.inputs.MAX_COUNT)."""
    if number is not None and not 0 <= number <= MAX_COUNT:
        raise CellError(_("column “%(column)s”: %(reason)s") % {"column": header, "reason": count_message()})
    return number



def export_rows(queryset, fields=None):
    fields = active_fields() if fields is None else fields
    sessions = list(queryset.select_related("unit__parent").order_by("date", "pk"))
    counts = {}
    for count in ReportedCount.objects.filter(session__in=sessions).values_list("session_id", "field_id", "count"):
        counts[count[:2]] = count[2]
    for s in sessions:
        yield [
            s.pk, s.date, s.unit.code, s.unit.name, s.unit.parent.name if s.unit.parent_id else "", s.title,
            s.delegation, s.head_name, s.period_start, s.period_end, s.reported_total,
        ] + [counts.get((s.pk, f.pk)) for f in fields]


def template_response(fmt, user):
    fields = active_fields()
    return spreadsheet_response(fmt, headers(fields), [example_row(fields)], "mau-nhap-so-lieu", _("Reported counts"))


def export_response(fmt, user):
    sessions = SurveySession.objects.restrict(user, scoping.VIEW)
    fields = active_fields()
    stamp = timezone.localdate().strftime("%Y%m%d")
    return spreadsheet_response(fmt, headers(fields), export_rows(sessions, fields), f"so-lieu-{stamp}",
                                _("Reported counts"))


registry.register(registry.ImportKind(
    value="counts", label=gettext_lazy("reported counts"), upload_title=gettext_lazy("Import reported counts"),
    export_title=gettext_lazy("Survey sessions and reported counts"), importer=CountImporter,
    template=template_response, export=export_response, order=2,
))

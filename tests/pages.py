"""Helpers shared by the page tests: log a persona in, snapshot the database."""

from django.core.cache import caches
from django.test import Client

from models_registry.models import MobilizationModel
from reports.models import PeriodicReport, ReportLine, ReportTransition
from surveys.models import Indicator, ProgressNote, Proposal, Recommendation, ReportedCount, SurveySession

PERSONAS = ["anonymous", "camxuyen", "thachha", "provincial", "admin_user"]


def client_for(request, persona) -> Client:
    """A test client logged in as the persona (pytest fixture name), or anonymous."""
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


def snapshot():
    """Everything a data-entry page could write, to compare before and after a refused save."""
    return {
        model.__name__: sorted(model.objects.values_list(*fields))
        for model, fields in [
            (MobilizationModel, ("pk", "name", "unit_id", "version", "is_published")),
            (SurveySession, ("pk", "title", "unit_id", "version", "reported_total", "period_start", "period_end")),
            (ReportedCount, ("pk", "session_id", "field_id", "count")),
            (Indicator, ("pk", "session_id", "name")),
            (Proposal, ("pk", "session_id", "text")),
            (Recommendation, ("pk", "session_id", "text", "follow_up_status", "responsible_unit_id", "due_date")),
            (ProgressNote, ("pk", "recommendation_id", "text", "status")),
            (PeriodicReport, ("pk", "unit_id", "period_id", "status", "version", "entry_open_until", "results")),
            (ReportLine, ("pk", "report_id", "field_id", "in_operation", "recognised_province")),
            (ReportTransition, ("pk", "report_id", "action", "comment")),
        ]
    }


def first_view():
    """Forget what pages keep while the data do not change (an officer's scope: see
    core/dataversion.py), so that a query count is the same on SQLite and PostgreSQL: there a
    test's transaction, having written, reads no data version and so keeps nothing."""
    caches["default"].clear()


def queries_for(client, url, django_assert_num_queries, n):
    """GET `url` (200) in exactly `n` queries, as a first view (`first_view`)."""
    first_view()
    with django_assert_num_queries(n):
        assert client.get(url).status_code == 200

"""The dashboard's cache and the data versions it is keyed on (core/dataversion.py).

These tests commit (transaction=True): on PostgreSQL the versions change at commit, and a
transaction that has written reads no version at all. Each runs twice: with the cache in the
process's memory (no CACHE_URL) and in Redis (CACHE_URL; tests/redis_cache.py).
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import dataversion
from dashboard import stats
from models_registry.models import Field, MobilizationModel
from reports.models import PeriodicReport, PeriodLevel, ReportingKind, ReportingPeriod, ReportLine, ReportStatus
from surveys.models import ReportedCount, SurveySession
from tests.conftest import make_user
from tests.redis_cache import redis_caches
from tests.reports_data import period_around_today
from units import today
from units.models import AdministrativeUnit, UnitLevel, UnitSuccession

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def cache_backend(request, settings):
    """The settings' caches without CACHE_URL (as the tests run), or with it (Redis)."""
    if request.param == "redis":
        settings.CACHES = redis_caches(request.getfixturevalue("redis_cache"))
    return request.param

URL = "/thong-ke/"


def changes(action):
    """(data changed, structure changed) by `action`, committed."""
    before = dataversion.read()
    action()
    after = dataversion.read()
    assert after.data is not None and after.structure is not None
    return after.data != before.data, after.structure != before.structure


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_way_of_writing_changes_the_version(demo, cam_xuyen):
    field = Field.objects.order_by("pk").first()
    model = MobilizationModel.objects.filter(unit=cam_xuyen).first()
    session = SurveySession.objects.first()
    # Counted data: the models, the sessions and their counts, the fields.
    assert changes(lambda: MobilizationModel.objects.create(
        name="Mới", field=field, unit=cam_xuyen, host_type="front", year_started=2024)) == (True, False)
    assert changes(lambda: MobilizationModel.objects.filter(pk=model.pk).update(year_started=2019)) == (True, False)
    assert changes(lambda: MobilizationModel.objects.bulk_create([
        MobilizationModel(name=f"Loạt {i}", field=field, unit=cam_xuyen, host_type="front") for i in range(3)
    ])) == (True, False)
    assert changes(lambda: MobilizationModel.objects.filter(name__startswith="Loạt").delete()) == (True, False)
    assert changes(lambda: ReportedCount.objects.filter(session=session).update(count=7)) == (True, False)
    assert changes(lambda: SurveySession.objects.filter(pk=session.pk).update(status="draft")) == (True, False)
    assert changes(lambda: raw("UPDATE models_registry_field SET name = %s WHERE id = %s", ["Kinh tế", field.pk])) \
        == (True, False)
    # The structure: units and successions change both.
    assert changes(lambda: AdministrativeUnit.objects.filter(pk=cam_xuyen.pk).update(name="Huyện Cẩm Xuyên")) \
        == (True, True)
    assert changes(lambda: raw("DELETE FROM models_registry_unitsuccession WHERE id = %s",
                               [UnitSuccession.objects.first().pk])) == (True, True)
    # Writes elsewhere change nothing.
    assert changes(lambda: make_user("ai-do")) == (False, False)
    assert changes(lambda: get_user_model().objects.update(first_name="X")) == (False, False)
    # A statement that touches no row changes nothing on SQLite (row triggers); PostgreSQL's
    # statement triggers count the statement: a spare miss, never a stale hit.
    assert changes(lambda: MobilizationModel.objects.filter(pk=-1).update(name="?")) \
        == ((True, False) if connection.vendor == "postgresql" else (False, False))
    if connection.vendor == "postgresql":
        assert changes(lambda: raw("TRUNCATE surveys_reportedcount")) == (True, False)


def test_a_transaction_that_wrote_reads_no_version_until_it_commits(demo, cam_xuyen):
    before = dataversion.read()
    with transaction.atomic():
        AdministrativeUnit.objects.filter(pk=cam_xuyen.pk).update(name="Cẩm Xuyên (đang sửa)")
        inside = dataversion.read()
        if connection.vendor == "postgresql":
            assert inside == dataversion.Versions(None, None)  # nothing cached from uncommitted rows
        else:
            assert inside.data != before.data and inside.structure != before.structure
        transaction.set_rollback(True)
    assert dataversion.read() == before  # rolled back: the old rows, the old version


def get_total(client, params=None, queries=None):
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    if queries is not None:
        assert len(context) == queries, [q["sql"] for q in context.captured_queries]
    return response.context["table"].total.registry_total()


@pytest.mark.parametrize(
    "structure, after_unit_change",
    [
        # session, user, the fields, the chosen unit; the headline cards (the data version, the
        # structure version and the unit's scope over time: 3, the periods with approved reports,
        # the registry figures, the latest period below the unit); the data version, the units
        # below it, 4 counting statements, the row units; the governing body's name today
        # (header), the reporting periods (the filter's choices)
        (stats.HISTORICAL, 21),
        # the same, with the unit graph (units, successions) instead of the units below
        (stats.CURRENT, 22),
    ],
)
def test_a_repeated_view_comes_from_the_cache_and_follows_every_write(client, admin_user, province, cam_xuyen,
                                                                     structure, after_unit_change):
    client.force_login(admin_user)
    params = {"unit": province.pk, "structure": structure}
    models = MobilizationModel.objects.count()
    assert get_total(client, params, queries=after_unit_change) == models
    # session, user, the fields, the chosen unit, the data version (cards; table), the name, the
    # reporting periods (the filter's choices): the cards and the whole table kept
    assert get_total(client, params, queries=8) == models

    MobilizationModel.objects.create(name="Mới", field=Field.objects.first(), unit=cam_xuyen, host_type="front")
    # the units below / the graph and the unit's scope: kept; the cards counted again (the data
    # and structure versions, periods with reports, registry figures, latest period below: 5)
    assert get_total(client, params, queries=17) == models + 1
    raw("DELETE FROM models_registry_mobilizationmodel WHERE name = %s", ["Mới"])
    assert get_total(client, params, queries=17) == models
    assert get_total(client, params, queries=8) == models
    AdministrativeUnit.objects.filter(pk=cam_xuyen.pk).update(name="Huyện Cẩm Xuyên")
    assert get_total(client, params, queries=after_unit_change) == models


def test_the_cache_never_serves_one_users_numbers_to_another(client, admin_user, province, thach_ha):
    MobilizationModel.objects.create(name="Chưa công bố", field=Field.objects.first(), unit=thach_ha,
                                     host_type="front", is_published=False)
    published = MobilizationModel.objects.filter(is_published=True).count()
    client.force_login(admin_user)
    assert get_total(client) == published + 1
    assert get_total(client) == published + 1  # now cached
    client.logout()
    assert get_total(client) == published  # the public: published models only
    camxuyen = make_user("camxuyen-cache", AdministrativeUnit.objects.get(code="446", valid_from__isnull=True))
    client.force_login(camxuyen)
    assert client.get(URL, {"unit": province.pk}).status_code == 404  # the scope is checked before any cache
    assert get_total(client) == MobilizationModel.objects.filter(unit__parent__code="446").count() + \
        MobilizationModel.objects.filter(unit__code="446", unit__level=UnitLevel.DISTRICT).count()


def test_todays_units_follow_a_new_succession(client, admin_user, province, cam_xuyen):
    """The unit graph is kept between requests while the structure is unchanged."""
    client.force_login(admin_user)
    params = {"unit": province.pk, "structure": stats.CURRENT}

    def split_total():  # the units split among several rows, each in a row of its own
        return sum(row.registry_total() for row in client.get(URL, params).context["table"].rows if row.parts)

    before = split_total()
    assert split_total() == before  # from the cache
    # A commune of Cẩm Xuyên that went whole into one 2025 commune now also goes partly into another.
    links = UnitSuccession.objects.filter(predecessor__parent=cam_xuyen, kind="whole",
                                          predecessor__mobilization_models__isnull=False)
    commune = links.first().predecessor
    assert commune.succession_links.count() == 1
    today = AdministrativeUnit.objects.filter(parent=province, level=UnitLevel.COMMUNE, valid_until__isnull=True)
    other = today.exclude(pk=commune.succession_links.get().successor_id).first()
    UnitSuccession.objects.create(predecessor=commune, successor=other, kind="partial")
    assert split_total() == before + commune.mobilization_models.count()


def test_the_walks_kept_with_the_unit_graph_are_bounded(client, admin_user, province, monkeypatch):
    monkeypatch.setattr(today, "MAX_PLACEMENTS", 2)
    client.force_login(admin_user)
    districts = AdministrativeUnit.objects.filter(parent=province, level=UnitLevel.DISTRICT).order_by("pk")[:3]
    first = [client.get(URL, {"unit": d.pk, "structure": stats.CURRENT}).context["table"] for d in districts]
    results = stats.Results("default")
    graph = today.unit_graph(results.database, results.versions.structure)[0]
    assert list(graph.placements) == [districts[1].pk, districts[2].pk]  # the oldest went
    # Another table of the same unit (the first is kept whole in the cache): the walk is reused.
    again = client.get(URL, {"unit": districts[0].pk, "structure": stats.CURRENT, "source": stats.REGISTRY})
    assert again.context["table"].total.registry_total() == first[0].total.registry_total()
    assert list(graph.placements) == [districts[2].pk, districts[0].pk]


def test_the_home_page_counts_come_from_the_cache_until_a_model_is_saved(client, demo, cam_xuyen):
    def home_total(queries):
        reset_queries()
        with CaptureQueriesContext(connection) as context:
            response = client.get("/")
        summary = response.context["summary"]
        assert sum(1 for q in context.captured_queries if "GROUP BY" in q["sql"]) == queries
        return summary["total"]

    published = MobilizationModel.objects.filter(is_published=True).count()
    assert home_total(queries=1) == published
    assert home_total(queries=0) == published
    MobilizationModel.objects.create(name="Mới", field=Field.objects.first(), unit=cam_xuyen, host_type="front",
                                     is_published=True)
    assert home_total(queries=1) == published + 1


def test_an_officers_scope_is_kept_until_the_units_change(client, tp_ha_tinh, cam_xuyen):
    """AdministrativeUnit.units_in_scope is kept under the structure version: a repeated page does not
    walk the successions again, and a new succession widens the scope at once."""
    client.force_login(make_user("tp-cache", tp_ha_tinh))
    commune = AdministrativeUnit.objects.get(name="Xã Cẩm Thành", parent=cam_xuyen)  # never the city's
    MobilizationModel.objects.create(name="Nháp của Cẩm Thành", field=Field.objects.first(), unit=commune,
                                     host_type="front", is_published=False)

    def listed():
        """(queries that read successions, models listed) of the officer's registry list."""
        reset_queries()
        with CaptureQueriesContext(connection) as context:
            response = client.get("/mo-hinh/")
        return sum("unitsuccession" in q["sql"] for q in context.captured_queries), response.context["paginator"].count

    walked, before = listed()
    assert walked > 0
    assert listed() == (0, before)  # the scope came from the cache
    MobilizationModel.objects.filter(unit=tp_ha_tinh).update(name="Đổi tên")  # data, not structure:
    assert listed() == (0, before)  # still kept
    city_commune = AdministrativeUnit.objects.filter(parent=tp_ha_tinh).order_by("pk").first()
    UnitSuccession.objects.create(predecessor=commune, successor=city_commune, kind="whole")
    walked, after = listed()
    assert walked > 0 and after == before + 1  # the commune went whole into the city: its draft is the city's


def test_a_lists_filters_are_kept_until_the_data_change(client, demo):
    """With no filter chosen the filter form is the same on every view: rendered once per data
    version (its choices are rows), and rendered afresh once one is chosen or the data change."""

    def list_page(params=None):
        """(queries that read the fields, the page's HTML)"""
        reset_queries()
        with CaptureQueriesContext(connection) as context:
            response = client.get("/mo-hinh/", params or {})
        fields = sum('FROM "models_registry_field"' in q["sql"] for q in context.captured_queries)
        return fields, response.content.decode()

    field = Field.objects.get(code="kinh-te")
    assert list_page()[0] == 1
    assert list_page({"page": 1})[0] == 0  # kept: only paginated
    chosen, html = list_page({"field": field.pk})
    assert chosen == 2 and f'<option value="{field.pk}" selected>' in html  # the choice checked, the options
    Field.objects.filter(pk=field.pk).update(name="Kinh tế mới")
    fields, html = list_page()
    assert fields == 1 and "Kinh tế mới" in html


def test_the_periodic_source_follows_an_approval(client, admin_user, province, cam_binh_2025):
    """The approved reports are counted data: writing a report, a line, a period or its levels gives a
    new version, so an approval shows at once on a dashboard counted before it (it did not: the
    report tables had no trigger)."""
    period = period_around_today()
    report = PeriodicReport.objects.create(unit=cam_binh_2025, period=period, status=ReportStatus.SUBMITTED,
                                           submitted_at=timezone.now())
    field = Field.objects.get(code="kinh-te")
    assert changes(lambda: ReportLine.objects.create(report=report, field=field, in_operation=4)) == (True, False)
    client.force_login(admin_user)
    params = {"unit": province.pk, "source": "periodic", "period": period.pk}

    def reported():
        response = client.get(URL, params)
        assert response.status_code == 200
        card = [c.value for c in response.context["overview"].cards if c.key == "reported"]
        return response.context["table"].total.reported_total(), card

    assert reported() == (None, [])
    assert reported() == (None, [])  # now from the cache
    assert changes(lambda: PeriodicReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)) \
        == (True, False)
    assert reported() == (4, [4])
    assert changes(lambda: ReportLine.objects.filter(report=report).update(in_operation=6)) == (True, False)
    assert reported() == (6, [6])
    assert changes(lambda: PeriodLevel.objects.filter(period=period).update(level="district")) == (True, False)
    assert changes(lambda: ReportingPeriod.objects.filter(pk=period.pk).update(deadline=period.deadline)) \
        == (True, False)
    assert changes(lambda: ReportingKind.objects.filter(pk=period.kind_id).update(name=period.kind.name)) \
        == (True, False)

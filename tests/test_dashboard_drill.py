"""Drill down from the dashboard's "today's units" table to the registry list (issue 12).

Each registry number of the table (a unit's row, a unit split among several new ones, the
total) links to /mo-hinh/ with `unit_today`, which selects the models by the table's own
placement rule (`units.today`): on seeded random reorganised provinces the list behind every
link counts exactly the cell's number, as the officers who see the links, and the public
following the same link sees only the published ones.
"""

import re
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import stats
from models_registry.models import MobilizationModel, ReviewStatus
from tests import dashboard_data
from tests.conftest import make_user
from tests.pages import queries_for
from tests.test_pages_registry import make_model
from units import today
from units.models import AdministrativeUnit

URL = "/thong-ke/"
LIST = "/mo-hinh/"
LINK = re.compile(r'<a href="(/mo-hinh/\?[^"]*)">([\d.]+)</a>')


def number(text):
    return int(text.replace(".", ""))


def check_links(client, params):
    """Every registry number of the today's-units table is a link whose list counts that number.
    Returns how many links were followed."""
    response = client.get(URL, params)
    assert response.status_code == 200
    layout = response.context["layout"]
    lines = layout.display("", True)
    # The cells: per field then the all-fields column, one per kind (registry first here).
    at = [i * len(layout.kinds) + layout.kinds.index(stats.REGISTRY) for i in range(len(layout.fields) + 1)]
    followed = 0
    chosen = layout.table.params.unit
    for line in lines:
        linked_kind = line["key"] in ("unit", "total", "split", "split outside") and not (
            line["key"] == "total" and chosen is None)
        for i in at:
            cell, link = line["cells"][i], line["links"][i]
            if not linked_kind or cell in ("0", "–", ""):
                continue
            assert link, (line["label"], cell)
            assert "unit_today=" in link
            listed = client.get(link)
            assert listed.status_code == 200
            assert listed.context["paginator"].count == number(cell), (line["label"], link)
            followed += 1
    # The page prints the same links.
    body = unescape(response.context["body"])
    printed = LINK.findall(body)
    assert len(printed) == followed
    return followed


@pytest.fixture
def random_provinces(db):
    return dashboard_data.build


@pytest.mark.parametrize("seed", [3, 11])
def test_every_today_cell_links_to_a_list_of_exactly_its_models(client, random_provinces, seed):
    fields = random_provinces(seed)
    client.force_login(make_user(f"admin-drill-{seed}", is_superuser=True, is_staff=True))
    followed = 0
    # The country, each province and some communes of today (the districts were all abolished).
    provinces = AdministrativeUnit.objects.filter(level="province")
    communes = AdministrativeUnit.objects.filter(valid_until__isnull=True, level="commune").order_by("pk")[:3]
    for top in [None, *provinces, *communes]:
        base = {"structure": stats.CURRENT, "source": stats.REGISTRY}
        if top is not None:
            base["unit"] = top.pk
        followed += check_links(client, base)
        followed += check_links(client, {**base, "field": fields[1].pk, "year_from": 2012, "year_to": 2020})
    assert followed > 50  # the provinces have split, merged and moved units: many links to follow


def test_no_link_where_the_list_would_count_other_models(client, random_provinces):
    """Years of recognition (the list filters by year started), or a unit of the past chosen in
    today's units (its rows are its successors one by one): numbers, no links."""
    random_provinces(3)
    client.force_login(make_user("admin-drill-none", is_superuser=True, is_staff=True))
    province = AdministrativeUnit.objects.filter(level="province").order_by("pk").first()
    former = AdministrativeUnit.objects.filter(level="district", valid_until__isnull=False).order_by("pk").first()
    for params in [{"unit": province.pk, "year_basis": stats.RECOGNISED, "year_from": 2012},
                   {"unit": former.pk}]:
        for structure in (stats.HISTORICAL, stats.CURRENT):
            response = client.get(URL, {**params, "structure": structure, "source": stats.REGISTRY})
            assert response.context["table"].total.registry_total() > 0
            printed = LINK.findall(unescape(response.context["body"]))
            assert not printed or (structure == stats.HISTORICAL and "year_basis" not in params)


def test_a_provincial_officer_follows_links_within_their_scope(client, random_provinces):
    random_provinces(5)
    province = AdministrativeUnit.objects.filter(level="province").order_by("pk").first()
    client.force_login(make_user("drill-officer", province))
    assert check_links(client, {"unit": province.pk, "structure": stats.CURRENT, "source": stats.REGISTRY}) > 0


def test_the_public_sees_only_published_models_behind_a_link(client, random_provinces):
    random_provinces(3)
    province = AdministrativeUnit.objects.filter(level="province").order_by("pk").first()
    inside = today.mapping(province).wholly_inside()
    MobilizationModel.objects.filter(unit__in=inside[: len(inside) // 2]).update(
        is_published=False, review_status=ReviewStatus.DRAFT)
    link = f"{LIST}?unit_today={province.pk}"
    published = MobilizationModel.objects.filter(unit__in=inside, is_published=True).count()
    everything = MobilizationModel.objects.filter(unit__in=inside).count()
    assert 0 < published < everything
    assert client.get(link).context["paginator"].count == published
    client.force_login(make_user("admin-drill-public", is_superuser=True, is_staff=True))
    assert client.get(link).context["paginator"].count == everything


def test_the_list_says_what_the_filter_means(client, random_provinces):
    random_provinces(3)
    commune = AdministrativeUnit.objects.filter(level="commune", valid_until__isnull=True).order_by("pk").first()
    content = client.get(LIST, {"unit_today": commune.pk}).content.decode()
    assert f"Mô hình của các đơn vị nay thuộc {commune.name}" in unescape(content)
    assert f'name="unit_today" value="{commune.pk}"' in content  # kept when other filters are chosen
    former = AdministrativeUnit.objects.filter(valid_until__isnull=False).order_by("pk").first()
    content = unescape(client.get(LIST, {"unit_today": former.pk}).content.decode())
    assert f"Mô hình đăng ký tại chính {former.name}" in content
    assert MobilizationModel.objects.filter(unit=former, is_published=True).count() == client.get(
        LIST, {"unit_today": former.pk}).context["paginator"].count


def first_view(client, url, django_assert_num_queries, n):
    """As a first view after a change of the structure: the unit graph is loaded (PostgreSQL, in a
    test's transaction that has written, reads no structure version and so keeps no graph)."""
    today._graphs.clear()
    queries_for(client, url, django_assert_num_queries, n)


def test_list_with_unit_today_query_count_does_not_grow(client, cam_xuyen, django_assert_num_queries):
    commune = AdministrativeUnit.objects.filter(parent=cam_xuyen.parent, valid_until__isnull=True,
                                                level="commune").order_by("pk").first()
    make_model("Mô hình của xã", commune, is_published=True)
    url = f"{LIST}?unit_today={commune.pk}"
    # the chosen unit (form validation); the structure version, the units and the successions
    # (the unit graph, then kept while the structure does not change); the count; the page of
    # models with field and unit; the governing body's name today (header); the fields for the
    # filter form (a filter chosen: rendered afresh). The note reads the form's cleaned unit.
    expected = 8
    first_view(client, url, django_assert_num_queries, expected)
    for i in range(30):
        make_model(f"Mô hình thêm {i}", commune, is_published=True)
    first_view(client, url, django_assert_num_queries, expected)
    first_view(client, url + "&page=2", django_assert_num_queries, expected)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=30),
    st.sampled_from(["", "0", "1e3", "\x00", "9223372036854775808", "-1", "١٢"]),
))
def test_unit_today_never_fails(client, cam_xuyen, value):
    response = client.get(LIST, {"unit_today": value})
    assert response.status_code in (200, 400)

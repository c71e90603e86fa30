"""The dashboard page, its downloads and who sees what, on the demo province."""

import csv
import io

import pytest
from openpyxl import load_workbook

from dashboard.stats import home_summary
from models_registry.models import Field, MobilizationModel
from tests.conftest import unit_2023
from units.models import AdministrativeUnit

URL = "/thong-ke/"


def row_values(response, code):
    """The numbers of the layout line whose unit code is `code` (what the page prints)."""
    for _row, line_code, _label, values in response.context["layout"].lines():
        if line_code == code:
            return values
    raise AssertionError(f"no row {code}")


def test_province_table_shows_the_article_numbers(client, admin_user):
    client.force_login(admin_user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tỉnh Hà Tĩnh" in html
    assert "3.372" in html and "1.205" in html and "1.427" in html  # Vietnamese grouping
    assert "794" in html
    layout = response.context["layout"]
    assert [k for k in layout.kinds] == ["registry", "reported", "difference"]
    # Cẩm Xuyên: per field registry / reported / difference, then the totals.
    values = row_values(response, "446")
    assert values[1::3][:4] == [1205, 1427, 425, 315]
    assert values[-3:] == [6, 3372, 3366]
    assert row_values(response, "436")[-2] == 794


def test_drill_down_to_a_district_uses_its_own_report_as_total(client, admin_user, cam_xuyen):
    client.force_login(admin_user)
    html = client.get(URL).content.decode()
    assert f"?unit={cam_xuyen.pk}" in html
    response = client.get(URL, {"unit": cam_xuyen.pk})
    assert response.status_code == 200
    total = response.context["table"].total
    assert total.reported_total() == 3372
    assert total.registry_total() == 6
    labels = [label for _r, _c, label, _v in response.context["layout"].lines()]
    assert any("Cẩm Bình" in label for label in labels)
    assert "Báo cáo: 3.372 mô hình; sổ theo dõi có 6." in response.content.decode()


def test_structure_switch_keeps_the_province_total(client, admin_user):
    client.force_login(admin_user)
    then = client.get(URL).context["table"].total
    now_response = client.get(URL, {"structure": "current"})
    now = now_response.context["table"].total
    assert now.registry_total() == then.registry_total() == MobilizationModel.objects.count()
    assert now.reported_total() == then.reported_total() == 3372 + 794
    lines = {code: (row, label) for row, code, label, _v in now_response.context["layout"].lines()}
    assert "18685" in lines  # xã Cẩm Bình of today
    # The old district is not a unit of today: it is shown under its own name as split among its
    # successors (its session's 3.372 counted once there), each successor named.
    row, label = lines["446"]
    assert row.parts and not row.partly_outside and row.reported_total() == 3372
    assert label.startswith("Huyện Cẩm Xuyên — chia cho 8 đơn vị mới: ") and "Xã Thiên Cầm" in label


def test_csv_download_has_exactly_the_numbers_shown(client, admin_user):
    client.force_login(admin_user)
    shown = client.get(URL, {"structure": "current", "year_from": "2000"})
    response = client.get(URL, {"structure": "current", "year_from": "2000", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:2] == ["Mã đơn vị", "Đơn vị"]
    expected = [
        [code, label, *("" if v is None else str(v) for v in values)]
        for _r, code, label, values in shown.context["layout"].lines()
    ]
    assert lines[1:] == expected


def test_xlsx_download_has_native_numbers_and_codes(client, admin_user):
    client.force_login(admin_user)
    response = client.get(URL, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    rows = rows[next(i for i, row in enumerate(rows) if row[0] == "Mã đơn vị"):]  # below the title block
    assert rows[0][:2] == ("Mã đơn vị", "Đơn vị")
    cam_xuyen = next(r for r in rows if r[0] == "446")
    assert "Cẩm Xuyên" in cam_xuyen[1]
    assert cam_xuyen[3] == 1205 and isinstance(cam_xuyen[3], int)
    assert rows[-1][1] == "Tổng cộng" and rows[-1][-2] == 3372 + 794


def test_public_sees_province_numbers_only(client, cam_xuyen):
    assert client.get(URL, {"unit": cam_xuyen.pk}).status_code == 404
    response = client.get(URL)
    assert response.status_code == 200
    lines = list(response.context["layout"].lines())
    assert [code for _r, code, _l, _v in lines] == ["42", ""]  # the province, the total
    assert response.context["layout"].kinds == ["registry"]
    assert "Mô hình “Dân vận khéo” — Tỉnh Hà Tĩnh" in response.content.decode()
    html = response.content.decode()
    assert "3.372" not in html  # reported counts are not public
    assert f"unit={cam_xuyen.pk}" not in html  # no drill-down
    published = MobilizationModel.objects.filter(is_published=True).count()
    assert response.context["table"].total.registry_total() == published


def test_district_officer_sees_their_district_only(client, camxuyen, cam_xuyen, thach_ha, province):
    client.force_login(camxuyen)
    response = client.get(URL)
    assert response.context["params"].unit == cam_xuyen
    assert response.context["table"].total.reported_total() == 3372
    assert client.get(URL, {"unit": thach_ha.pk}).status_code == 404
    assert client.get(URL, {"unit": province.pk}).status_code == 404
    assert client.get(URL, {"unit": ""}).context["params"].unit == cam_xuyen  # not the whole country
    commune = unit_2023("18685", level="commune")
    assert client.get(URL, {"unit": commune.pk}).status_code == 200


def test_provincial_officer_starts_at_the_province(client, provincial, province, tp_ha_tinh):
    client.force_login(provincial)
    response = client.get(URL)
    assert response.context["params"].unit == province
    assert client.get(URL, {"unit": tp_ha_tinh.pk}).context["table"].total.reported_total() == 794


def test_bad_period_is_explained_next_to_the_field(client, admin_user):
    client.force_login(admin_user)
    response = client.get(URL, {"year_from": "2020", "year_to": "2010"})
    assert response.status_code == 400
    assert "Năm kết thúc giai đoạn không được trước năm bắt đầu." in response.content.decode()
    assert 'value="2020"' in response.content.decode()
    assert "— </h1>" not in response.content.decode()  # no unit to name: no dangling dash


def add_more_rows(province, n):
    field = Field.objects.first()
    for i in range(n):
        district = AdministrativeUnit.objects.create(
            name=f"Huyện thêm {i}", code=f"9{i:03}", level="district", kind="huyen", parent=province
        )
        MobilizationModel.objects.bulk_create(
            MobilizationModel(name=f"Thêm {i}-{j}", field=field, unit=district, host_type="front", year_started=2020)
            for j in range(5)
        )


@pytest.mark.parametrize(
    "structure, queries",
    [
        # session, user, the fields (all, read once for the form's choices and the columns),
        # the chosen unit (with its parents); the headline cards: the data version (their cache),
        # the structure version and the
        # unit's scope over time (units below, successions both ways: 3), the periods with an
        # approved report in it (none here), the registry figures (one aggregate); the latest
        # period with an approved report below the unit (the table's default source); the data
        # version, the units below it (id, parent, grandparent), registry GROUP BY unit and
        # field, chosen sessions, reported GROUP BY, registry GROUP BY year and field, the row
        # units. (Every request here follows a write: nothing comes from the cache; see
        # test_dashboard_cache.py.) The governing body's name today (header), the reporting
        # periods (the filter's choices).
        ("historical", 21),
        # the same, but instead of the units below: the unit graph (all units; all successions).
        ("current", 22),
    ],
)
def test_query_count_does_not_grow_with_rows(client, admin_user, province, django_assert_num_queries, structure,
                                             queries):
    client.force_login(admin_user)
    params = {"unit": province.pk, "structure": structure}
    with django_assert_num_queries(queries):
        client.get(URL, params)
    add_more_rows(province, 20)
    with django_assert_num_queries(queries):
        response = client.get(URL, params)
    assert response.context["table"].total.registry_total() == MobilizationModel.objects.count()


def test_home_summary_counts_by_field(admin_user, django_assert_num_queries):
    fields = list(Field.objects.all())
    with django_assert_num_queries(2):  # the data version, registry GROUP BY field
        summary = home_summary(MobilizationModel.objects.restrict(admin_user), fields)
    assert summary["total"] == MobilizationModel.objects.count()
    assert sum(n for _f, n in summary["by_field"]) == summary["total"]


@pytest.mark.parametrize(
    "params",
    [
        {"source": "reported"},
        {"source": "registry", "structure": "current"},
        {"year_basis": "recognised", "year_from": "2008", "year_to": "2023"},
        {"kind": "individual", "field": "FIELD"},
        {"unit": ""},
    ],
)
def test_every_filter_gives_the_same_numbers_on_page_and_in_csv(client, admin_user, params):
    client.force_login(admin_user)
    if params.get("field") == "FIELD":
        params = {**params, "field": Field.objects.get(code="kinh-te").pk}
    page = client.get(URL, params)
    assert page.status_code == 200
    lines = list(csv.reader(io.StringIO(client.get(URL, {**params, "format": "csv"}).content.decode("utf-8-sig"))))
    shown = [[code, label, *("" if v is None else str(v) for v in values)]
             for _r, code, label, values in page.context["layout"].lines()]
    assert lines[1:] == shown
    if params.get("source") == "reported":
        assert page.context["layout"].kinds == ["reported"] and lines[-1][-1] == str(3372 + 794)


def test_district_officer_today_keeps_their_total(client, camxuyen):
    client.force_login(camxuyen)
    response = client.get(URL, {"structure": "current"})
    total = response.context["table"].total
    assert total.reported_total() == 3372
    assert total.registry_total() == 6  # the six Cẩm Xuyên models of the article, none lost
    labels = [label for _r, _c, label, _v in response.context["layout"].lines()]
    assert "Xã Cẩm Bình" in labels and "Phường Thành Sen" not in labels


def test_field_select_offers_the_active_fields_and_keeps_the_choice(client, admin_user):
    client.force_login(admin_user)
    chosen = Field.objects.get(code="kinh-te")
    Field.objects.filter(code="quoc-phong-an-ninh").update(is_active=False)
    html = client.get(URL, {"field": chosen.pk}).content.decode()
    select = html[html.index('<select name="field"'):]
    select = select[: select.index("</select>")]
    assert f'<option value="{chosen.pk}" selected>{chosen.name}</option>' in select
    assert "Quốc phòng" not in select  # inactive: not offered
    assert select.count("<option") == Field.objects.filter(is_active=True).count() + 1  # + "all fields"

"""The survey pages (/khao-sat/) as each persona, the entry page's validation and locking."""

import datetime

import pytest
from django.urls import reverse

from models_registry.models import Field, MobilizationModel
from surveys.models import Recommendation, SurveySession
from tests.conftest import unit_2023
from tests.pages import PERSONAS, client_for, queries_for, snapshot
from units.models import AdministrativeUnit, UnitLevel

LIST = reverse("surveys:session_list")
ADD = reverse("surveys:session_add")


@pytest.fixture
def sessions(demo, cam_xuyen, tp_ha_tinh):
    """The article's two sessions plus one in the 2025 xã Cẩm Bình and one in xã Thạch Bình."""
    new_cam_binh = AdministrativeUnit.objects.get(code="18685", valid_from=datetime.date(2025, 7, 1))
    thach_binh = unit_2023("18112", UnitLevel.COMMUNE)

    def session(unit, date, title):
        return SurveySession.objects.create(unit=unit, date=date, title=title, delegation="Đoàn công tác",
                                            head_name="Nguyễn Hải Nam", period_start=2020, period_end=2025)
    return {
        "cam_xuyen": SurveySession.objects.get(unit=cam_xuyen),
        "tp_ha_tinh": SurveySession.objects.get(unit=tp_ha_tinh),
        "cam_binh_2025": session(new_cam_binh, datetime.date(2025, 8, 1), "Khảo sát xã Cẩm Bình mới"),
        "thach_binh": session(thach_binh, datetime.date(2024, 5, 1), "Khảo sát xã Thạch Bình"),
    }


SEES = {
    "anonymous": set(),
    "camxuyen": {"cam_xuyen", "cam_binh_2025"},
    "thachha": set(),
    "provincial": {"cam_xuyen", "tp_ha_tinh", "cam_binh_2025", "thach_binh"},
    "admin_user": {"cam_xuyen", "tp_ha_tinh", "cam_binh_2025", "thach_binh"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_is_for_officers_and_scoped(request, persona, sessions):
    response = client_for(request, persona).get(LIST)
    if persona == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        return
    shown = {s.pk for s in response.context["sessions"]}
    assert shown == {sessions[key].pk for key in SEES[persona]}
    assert response.context["paginator"].count == len(SEES[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_is_404_outside_scope(request, persona, sessions):
    client = client_for(request, persona)
    for key, session in sessions.items():
        status = client.get(reverse("surveys:session_detail", args=[session.pk])).status_code
        expected = 302 if persona == "anonymous" else 200 if key in SEES[persona] else 404
        assert status == expected, key


def test_filters_by_unit_subtree_period_and_status(client, provincial, sessions, cam_xuyen):
    client.force_login(provincial)
    by_unit = client.get(LIST, {"unit": cam_xuyen.pk}).context["sessions"]
    assert {s.title for s in by_unit} == {sessions["cam_xuyen"].title, "Khảo sát xã Cẩm Bình mới"}
    assert {s.pk for s in client.get(LIST, {"year_from": 2024}).context["sessions"]} == {
        sessions["cam_binh_2025"].pk, sessions["thach_binh"].pk
    }
    assert client.get(LIST, {"status": "final"}).context["paginator"].count == 2


# persona -> status of: the new-session page, the edit page of the Cẩm Xuyên and the TP Hà Tĩnh session
ENTRY_STATUS = {
    "anonymous": (302, 302, 302),
    "camxuyen": (403, 403, 404),
    "thachha": (403, 404, 404),
    "provincial": (200, 200, 200),
    "admin_user": (200, 200, 200),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_entry_pages_are_for_provincial_officers(request, persona, sessions):
    client = client_for(request, persona)
    statuses = (
        client.get(ADD).status_code,
        client.get(reverse("surveys:session_edit", args=[sessions["cam_xuyen"].pk])).status_code,
        client.get(reverse("surveys:session_edit", args=[sessions["tp_ha_tinh"].pk])).status_code,
    )
    assert statuses == ENTRY_STATUS[persona]


def test_new_session_page_has_a_count_row_per_active_field(client, provincial):
    client.force_login(provincial)
    counts = client.get(ADD).context["counts"]
    assert [form.initial["field"] for form in counts.forms] == list(
        Field.objects.filter(is_active=True).values_list("pk", flat=True)
    )


def formset(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def session_post(unit, counts=(120, 80, 30, 20), **overrides):
    fields = list(Field.objects.filter(is_active=True).values_list("pk", flat=True))
    data = {
        "title": "Khảo sát huyện Thạch Hà", "date": "06/06/2023", "unit": unit.pk, "period_start": "2008",
        "period_end": "2023", "delegation": "Đoàn công tác Ban Chỉ đạo tỉnh", "head_name": "Nguyễn Hải Nam",
        "status": "draft", "reported_total": "", "version": "",
        **formset("counts", [{"field": f, "count": c} for f, c in zip(fields, counts, strict=False)]),
        **formset("indicators", [{"name": "Thu nhập bình quân", "value_text": "50,5 triệu", "value_number": "50,5"}]),
        **formset("proposals", [{"raised_by": "Bí thư Huyện ủy", "text": "Có bộ tiêu chí đánh giá"}]),
        **formset("recommendations", [{"text": "Nhân rộng mô hình", "follow_up_status": "open"}]),
    }
    data.update(overrides)
    return data


def test_provincial_officer_saves_a_session_with_all_its_parts(client, provincial, thach_ha):
    client.force_login(provincial)
    response = client.post(ADD, session_post(thach_ha, reported_total="250"))
    session = SurveySession.objects.get(title="Khảo sát huyện Thạch Hà")
    assert response.status_code == 302 and response["Location"] == reverse("surveys:session_detail",
                                                                            args=[session.pk])
    assert session.counts_total() == 250 and session.reported_total == 250
    assert (session.created_by, session.updated_by, session.version) == (provincial, provincial, 1)
    assert session.indicators.get().value_number == 50.5
    assert session.proposals.count() == 1 and session.recommendations.get().order == 1
    body = client.get(response["Location"]).content.decode()
    assert "Nhân rộng mô hình" in body and ">250<" in body


BAD_INPUT = [
    ("negative count", {"counts-1-count": "-5"}, "Số mô hình không được âm."),
    ("non-numeric count", {"counts-1-count": "mười"}, "Hãy nhập số mô hình là một số nguyên"),
    ("total differs from the sum", {"reported_total": "260"},
     "Tổng số báo cáo (260) không bằng tổng các số theo lĩnh vực (250): chênh lệch là 10."),
    ("period ends before it starts", {"period_start": "2023", "period_end": "2008"},
     "Năm kết thúc giai đoạn không được trước năm bắt đầu."),
    ("unit not valid on the date", {"date": "05/06/2023", "unit": "new_cam_binh"},
     "Xã Cẩm Bình không tồn tại vào ngày 05/06/2023"),
    ("over-long title", {"title": "x" * 301}, "tối đa 300 kí tự"),
    ("non-numeric total", {"reported_total": "3.372 mô hình"}, "Hãy nhập một số nguyên."),
]


@pytest.mark.parametrize(("case", "overrides", "message"), BAD_INPUT, ids=[case for case, *_ in BAD_INPUT])
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(client, provincial, thach_ha, case,
                                                                     overrides, message):
    client.force_login(provincial)
    if overrides.get("unit") == "new_cam_binh":
        overrides["unit"] = AdministrativeUnit.objects.get(code="18685", valid_from=datetime.date(2025, 7, 1)).pk
    before = snapshot()
    response = client.post(ADD, {**session_post(thach_ha), **overrides})
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'class="errorlist' in body
    assert "Có bộ tiêu chí đánh giá" in body  # what the officer typed elsewhere is kept
    assert snapshot() == before


def test_duplicate_field_row_is_refused(client, provincial, thach_ha):
    client.force_login(provincial)
    before = snapshot()
    field = Field.objects.get(code="kinh-te").pk
    data = session_post(thach_ha, **formset("counts", [{"field": field, "count": 5}, {"field": field, "count": 7}]))
    body = client.post(ADD, data).content.decode()
    assert "Lĩnh vực này đã có một dòng ở trên." in body
    assert snapshot() == before


def test_html_in_a_title_is_stored_as_text_and_escaped(client, provincial, thach_ha):
    client.force_login(provincial)
    client.post(ADD, session_post(thach_ha, title="<b>Khảo sát</b><script>alert(1)</script>"))
    session = SurveySession.objects.get(title__startswith="<b>")
    body = client.get(reverse("surveys:session_detail", args=[session.pk])).content.decode()
    assert "<script>alert(1)" not in body and "&lt;b&gt;Khảo sát&lt;/b&gt;&lt;script&gt;" in body


def edit_post(session, **overrides):
    """The edit page's own form data for `session`, as the browser would send it unchanged."""
    counts = list(session.reported_counts.order_by("field__order"))
    data = session_post(
        session.unit, date=session.date.strftime("%d/%m/%Y"), title=session.title, version=str(session.version),
        period_start=str(session.period_start), period_end=str(session.period_end),
        reported_total=str(session.reported_total or ""),
        **formset("counts", [{"id": c.pk, "field": c.field_id, "count": c.count} for c in counts], len(counts)),
        **formset("indicators", []), **formset("proposals", []), **formset("recommendations", []),
    )
    data.update(overrides)
    return data


def test_second_of_two_concurrent_edits_is_refused(client, provincial, sessions):
    client.force_login(provincial)
    session = sessions["cam_xuyen"]
    url = reverse("surveys:session_edit", args=[session.pk])
    first = edit_post(session, head_name="Trương Thanh Huyền (sửa)")
    second = edit_post(session, head_name="Người sửa thứ hai", **{"counts-0-count": "1206"}, reported_total="3373")
    assert client.post(url, first).status_code == 302
    before = snapshot()
    response = client.post(url, second)
    assert "Người khác đã lưu bản ghi này sau khi bạn mở trang" in response.content.decode()
    assert snapshot() == before
    session.refresh_from_db()
    assert (session.head_name, session.version, session.counts_total()) == ("Trương Thanh Huyền (sửa)", 2, 3372)


def test_list_query_count_does_not_grow(client, provincial, sessions, django_assert_num_queries):
    client.force_login(provincial)
    # session, user with officer profile and scope unit, the data version and the scope (3 queries:
    # the province's subtree, whole successions into it, out of it; a first view), count, the data
    # version again (the filter form, no filter chosen), page of sessions with unit and the sum of
    # their counts; the governing body's name today (header)
    expected = 10
    queries_for(client, LIST, django_assert_num_queries, expected)
    for i in range(30):
        SurveySession.objects.create(unit=sessions["cam_xuyen"].unit, date=datetime.date(2023, 1, 1 + i % 28),
                                     title=f"Thêm {i}", delegation="Đoàn", head_name="A", period_start=2020,
                                     period_end=2023)
    queries_for(client, LIST, django_assert_num_queries, expected)


def test_detail_query_count_does_not_grow(client, provincial, sessions, django_assert_num_queries):
    client.force_login(provincial)
    session = sessions["cam_xuyen"]
    url = reverse("surveys:session_detail", args=[session.pk])
    # session, user with officer profile and scope unit, the data version and the scope (3 queries),
    # the survey session with its unit and parent, may-change check, recommendations, counts with fields, their sum,
    # indicators, proposals, visited models; the change history of the session and of its four
    # kinds of parts (5), and the units and fields those changes name (2); the governing body's
    # name today (header)
    expected = 15 + 5 + 2
    queries_for(client, url, django_assert_num_queries, expected)
    for i in range(10):
        Recommendation.objects.create(session=session, text=f"Đề nghị {i}")
    session.indicators.create(name="Thêm", value_text="1")
    session.reported_counts.update(count=1)  # no history (a bulk update): and saved one by one:
    for count in session.reported_counts.all():
        count.count += 1
        count.save()
    queries_for(client, url, django_assert_num_queries, expected)


def test_visited_models_picker_sends_only_the_chosen_models(client, provincial, sessions):
    client.force_login(provincial)
    session = sessions["cam_xuyen"]
    visited = session.visited_models.get()
    form = client.get(reverse("surveys:session_edit", args=[session.pk])).context["form"]
    rendered = str(form["visited_models"])
    assert visited.name in rendered and "Ống tiền tiết kiệm" not in rendered
    other = MobilizationModel.objects.get(name="Ống tiền tiết kiệm")
    url = reverse("surveys:session_edit", args=[session.pk])
    assert client.post(url, edit_post(session, visited_models=[visited.pk, other.pk])).status_code == 302
    assert set(session.visited_models.all()) == {visited, other}


def test_entry_page_query_count_does_not_grow_with_fields(client, provincial, sessions, django_assert_num_queries):
    client.force_login(provincial)
    url = reverse("surveys:session_edit", args=[sessions["cam_xuyen"].pk])
    # session, user with officer profile and scope unit, the data version and the scope (3 queries),
    # the survey session, may-change check, its visited models (form initial); the count rows' fields present, the
    # fields to offer; the picker's units, the chosen visited models (their one-option list),
    # the count rows with their fields, indicators, proposals, recommendations, the units the
    # requests are addressed to (their pickers' one option each, one query for all); the
    # governing body's name today (header)
    expected = 19
    queries_for(client, url, django_assert_num_queries, expected)
    for i in range(3):
        Field.objects.create(name=f"Lĩnh vực mới {i}", code=f"moi-{i}", order=10 + i)
    assert len(client.get(url).context["counts"].forms) == 4 + 3
    queries_for(client, url, django_assert_num_queries, expected)


def test_all_errors_of_the_page_show_at_once(client, provincial, thach_ha):
    """A negative count, a wrong total and a bad indicator year: every one flagged on the first
    save (the total could not be checked before the counts were, so it says so)."""
    client.force_login(provincial)
    before = snapshot()
    data = session_post(thach_ha, counts=(500, -5, 100, 50), reported_total="700", period_end="1900",
                        **{"indicators-0-year": "1800"})
    response = client.post(ADD, data)
    form, counts = response.context["form"], response.context["counts"]
    assert counts.forms[1].errors["count"] == ["Số mô hình không được âm."]
    assert form.errors["reported_total"] == [
        "Chưa kiểm tra được tổng số cho đến khi sửa xong các số theo lĩnh vực đang đánh dấu đỏ."
    ]
    assert "period_end" in form.errors
    assert response.context["parts"][0].forms[0].errors["year"]
    assert snapshot() == before


def test_a_wrong_total_is_flagged_together_with_other_errors_of_the_session(client, provincial, thach_ha):
    client.force_login(provincial)
    response = client.post(ADD, session_post(thach_ha, reported_total="260", title=""))
    form = response.context["form"]
    assert "title" in form.errors
    assert form.errors["reported_total"] == [
        "Tổng số báo cáo (260) không bằng tổng các số theo lĩnh vực (250): chênh lệch là 10."
    ]


def test_the_reported_total_sits_right_after_the_counts(client, provincial):
    client.force_login(provincial)
    body = client.get(ADD).content.decode()
    counts_table, total, status = (body.index('id="counts-table"'), body.index('id="id_reported_total"'),
                                   body.index('id="id_status"'))
    assert status < counts_table < total < body.index('id="indicators-table"')
    assert body.count('name="reported_total"') == 1


DRAFT_NOTICE = "Bản nháp: chưa được tính vào thống kê"
# persona -> status of the finalise POST on a complete draft of Cẩm Xuyên, and whether it became final
FINALISE = {
    "anonymous": (302, False),
    "camxuyen": (403, False),  # sees the session, may not change it
    "thachha": (404, False),
    "provincial": (302, True),
    "admin_user": (302, True),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_finalising_the_figures_is_for_those_who_may_change_the_session(request, persona, sessions):
    session = sessions["cam_xuyen"]
    session.status = "draft"
    session.save()
    client = client_for(request, persona)
    response = client.post(reverse("surveys:session_finalise", args=[session.pk]), follow=False)
    status, finalised = FINALISE[persona]
    assert response.status_code == status
    session.refresh_from_db()
    assert (session.status == "final") == finalised
    if finalised:
        assert response["Location"] == reverse("surveys:session_detail", args=[session.pk])
        assert session.version == 2
        latest = session.history.first()
        assert (latest.status, latest.history_change_reason) == ("final", "Chốt số liệu")
        assert latest.history_user == request.getfixturevalue(persona)
        body = client.get(response["Location"]).content.decode()
        assert "Đã chốt số liệu" in body and DRAFT_NOTICE not in body


def test_finalising_is_refused_while_the_figures_are_incomplete(client, provincial, sessions):
    client.force_login(provincial)
    empty = sessions["cam_binh_2025"]  # a draft without counts
    response = client.post(reverse("surveys:session_finalise", args=[empty.pk]), follow=True)
    assert ("Chưa chốt được số liệu: chưa có số liệu của lĩnh vực Kinh tế, Văn hóa – xã hội, "
            "Quốc phòng – an ninh, Xây dựng hệ thống chính trị") in response.content.decode()
    cam_xuyen = sessions["cam_xuyen"]
    SurveySession.objects.filter(pk=cam_xuyen.pk).update(status="draft", reported_total=3373)
    response = client.post(reverse("surveys:session_finalise", args=[cam_xuyen.pk]), follow=True)
    assert "tổng số báo cáo (3.373) không bằng tổng các số theo lĩnh vực (3.372)" in response.content.decode()
    assert set(SurveySession.objects.filter(pk__in=[empty.pk, cam_xuyen.pk]).values_list("status", flat=True)) == {
        "draft"
    }


def test_a_draft_says_so_on_its_page_and_on_the_form(client, provincial, camxuyen, sessions):
    draft, final = sessions["cam_binh_2025"], sessions["cam_xuyen"]
    client.force_login(provincial)
    body = client.get(reverse("surveys:session_detail", args=[draft.pk])).content.decode()
    assert DRAFT_NOTICE in body and ">Chốt số liệu</button>" in body
    body = client.get(reverse("surveys:session_detail", args=[final.pk])).content.decode()
    assert DRAFT_NOTICE not in body and "Chốt số liệu</button>" not in body
    assert "Bản nháp chưa được tính vào thống kê." in client.get(ADD).content.decode()  # help text by the status
    client.force_login(camxuyen)  # may see the draft, not finalise it
    body = client.get(reverse("surveys:session_detail", args=[draft.pk])).content.decode()
    assert DRAFT_NOTICE in body and "Chốt số liệu</button>" not in body

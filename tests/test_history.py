"""Change history: who changed what, before and after, and nothing when nothing changed."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from core.history import history_rows
from models_registry.models import MobilizationModel
from surveys.models import ReportedCount, SurveySession


@pytest.fixture
def model(demo):
    return MobilizationModel.objects.get(name="Ống tiền tiết kiệm")


def test_saving_without_a_change_records_nothing(model):
    entries = model.history.count()
    model.save()
    model.updated_by = None  # bookkeeping columns are not a change
    model.version += 1
    model.save()
    assert model.history.count() == entries
    model.host_name = "Hội LHPN huyện Cẩm Xuyên"
    model.save()
    assert model.history.count() == entries + 1
    model.save()  # the skip only lasts one save: an unchanged save after a change records nothing, too
    assert model.history.count() == entries + 1


def test_history_records_who_changed_what_before_and_after(model, provincial):
    model._history_user = provincial
    model.year_started = 2015
    model.save()
    [latest, *_older] = history_rows(model)
    assert latest["user"] == provincial and latest["type"] == "~"
    assert latest["changes"] == [{"field": "năm bắt đầu", "before": "—", "after": "2015"}]


def test_deleting_a_count_is_recorded(demo, admin_user):
    count = ReportedCount.objects.filter(field__code="kinh-te").first()
    count._history_user = admin_user
    count_id = count.pk
    count.delete()
    record = ReportedCount.history.filter(id=count_id).first()
    assert record.history_type == "-" and record.history_user == admin_user


def test_history_include_renders_the_rows(model, provincial):
    model._history_user = provincial
    model.year_started = 2015
    model.save()
    html = render_to_string("history/_history.html", {"rows": history_rows(model)})
    assert "Lịch sử thay đổi" in html and "tinh-test" in html and "2015" in html


def test_session_page_shows_who_changed_a_count(client, provincial, cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    count = session.reported_counts.get(field__code="kinh-te")
    count._history_user = provincial
    count.count = 1200
    count.save()
    client.force_login(provincial)
    page = client.get(reverse("surveys:session_detail", args=[session.pk])).content.decode()
    history = page[page.index('class="history-tab"'):]
    assert "tinh-test" in history and "<del>1205</del> → 1200" in history
    assert "số liệu báo cáo" in history  # the part that changed is named


def test_the_public_sees_a_model_but_not_its_history(client, model, provincial):
    url = reverse("models_registry:model_detail", args=[model.pk])
    assert "history-tab" not in client.get(url).content.decode()
    client.force_login(provincial)
    assert "history-tab" in client.get(url).content.decode()

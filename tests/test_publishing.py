"""The publishing queue of models: a local officer sends a draft for approval ("Gửi duyệt"), the
province publishes it or returns it with a required comment, the sender is told on their home
page and by e-mail; nobody approves their own submission; each step is in the history. And the
signed-in officers' home page: their tasks instead of the public gallery."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.history import history_rows
from models_registry.importers import ModelImporter
from models_registry.models import Field, HostType, MobilizationModel, ReviewStatus
from surveys.models import Recommendation, SurveySession
from tests.conftest import make_user
from tests.imports_helpers import table, xlsx_bytes
from tests.pages import client_for, queries_for, snapshot
from tests.test_imports_models import HEADERS, row
from tests.test_pages_registry import model_post
from units import scoping
from units.mail import deliver
from units.models import Notification, OutgoingMail

PERSONAS = ["anonymous", "commune", "camxuyen", "thachha", "provincial", "admin_user"]


def submit_url(model):
    return reverse("models_registry:model_submit", args=[model.pk])


def review_url(model):
    return reverse("models_registry:model_review", args=[model.pk])


@pytest.fixture
def draft(camxuyen, cam_xuyen):
    """A draft the Cẩm Xuyên officer registered in huyện Cẩm Xuyên (they have an e-mail address)."""
    camxuyen.email = "camxuyen@example.vn"
    camxuyen.save()
    return MobilizationModel.objects.create(
        name="Tổ hòa giải ở cơ sở giỏi", unit=cam_xuyen, field=Field.objects.get(code="quoc-phong-an-ninh"),
        host_type=HostType.FRONT, created_by=camxuyen, updated_by=camxuyen,
    )


@pytest.fixture
def pending(draft, camxuyen):
    draft.review_status, draft.submitted_by = ReviewStatus.PENDING, camxuyen
    draft.save()
    return draft


@pytest.fixture
def provincial2(province):
    return make_user("tinh2-test", province)


def test_the_edit_form_has_no_publish_box(client, provincial, cam_xuyen):
    client.force_login(provincial)
    assert 'name="is_published"' not in client.get(reverse("models_registry:model_add")).content.decode()
    data = model_post(cam_xuyen, name="Mô hình mới", is_published="on")  # a box sent anyway is ignored
    assert client.post(reverse("models_registry:model_add"), data).status_code == 302
    model = MobilizationModel.objects.get(name="Mô hình mới")
    assert (model.is_published, model.review_status) == (False, ReviewStatus.DRAFT)


# persona -> status of "Gửi duyệt" on the Cẩm Xuyên draft
SUBMIT = {"anonymous": 302, "commune": 404, "camxuyen": 302, "thachha": 404, "provincial": 302, "admin_user": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sends_a_draft_for_approval(request, persona, draft):
    client = client_for(request, persona)
    before = snapshot()
    response = client.post(submit_url(draft))
    assert response.status_code == SUBMIT[persona]
    draft.refresh_from_db()
    if persona == "anonymous" or SUBMIT[persona] != 302:
        assert snapshot() == before and draft.review_status == ReviewStatus.DRAFT
        return
    assert draft.review_status == ReviewStatus.PENDING and draft.submitted_by == request.getfixturevalue(persona)
    assert draft.version == 2 and not draft.is_published


# persona -> status of publishing a Cẩm Xuyên model another provincial officer sent for approval
REVIEW = {"anonymous": 302, "commune": 404, "camxuyen": 403, "thachha": 404, "provincial": 302, "admin_user": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_publishes(request, persona, pending, provincial2):
    pending.submitted_by = provincial2
    pending.save()
    client = client_for(request, persona)
    before = snapshot()
    response = client.post(review_url(pending), {"action": "publish"})
    assert response.status_code == REVIEW[persona]
    pending.refresh_from_db()
    if persona == "anonymous" or REVIEW[persona] != 302:
        assert snapshot() == before and pending.review_status == ReviewStatus.PENDING
        return
    assert (pending.review_status, pending.is_published) == (ReviewStatus.PUBLISHED, True)


def test_approving_ones_own_submission_is_refused(client, provincial, provincial2, draft, admin_user):
    client.force_login(provincial)
    client.post(submit_url(draft))
    before = snapshot()
    response = client.post(review_url(draft), {"action": "publish"}, follow=True)
    assert "Bạn không thể duyệt hoặc trả lại mô hình do chính mình gửi duyệt." in response.content.decode()
    client.post(review_url(draft), {"action": "return", "comment": "Tự trả lại"})
    assert snapshot() == before
    assert 'id="publish"' not in client.get(draft.get_absolute_url()).content.decode()
    assert not MobilizationModel.objects.restrict(provincial, "review").filter(pk=draft.pk).exists()
    client.force_login(admin_user)  # an admin does not approve their own either, but another's yes
    assert client.post(review_url(draft), {"action": "publish"}).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_returning_needs_a_comment_and_tells_the_sender(client, provincial, camxuyen, pending):
    client.force_login(provincial)
    before = snapshot()
    response = client.post(review_url(pending), {"action": "return", "comment": "   "})
    assert response.status_code == 200
    assert "Hãy ghi lý do trả lại mô hình: bắt buộc phải có ý kiến." in response.content.decode()
    assert snapshot() == before and not Notification.objects.exists() and not OutgoingMail.objects.exists()
    with_comment = {"action": "return", "comment": "Bổ sung nguồn lực và kết quả đầu ra."}
    response = client.post(review_url(pending), with_comment)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.review_status, pending.review_comment) == (ReviewStatus.RETURNED, with_comment["comment"])
    notice = Notification.objects.get(recipient=camxuyen)
    assert notice.text == "Mô hình “Tổ hòa giải ở cơ sở giỏi” của bạn bị trả lại: Bổ sung nguồn lực và kết quả đầu ra."
    assert notice.url == f"http://testserver{pending.get_absolute_url()}"


def test_the_e_mail_is_queued_with_the_step_and_sent_by_the_worker_task(client, provincial, pending):
    """The web process only records the mail and queues its task (one transaction with the step);
    the worker sends it (here its task is called; a worker process: tests/test_schedule_worker.py)."""
    client.force_login(provincial)
    client.post(review_url(pending), {"action": "return", "comment": "Bổ sung số liệu."})
    assert mail.outbox == []
    queued = OutgoingMail.objects.get()
    assert (queued.to, queued.status) == ("camxuyen@example.vn", "queued")
    task = DBTaskResult.objects.get(task_path="units.mail.deliver")
    assert (task.status, task.args_kwargs["args"]) == ("READY", [queued.pk])
    assert deliver.call(queued.pk) == "sent" and deliver.call(queued.pk) == "not queued"  # once
    assert [message.to for message in mail.outbox] == [["camxuyen@example.vn"]]
    assert "Bổ sung số liệu." in mail.outbox[0].body and pending.get_absolute_url() in mail.outbox[0].body


def test_publish_return_fix_publish_with_every_step_in_the_history(client, provincial, camxuyen, draft):
    client.force_login(camxuyen)
    edit = reverse("models_registry:model_edit", args=[draft.pk])
    assert client.get(edit).status_code == 200
    client.post(submit_url(draft))
    assert client.get(edit).status_code == 403  # awaiting approval: the province's now
    client.force_login(provincial)
    client.post(review_url(draft), {"action": "return", "comment": "Thiếu mục tiêu."})
    client.force_login(camxuyen)
    home = client.get(reverse("home")).content.decode()
    assert "Bản nháp bị trả lại (1)" in home and "Thiếu mục tiêu." in home
    assert client.get(edit).status_code == 200  # returned: theirs to fix
    draft.refresh_from_db()
    data = {"name": draft.name, "field": draft.field_id, "unit": draft.unit_id, "host_type": draft.host_type,
            "kind": draft.kind, "status": draft.status, "objectives": "Giảm 50% vụ việc phải đưa lên xã.",
            "version": draft.version}
    assert client.post(edit, data).status_code == 302
    client.post(submit_url(draft))
    client.force_login(provincial)
    assert client.post(review_url(draft), {"action": "publish"}).status_code == 302
    draft.refresh_from_db()
    assert (draft.is_published, draft.review_status, draft.objectives) == (True, ReviewStatus.PUBLISHED,
                                                                           "Giảm 50% vụ việc phải đưa lên xã.")
    reasons = [row["reason"] for row in reversed(history_rows(draft))]
    assert reasons[1:] == ["Đã gửi duyệt", "Trả lại", "", "Đã gửi duyệt", "Công khai"]
    assert [n.text for n in Notification.objects.filter(recipient=camxuyen).order_by("pk")] == [
        "Mô hình “Tổ hòa giải ở cơ sở giỏi” của bạn bị trả lại: Thiếu mục tiêu.",
        "Mô hình “Tổ hòa giải ở cơ sở giỏi” của bạn đã được công khai.",
    ]
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 200  # public now
    client.force_login(camxuyen)
    assert client.get(edit).status_code == 403  # published: the province's


def test_a_step_out_of_order_is_refused_with_a_message(client, provincial, draft):
    client.force_login(provincial)
    response = client.post(review_url(draft), {"action": "publish"})
    assert response.status_code == 403  # a draft is nobody's to review
    client.post(submit_url(draft))
    response = client.post(submit_url(draft), follow=True)
    assert "Chỉ gửi duyệt được bản nháp hoặc mô hình bị trả lại." in response.content.decode()


# persona -> the review queue's status and how many models it lists (one pending model, sent by camxuyen)
QUEUE = {"anonymous": (302, None), "commune": (403, None), "camxuyen": (403, None), "thachha": (403, None),
         "provincial": (200, 1), "admin_user": (200, 1)}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_review_queue_is_the_provinces(request, persona, pending):
    response = client_for(request, persona).get(reverse("models_registry:review_queue"))
    status, count = QUEUE[persona]
    assert response.status_code == status
    if count is not None:
        assert [m.pk for m in response.context["models"]] == [pending.pk]


def test_the_review_queue_is_a_table_of_the_oldest_sent_first(client, provincial, pending, camxuyen):
    later = MobilizationModel.objects.create(
        name="Gửi sau <b>đậm</b>", unit=pending.unit, field=pending.field, host_type="front",
        review_status=ReviewStatus.PENDING, submitted_by=camxuyen,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 3, 3, 8, 0)),
    )
    pending.submitted_at = timezone.make_aware(datetime.datetime(2026, 3, 2, 23, 30))  # local time: still 2/3
    pending.save()
    client.force_login(provincial)
    page = client.get(reverse("models_registry:review_queue"))
    table = page.context["table"]
    assert [column.header for column in table.columns] == ["Mô hình", "Lĩnh vực", "Đơn vị", "Đã gửi duyệt"]
    html = page.content.decode()
    assert [m.pk for m in page.context["models"]] == [pending.pk, later.pk]
    link = reverse("models_registry:model_detail", args=[pending.pk]) + "#review"
    assert f'<a href="{link}">{pending.name}</a>' in html
    sender = camxuyen.get_full_name() or camxuyen.username
    assert f'<td data-label="Đã gửi duyệt" >02/03/2026 · {sender}</td>' in html
    assert "Gửi sau &lt;b&gt;đậm&lt;/b&gt;" in html and "<b>đậm</b>" not in html  # typed text escaped


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_page_is_the_gallery_for_the_public_and_tasks_for_officers(request, persona, pending):
    page = client_for(request, persona).get(reverse("home")).content.decode()
    if persona == "anonymous":
        assert "Mô hình điển hình" in page and "Việc cần làm" not in page
        return
    assert "Việc cần làm" in page and "Bản nháp bị trả lại (0)" in page
    assert ("Chờ bạn duyệt (1)" in page) == (persona in ("provincial", "admin_user"))


def test_home_lists_overdue_requests_the_officer_follows_up(client, camxuyen, commune, cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    overdue = session.recommendations.first()
    overdue.due_date = datetime.date(2023, 9, 30)
    overdue.save()
    Recommendation.objects.create(session=session, text="Đã xong", responsible_unit=cam_xuyen,
                                  due_date=datetime.date(2023, 9, 30), follow_up_status="done")
    client.force_login(camxuyen)
    page = client.get(reverse("home")).content.decode()
    assert "Đề nghị quá hạn (1)" in page and reverse("surveys:follow_up_detail", args=[overdue.pk]) in page
    client.force_login(commune)  # addressed to the district, not to the commune
    assert "Đề nghị quá hạn (0)" in client.get(reverse("home")).content.decode()


def test_notifications_are_marked_read_only_for_their_recipient(client, camxuyen, provincial):
    mine = Notification.objects.create(recipient=camxuyen, text="Của tôi")
    theirs = Notification.objects.create(recipient=provincial, text="Của tỉnh")
    response = client.post(reverse("notifications_read"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(camxuyen)
    assert "Của tôi" in client.get(reverse("home")).content.decode()
    assert client.post(reverse("notifications_read")).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    assert "Của tôi" not in client.get(reverse("home")).content.decode()


def test_review_queue_query_count(client, provincial, pending, django_assert_num_queries):
    client.force_login(provincial)
    url = reverse("models_registry:review_queue")
    # session, user with officer profile and scope unit, the data version and the scope (3: a first
    # view); count, the page of models with field, unit and sender; the governing body's name (header)
    queries_for(client, url, django_assert_num_queries, 6 + 2 + 1)
    for number in range(30):
        MobilizationModel.objects.create(
            name=f"Chờ {number}", unit=pending.unit, field=pending.field, host_type="front",
            review_status=ReviewStatus.PENDING, submitted_by=pending.submitted_by,
        )
    queries_for(client, url, django_assert_num_queries, 6 + 2 + 1)


def test_home_tasks_query_count(client, provincial, pending, django_assert_num_queries):
    client.force_login(provincial)
    # session, user with officer profile and scope unit, the data version and the scope (3: a first
    # view); returned drafts and their count, models to approve and their count, overdue requests
    # and their count, unread notifications; the periodic reports to do (reports.todo: the open
    # periods, none here, so no levels; returned and submitted reports by period); the governing
    # body's name (header)
    expected = 6 + 7 + 3 + 1
    queries_for(client, reverse("home"), django_assert_num_queries, expected)
    for number in range(15):
        MobilizationModel.objects.create(name=f"Chờ {number}", unit=pending.unit, field=pending.field,
                                         host_type="front", review_status=ReviewStatus.PENDING)
        Notification.objects.create(recipient=provincial, text=f"Tin {number}")
    queries_for(client, reverse("home"), django_assert_num_queries, expected)


@pytest.mark.parametrize(("persona", "refused"), [("camxuyen", True), ("provincial", False)])
def test_only_the_province_publishes_through_an_import(request, persona, refused, cam_xuyen):
    user = request.getfixturevalue(persona)
    published = row(name="Nhập và công khai", **{HEADERS[HEADERS.index("Công khai")]: "Có"})
    result = ModelImporter(table(xlsx_bytes([HEADERS, published])), user=user).run(dry_run=False)
    if refused:
        assert [message for _line, message in result.errors] == [
            "dòng 2: chỉ tỉnh mới công khai mô hình: hãy nhập mô hình chưa công khai, rồi gửi duyệt từ trang "
            "của mô hình"]
        assert not MobilizationModel.objects.filter(name="Nhập và công khai").exists()
    else:
        model = MobilizationModel.objects.get(name="Nhập và công khai")
        assert (model.is_published, model.review_status) == (True, ReviewStatus.PUBLISHED)


def test_scoping_names_the_queues_states_as_the_model_does():
    # units/scoping.py sits below models_registry and spells the states it needs itself.
    assert scoping.AWAITING_APPROVAL == ReviewStatus.PENDING
    assert set(scoping.LOCAL_KEEPS) == {ReviewStatus.DRAFT, ReviewStatus.RETURNED}

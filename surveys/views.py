"""Survey sessions: list, the session's page (laid out like the report), entry; the follow-up of
their conclusions and requests."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core import versioning
from core.history import history_rows
from core.spreadsheet import spreadsheet_response
from core.tables import TableListMixin
from models_registry.models import MobilizationModel
from surveys.filtersets import RecommendationFilterSet, SurveySessionFilterSet
from surveys.forms import PART_FORMSETS, FollowUpForm, SurveySessionForm, count_formset
from surveys.models import (
    Indicator,
    ProgressNote,
    Proposal,
    Recommendation,
    ReportedCount,
    SessionStatus,
    SurveySession,
)
from surveys.tables import RecommendationTable, SurveySessionTable
from units import scoping


class SurveySessionListView(LoginRequiredMixin, TableListMixin, ListView):
    template_name = "surveys/session_list.html"
    context_object_name = "sessions"
    table_class = SurveySessionTable

    def get_queryset(self):
        visible = (
            SurveySession.objects.restrict(self.request.user, scoping.Action.VIEW)
            .select_related("unit")
            .annotate(counts_sum=Sum("reported_counts__count"))
            .order_by("-date", "-pk")
        )
        self.filterset = SurveySessionFilterSet(self.request.GET, queryset=visible, user=self.request.user)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filterset=self.filterset, may_create=scoping.may_create_sessions(self.request.user),
            page_title=_("Survey sessions"), add_url=reverse("surveys:session_add"),
            add_label=_("New survey session"), **kwargs
        )


def session_history(session):
    """The session's change history together with that of its parts (counts, indicators,
    proposals, recommendations), deleted ones included."""
    parts = [
        part.history.filter(session_id=session.pk) for part in (ReportedCount, Indicator, Proposal, Recommendation)
    ]
    return history_rows(session, limit=100, parts=parts)


class SurveySessionDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        session = scoping.get_restricted_or_404(SurveySession.objects.select_related("unit__parent"), request.user, pk)
        may_change = SurveySession.objects.restrict(request.user, scoping.Action.CHANGE).filter(pk=pk).exists()
        recommendations = session.recommendations.select_related("responsible_unit")
        context = {
            "session": session,
            "counts": session.reported_counts.select_related("field"),
            "counts_sum": session.counts_total(),
            "indicators": session.indicators.all(),
            "proposals": session.proposals.all(),
            "recommendations": recommendations,
            "visited": MobilizationModel.objects.restrict(request.user, scoping.Action.VIEW).filter(
                visiting_sessions=session
            ).select_related("unit"),
            "may_change": may_change,
            "history": session_history(session),
        }
        return render(request, "surveys/session_detail.html", context)


class SurveySessionEditView(LoginRequiredMixin, View):
    """The survey entry page: the session and all its parts, saved together or not at all."""

    template_name = "surveys/session_edit.html"

    def get_object(self, pk):
        user = self.request.user
        return scoping.object_to_edit(SurveySession.objects.all(), user, pk, scoping.may_create_sessions(user))

    def build(self, session, data=None):
        form = SurveySessionForm(data, instance=session, user=self.request.user)
        counts = count_formset(session, data)
        parts = [factory(data, instance=session, prefix=prefix, user=self.request.user)
                 for prefix, factory in PART_FORMSETS]
        return form, counts, parts

    def render_page(self, form, counts, parts):
        has_errors = form.is_bound and (bool(form.errors) or not all(f.is_valid() for f in [counts, *parts]))
        context = {"form": form, "counts": counts, "parts": parts, "object": form.instance, "has_errors": has_errors}
        return render(self.request, self.template_name, context)

    def get(self, request, pk=None):
        return self.render_page(*self.build(self.get_object(pk)))

    def post(self, request, pk=None):
        form, counts, parts = self.build(self.get_object(pk), request.POST)
        # Every check runs, so that the page shows all its errors at once.
        checks = [form.is_valid(), counts.is_valid(), *[p.is_valid() for p in parts], form.check_total(counts)]
        if all(checks) and form.save_by(request.user, [counts, *parts]):
            messages.success(request, _("The survey session was saved."))
            return redirect("surveys:session_detail", pk=form.instance.pk)
        return self.render_page(form, counts, parts)


class SessionFinaliseView(LoginRequiredMixin, View):
    """"Chốt số liệu": a complete draft becomes final, so that the statistics count it. For
    those who may change the session (scoping decides); recorded in the change history."""

    def post(self, request, pk):
        scoping.get_restricted_or_404(SurveySession.objects.all(), request.user, pk, scoping.Action.CHANGE)
        with transaction.atomic():
            session = SurveySession.objects.select_for_update().get(pk=pk)
            if session.status == SessionStatus.FINAL:
                messages.info(request, _("The figures of this session were already finalised."))
            elif problems := session.finalise_problems():
                messages.error(request, _("The figures were not finalised: %(problems)s. Edit the session first.")
                               % {"problems": "; ".join(problems)})
            else:
                finalise(session, request.user)
                messages.success(request, _("The figures were finalised: the session is now counted in the "
                                            "statistics."))
        return redirect("surveys:session_detail", pk=pk)


def finalise(session, user):
    """Mark the session final as `user`; bumps the version, so an edit page opened before is refused."""
    session.status = SessionStatus.FINAL
    versioning.bump(session, user)
    session._change_reason = _("Figures finalised")
    session.save()


class FollowUpListView(LoginRequiredMixin, TableListMixin, ListView):
    """Every conclusion and request of the sessions the user may see, and those addressed to
    their area: responsible unit, due date, status, progress notes; filters; XLSX (?format=xlsx)."""

    template_name = "surveys/follow_up_list.html"
    context_object_name = "recommendations"
    table_class = RecommendationTable
    paginate_by = 50

    def get_table_kwargs(self):
        return {"today": self.today}

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return follow_up_export(self.get_queryset(), self.today)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        self.today = timezone.localdate()
        self.filterset = RecommendationFilterSet(
            self.request.GET, queryset=follow_up_rows(user), user=user, today=self.today
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filterset=self.filterset, today=self.today, page_title=_("Follow-up of conclusions and requests"),
            # The head's button (list_base.html): the filtered list as a spreadsheet, for everyone here.
            may_create=True, add_url=f"?{export_query(self.request.GET)}", add_label=_("Download (.xlsx)"), **kwargs
        )


def follow_up_rows(user):
    """The requests `user` may see, each with whether they may follow it up and see its session,
    its session and units, and its progress notes: one query for the page, one for the notes."""
    may_update = Exists(Recommendation.objects.restrict(user, scoping.Action.CHANGE).filter(pk=OuterRef("pk")))
    session_visible = Exists(
        SurveySession.objects.restrict(user, scoping.Action.VIEW).filter(pk=OuterRef("session_id")))
    notes = ProgressNote.objects.select_related("created_by")
    return (
        Recommendation.objects.restrict(user, scoping.Action.VIEW)
        .select_related("session__unit", "responsible_unit")
        .prefetch_related(Prefetch("progress_notes", queryset=notes))
        .annotate(may_update=may_update, session_visible=session_visible)
        .order_by(F("due_date").asc(nulls_last=True), "-session__date", "order", "pk")
    )


def export_query(params) -> str:
    query = params.copy()
    query.pop("page", None)
    query["format"] = "xlsx"
    return query.urlencode()


def follow_up_export(recommendations, today):
    headers = [_("No."), _("Survey session"), _("Session date"), _("Surveyed unit"), _("Conclusion or request"),
               _("Responsible"), _("Due date"), _("Follow-up status"), _("Overdue"), _("Progress notes")]
    rows = (
        [number, r.session.title, r.session.date, r.session.unit.name, r.text, r.responsible_name, r.due_date,
         r.get_follow_up_status_display(), _("Yes") if r.is_overdue(today) else "",
         "\n".join(note_line(note) for note in r.progress_notes.all())]
        for number, r in enumerate(recommendations, start=1)
    )
    return spreadsheet_response("xlsx", headers, rows, "theo-doi-ket-luan", _("Follow-up"), freeze="A2")


def note_line(note) -> str:
    author = note.created_by.get_full_name() or note.created_by.username if note.created_by else ""
    day = timezone.localtime(note.created_at).strftime("%d/%m/%Y")
    return f"{day} ({author}): {note.text}" if author else f"{day}: {note.text}"


class FollowUpDetailView(LoginRequiredMixin, View):
    """One request: its session, responsible unit, due date, status; its progress notes and
    change history; the form to follow it up, for the officers of the unit it is addressed to
    (and the province's). Anyone else who may see it reads it; others get 404."""

    template_name = "surveys/follow_up_detail.html"

    def get(self, request, pk):
        recommendation = self.get_object(pk)
        form = FollowUpForm(recommendation=recommendation) if self.may_update(pk) else None
        return self.render_page(recommendation, form)

    def post(self, request, pk):
        scoping.get_restricted_or_404(Recommendation.objects.all(), request.user, pk, scoping.Action.CHANGE)
        recommendation = self.get_object(pk)
        form = FollowUpForm(request.POST, recommendation=recommendation)
        if form.is_valid():
            follow_up(recommendation.pk, form.cleaned_data["status"], form.cleaned_data["note"], request.user)
            messages.success(request, _("The follow-up was saved."))
            return redirect("surveys:follow_up_detail", pk=pk)
        return self.render_page(recommendation, form)

    def get_object(self, pk):
        return scoping.get_restricted_or_404(
            Recommendation.objects.select_related("session__unit", "responsible_unit"), self.request.user, pk
        )

    def may_update(self, pk) -> bool:
        return Recommendation.objects.restrict(self.request.user, scoping.Action.CHANGE).filter(pk=pk).exists()

    def render_page(self, recommendation, form):
        user = self.request.user
        context = {
            "recommendation": recommendation,
            "form": form,
            "notes": recommendation.progress_notes.select_related("created_by"),
            "history": history_rows(recommendation, limit=100),
            "session_visible": SurveySession.objects.restrict(user, scoping.Action.VIEW).filter(
                pk=recommendation.session_id).exists(),
            "today": timezone.localdate(),
        }
        return render(self.request, self.template_name, context)


def follow_up(recommendation_id, status, note, user):
    """Set the request's status and add `note` (if any) as `user`, in one transaction."""
    with transaction.atomic():
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation_id)
        if status != recommendation.follow_up_status:
            recommendation.follow_up_status = status
            recommendation._change_reason = _("Follow-up")
            recommendation.save()
        if note:
            ProgressNote.objects.create(recommendation=recommendation, text=note, status=status, created_by=user)

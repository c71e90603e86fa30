"""Survey sessions: list, the session's page (laid out like the report), entry, follow-up."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core import versioning
from core.history import history_rows
from core.tables import TableListMixin
from models_registry.models import MobilizationModel
from surveys.filtersets import SurveySessionFilterSet
from surveys.forms import PART_FORMSETS, FollowUpForm, SurveySessionForm, count_formset
from surveys.models import Indicator, Proposal, Recommendation, ReportedCount, SessionStatus, SurveySession
from surveys.tables import SurveySessionTable
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
        recommendations = list(session.recommendations.all())
        if may_change:
            for rec in recommendations:
                rec.follow_up_form = FollowUpForm(instance=rec, prefix=f"rec{rec.pk}")
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
        parts = [factory(data, instance=session, prefix=prefix) for prefix, factory in PART_FORMSETS]
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


class FollowUpView(LoginRequiredMixin, View):
    """Update one recommendation's follow-up status from the session's page."""

    def post(self, request, pk, recommendation_pk):
        session = scoping.get_restricted_or_404(SurveySession.objects.all(), request.user, pk, scoping.Action.CHANGE)
        recommendation = get_object_or_404(session.recommendations, pk=recommendation_pk)
        form = FollowUpForm(request.POST, instance=recommendation, prefix=f"rec{recommendation.pk}")
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("The follow-up status was updated."))
        else:
            messages.error(request, _("The follow-up status was not updated: %(errors)s") % {
                "errors": " ".join(e for errors in form.errors.values() for e in errors)
            })
        return redirect(f"{reverse('surveys:session_detail', args=[session.pk])}#rec-{recommendation.pk}")

"""The registry's pages: public gallery, list, a model's page, create/edit, picker searches."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.editing import unit_label
from core.history import history_rows
from core.search import folded_search
from core.tables import TableListMixin
from models_registry import publishing
from models_registry.filtersets import MobilizationModelFilterSet
from models_registry.forms import MobilizationModelForm, ReturnForm, units_for
from models_registry.models import REGISTRATION_ITEMS, MobilizationModel, ReviewStatus
from models_registry.tables import MobilizationModelTable, ReviewQueueTable
from units import scoping

PICKER_RESULTS = 20


class MobilizationModelListView(TableListMixin, ListView):
    template_name = "models_registry/model_list.html"
    context_object_name = "models"
    table_class = MobilizationModelTable

    def get_queryset(self):
        visible = MobilizationModel.objects.restrict(self.request.user, scoping.Action.VIEW)
        visible = visible.select_related("field", "unit")
        self.filterset = MobilizationModelFilterSet(self.request.GET, queryset=visible, user=self.request.user)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filterset=self.filterset, may_create=scoping.may_create_models(self.request.user),
            page_title=_("Dân vận khéo models"), add_url=reverse("models_registry:model_add"),
            add_label=_("Register a model"), **kwargs
        )


class MobilizationModelDetailView(View):
    def get(self, request, pk):
        return model_page(request, pk)


def model_page(request, pk, return_form=None):
    """A model's page; `return_form`: the reviewer's refused comment, shown with its error."""
    obj = scoping.get_restricted_or_404(
        MobilizationModel.objects.select_related("field", "unit__parent", "created_by", "updated_by"),
        request.user, pk,
    )
    # The sessions that visited it, through the relation surveys declares (the registry does not
    # import surveys, which builds on it).
    sessions = obj.visiting_sessions.restrict(request.user, scoping.Action.VIEW).select_related("unit")
    may_change = MobilizationModel.objects.restrict(request.user, scoping.Action.CHANGE).filter(pk=pk).exists()
    may_review = MobilizationModel.objects.restrict(request.user, scoping.Action.REVIEW).filter(pk=pk).exists()
    context = {
        "object": obj,
        "items": [(MobilizationModel._meta.get_field(name).verbose_name, getattr(obj, name))
                  for name in REGISTRATION_ITEMS],
        "replicated_in": obj.replicated_in.all(),
        "sessions": sessions,
        "may_change": may_change,
        # The publishing queue: send a draft or a returned model; publish or return one awaiting approval.
        "may_submit": may_change and obj.review_status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED),
        "may_review": may_review,
        "return_form": return_form or (ReturnForm() if may_review else None),
        # Who changed what is for officers, not for the public gallery.
        "history": history_rows(obj, limit=50) if scoping.may_see_officers_pages(request.user) else None,
    }
    return render(request, "models_registry/model_detail.html", context)


class ModelSubmitView(LoginRequiredMixin, View):
    """"Gửi duyệt": a draft (or a returned model) goes to the province's queue."""

    def post(self, request, pk):
        model = scoping.get_restricted_or_404(MobilizationModel.objects.all(), request.user, pk, scoping.Action.CHANGE)
        try:
            publishing.submit(model.pk, request.user)
        except publishing.StepRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The model was sent for approval."))
        return redirect("models_registry:model_detail", pk=pk)


class ModelReviewView(LoginRequiredMixin, View):
    """Publish (action=publish) or return (action=return, with a required comment) a model
    awaiting approval: for the province, never for one's own submission."""

    def post(self, request, pk):
        model = scoping.get_restricted_or_404(MobilizationModel.objects.all(), request.user, pk)
        if not MobilizationModel.objects.restrict(request.user, scoping.Action.REVIEW).filter(pk=pk).exists():
            return self.refuse(request, model)
        url = request.build_absolute_uri(model.get_absolute_url())
        try:
            if request.POST.get("action") == "publish":
                publishing.publish(model.pk, request.user, url)
                messages.success(request, _("The model was published."))
            else:
                form = ReturnForm(request.POST)
                if not form.is_valid():
                    return self.invalid(request, model, form)
                publishing.return_to_sender(model.pk, request.user, form.cleaned_data["comment"], url)
                messages.success(request, _("The model was returned to its sender."))
        except publishing.StepRefused as refusal:
            messages.error(request, str(refusal))
        return redirect("models_registry:model_detail", pk=pk)

    def refuse(self, request, model):
        if model.review_status == ReviewStatus.PENDING and model.submitted_by_id == request.user.pk:
            messages.error(request, _("You cannot approve or return a model you sent for approval yourself."))
            return redirect("models_registry:model_detail", pk=model.pk)
        raise PermissionDenied

    def invalid(self, request, model, form):
        """The model's page again, the comment's error beside it (nothing saved)."""
        return model_page(request, model.pk, return_form=form)


class ReviewQueueView(LoginRequiredMixin, TableListMixin, ListView):
    """"Chờ duyệt": the models awaiting the user's approval (the province's officers and admins)."""

    template_name = "models_registry/review_queue.html"
    context_object_name = "models"
    table_class = ReviewQueueTable

    def get_queryset(self):
        if not scoping.may_review_models(self.request.user):
            raise PermissionDenied
        return (
            MobilizationModel.objects.restrict(self.request.user, scoping.Action.REVIEW)
            .select_related("field", "unit", "submitted_by").order_by("submitted_at", "pk")
        )


class MobilizationModelEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit a model; optimistic locking through the hidden version."""

    template_name = "models_registry/model_edit.html"

    def get_object(self, pk):
        user = self.request.user
        return scoping.object_to_edit(MobilizationModel.objects.all(), user, pk, scoping.may_create_models(user))

    def get(self, request, pk=None):
        form = MobilizationModelForm(instance=self.get_object(pk), user=request.user)
        return render(request, self.template_name, {"form": form, "object": form.instance})

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        form = MobilizationModelForm(request.POST, instance=obj, user=request.user)
        if form.is_valid() and form.save_by(request.user):
            messages.success(request, _("The model “%(name)s” was saved.") % {"name": form.instance.name})
            return redirect("models_registry:model_detail", pk=form.instance.pk)
        return render(request, self.template_name, {"form": form, "object": obj}, status=200)


def unit_search(request):
    """Picker search: units the user may see (?action=view) or file records under (assign),
    those valid today first (`units_for`)."""
    action = scoping.Action.ASSIGN if request.GET.get("action") == scoping.Action.ASSIGN else scoping.Action.VIEW
    units = units_for(request.user, action)
    units = folded_search(units, request.GET.get("q", ""))
    today = timezone.localdate()
    return JsonResponse({"results": [
        {"id": u.pk, "text": unit_label(u, today), "valid_today": u.is_valid_on(today)}
        for u in units[:PICKER_RESULTS]
    ]})


def model_search(request):
    """Picker search: models the user may see."""
    found = MobilizationModel.objects.restrict(request.user, scoping.Action.VIEW).order_by("name", "pk")
    found = folded_search(found, request.GET.get("q", ""))
    return JsonResponse({"results": [{"id": m.pk, "text": m.name} for m in found[:PICKER_RESULTS]]})

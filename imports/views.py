"""Pages under /nhap-xuat/: upload, preview (dry run), confirm, progress, templates, exports."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.spreadsheet import FORMATS, MAX_BYTES, SpreadsheetError, format_of
from core.text import base_name, shorten_middle
from imports import jobs, registry
from imports.models import ImportJob
from imports.tables import ImportJobTable
from units import scoping


class SpreadsheetImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet file (.xlsx or .csv, at most 10 MB)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            format_of(upload.name)
        except SpreadsheetError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB: split it into several files.")
                                        % {"limit": MAX_BYTES // 2**20})
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


def stored_file_name(name: str) -> str:
    """The upload's base name, cut in the middle to fit ImportJob.file_name."""
    return shorten_middle(base_name(name), ImportJob._meta.get_field("file_name").max_length)


def own_job(request, pk, action=scoping.Action.VIEW) -> ImportJob:
    """The job `pk` if the gate lets the user see it (404) and do `action` on it (403)."""
    return scoping.get_restricted_or_404(ImportJob.objects.defer("content"), request.user, pk, action)


def uploadable(user) -> list[registry.ImportKind]:
    """The registered kinds `user` may upload, in the order of the page (the gate decides)."""
    return [kind for kind in registry.kinds() if scoping.may_import(user, kind.uploaders)]


def index(request):
    if not uploadable(request.user):
        return render(request, "imports/index.html", {"kinds": registry.kinds(), "formats": FORMATS})
    return index_page(request)


def index_page(request, bound=None, status=200):
    """The page with an upload form per kind the user may upload; `bound`: the form that was refused."""
    uploads = [(kind, bound if bound and bound.prefix == kind.value else SpreadsheetImportForm(prefix=kind.value))
               for kind in uploadable(request.user)]
    context = {"may_import": True, "kinds": registry.kinds(), "uploads": uploads,
               "jobs": ImportJobTable(recent_jobs(request.user)), "formats": FORMATS}
    return render(request, "imports/index.html", context, status=status)


@login_required
@require_POST
def upload(request, kind):
    if not scoping.may_import(request.user, registered(kind).uploaders):
        raise PermissionDenied
    form = SpreadsheetImportForm(request.POST, request.FILES, prefix=kind)
    if not form.is_valid():
        return index_page(request, form, status=400)
    refusal = jobs.refusal(request.user)
    if refusal:
        form.add_error("file", refusal)
        return index_page(request, form, status=429)
    upload_ = form.cleaned_data["file"]
    job = jobs.create(kind=kind, file_name=stored_file_name(upload_.name), content=upload_.read(),
                      created_by=request.user)
    return redirect("imports:job", pk=job.pk)


def recent_jobs(user) -> list[ImportJob]:
    """The user's last ten jobs, those that lost their worker shown as failed."""
    recent = list(ImportJob.objects.restrict(user).defer("content").filter(created_by=user)[:10])
    jobs.expire_lost(recent)
    return recent


@login_required
def job_detail(request, pk):
    job = own_job(request, pk)
    state = jobs.state(job)
    return render(request, "imports/job.html", {"job": job, "state": state, "may_retry": jobs.may_retry(job)})


@login_required
def job_status(request, pk):
    return JsonResponse(jobs.state(own_job(request, pk)))


def start_again(request, pk, start):
    """Confirm or retry: `start(job)` queues the job's next attempt (or does nothing if it has
    moved on: a double click must not import twice). Within the limits of `jobs.refusal`."""
    job = own_job(request, pk, scoping.Action.CHANGE)
    refusal = jobs.refusal(request.user) if job.status in (ImportJob.Status.CHECKED, ImportJob.Status.FAILED) else ""
    if refusal:
        messages.error(request, refusal)
    else:
        start(job)
    return redirect("imports:job", pk=job.pk)


@login_required
@require_POST
def job_confirm(request, pk):
    return start_again(request, pk, jobs.confirm)


@login_required
@require_POST
def job_retry(request, pk):
    return start_again(request, pk, jobs.retry)


def template(request, kind, fmt):
    return registered(kind).template(fmt, request.user)


def export(request, kind, fmt):
    return registered(kind).export(fmt, request.user)


def registered(kind) -> registry.ImportKind:
    found = registry.get(kind)
    if found is None:
        raise Http404
    return found

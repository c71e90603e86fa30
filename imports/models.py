"""Spreadsheet uploads waiting, checked or imported: the jobs behind /nhap-xuat/."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.history import reason_naming_file
from imports import registry
from units import scoping


def registered_kind(value):
    if registry.get(value) is None:
        raise ValidationError(_("Unknown kind of import."))


class ImportJobQuerySet(models.QuerySet):
    def restrict(self, user, action=scoping.Action.VIEW):
        return scoping.restrict_import_jobs(self, user, action, registry.uploaders())


class ImportJob(models.Model):
    """One spreadsheet upload: checked (dry run) by the task worker, then imported on
    confirmation, while the browser polls its progress (ImportProgress). Keeps the file until
    then, and after a worker was lost, so that it can be started again."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("checking")
        CHECKED = "checked", _("checked, waiting for confirmation")
        REFUSED = "refused", _("refused")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    # Not choices: the kinds are the apps' (`imports.registry`), stored by their name.
    kind = models.CharField(_("kind"), max_length=10, validators=[registered_kind])
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKING)
    total = models.PositiveIntegerField(_("rows"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    attempt = models.PositiveIntegerField(
        _("attempt"), default=1,
        help_text=_("Counts each start of its check or import; only the task of the latest one may finish it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(
        _("started at"), null=True, blank=True, help_text=_("When its check, or its import, began.")
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        db_table = "models_registry_importjob"  # the table of its first home, kept (docs/architecture.md)
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "started_at"], name="importjob_running_idx")]

    def __str__(self):
        return f"{self.file_name} #{self.pk}"

    @property
    def kind_label(self) -> str:
        kind = registry.get(self.kind)
        return kind.label if kind else self.kind

    @property
    def change_reason(self) -> str:
        return reason_naming_file(str(_("Import of file %(name)s #%(id)s")), self.file_name, id=self.pk)


class ImportProgress(models.Model):
    """How far the task worker has got with an attempt of an ImportJob, and when it last said so
    (its heartbeat). Written through a connection of its own, the "progress" database
    (imports/progress.py): the import's own transaction would hide it until the end. Not a
    foreign key: on SQLite this table is in another file than the jobs."""

    job_id = models.BigIntegerField(_("import job"), unique=True)
    attempt = models.PositiveIntegerField(_("attempt"))
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows to do"), default=0)
    beat_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        verbose_name = _("import progress")
        verbose_name_plural = _("import progress")
        constraints = [models.CheckConstraint(condition=Q(done__lte=F("total")), name="importprogress_done_lte_total")]

    def __str__(self):
        return f"#{self.job_id}.{self.attempt}: {self.done}/{self.total}"


class PeriodicSchedule(models.Model):
    """The lock row of one periodic job (imports/scheduler.py): the one task queued for its next
    run, and the run in progress. Unique per job, and a task is the pending one of at most one
    schedule, so there is never more than one pending run of a job."""

    name = models.CharField(_("job"), max_length=40, unique=True)
    pending_task = models.OneToOneField(
        "django_tasks_database.DBTaskResult", verbose_name=_("next run (task)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    running_task_id = models.UUIDField(_("run in progress (task)"), null=True, blank=True)
    started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    outcome = models.CharField(_("last outcome"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")
        ordering = ["name"]

    def __str__(self):
        return self.name

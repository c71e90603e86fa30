from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ReadOnlyAdminMixin
from imports import schedules
from imports.models import PeriodicSchedule


@admin.register(PeriodicSchedule)
class PeriodicScheduleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The periodic jobs the task worker runs (imports/scheduler.py), read-only: their next run,
    the last one's times and outcome. `manage.py start_schedules` creates and repairs them."""

    list_display = ["name", "label", "next_run", "started_at", "finished_at", "outcome"]
    readonly_fields = ["name", "label", "next_run", "running_task_id", "started_at", "finished_at", "outcome"]
    fields = readonly_fields
    list_select_related = ["pending_task"]

    @admin.display(description=_("what it does"))
    def label(self, schedule):
        job = schedules.get(schedule.name)
        return job.label if job else _("no longer registered: does nothing")

    @admin.display(description=PeriodicSchedule._meta.get_field("pending_task").verbose_name)
    def next_run(self, schedule):
        return schedule.pending_task.run_after if schedule.pending_task else None

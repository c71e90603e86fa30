"""The admin's word on third-party apps."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

# The task queue's table (django-tasks-db registers it in English): technical, read by nobody
# who uses the site. An import's outcome is on its job page; a failed task's traceback is in the
# worker's log (docs/tasks.md).
admin.site.unregister(DBTaskResult)

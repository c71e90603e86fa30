"""Run before each task worker starts (make run, the worker's systemd unit): one pending run per
periodic job, and a run a stopped worker left unfinished brought forward (imports/scheduler.py);
mails whose task a killed worker took before sending them queued again (units/mail.py)."""

from django.core.management.base import BaseCommand

from imports.scheduler import ensure
from units.mail import requeue_stranded


class Command(BaseCommand):
    help = ("Queue the next run of each periodic job (the reminders) for the task worker, once; bring forward "
            "a run that a stopped worker left unfinished, and the e-mails it left waiting. Idempotent: run it before "
            "each worker start.")

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run every periodic job at once (then daily).")

    def handle(self, *args, now=False, **options):
        for line in ensure(now_too=now):
            self.stdout.write(line)
        if stranded := requeue_stranded():
            self.stdout.write(f"e-mails waiting without a task, queued again: {stranded}")

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from devtools.report_demo import load_report_demo


class Command(BaseCommand):
    help = (
        "Load the SAMPLE periodic reports of the demo: Hà Tĩnh's 69 communes and wards of 1/7/2025, two periods "
        "(idempotent; run after load_demo)."
    )

    def handle(self, *args, **options):
        created = load_report_demo()
        self.stdout.write(_("%(count)s sample periodic reports created (marked as sample data).") % {"count": created})

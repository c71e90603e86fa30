from django.conf import settings
from django.core.management.base import BaseCommand

from devtools.demo import load_demo


class Command(BaseCommand):
    help = "Load the Hà Tĩnh demo data of the 2023 Báo Hà Tĩnh report (idempotent)."

    def handle(self, *args, **options):
        load_demo()
        if settings.DEBUG:
            self.stdout.write(self.style.SUCCESS("Demo data loaded; users admin, tinh, camxuyen / danvan-demo."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data loaded (no demo users: DEBUG is off)."))

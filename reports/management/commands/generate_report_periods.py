from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.inputs import MAX_YEAR, MIN_YEAR
from reports.periods import generate_periods


class Command(BaseCommand):
    help = "Create the reporting periods of the given years for every active kind of report (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="+", type=int, help=_("Years, e.g. 2026 2027."))

    def handle(self, *args, years, **options):
        bad = [year for year in years if not MIN_YEAR <= year <= MAX_YEAR]
        if bad:
            raise CommandError(_("Enter a year between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR})
        for year in years:
            created = generate_periods(year)
            self.stdout.write(_("%(year)s: %(count)s periods created.") % {"year": year, "count": len(created)})

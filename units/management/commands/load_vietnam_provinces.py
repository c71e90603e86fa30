from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import Progress
from units import provinces
from units.importers import UnitListImport, import_successions
from units.management.commands.import_successions import DateCommand


class Command(DateCommand):
    help = (
        "Load administrative units from the optional vietnam-provinces package (GPL-3.0; pip extra "
        "“provinces”): whatever the installed release carries of the legacy list, the 2025 list and the "
        "old -> new commune table, for one province (--province 42) or the whole country."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", type=int, help=_("Official code of one province, e.g. 42 for Hà Tĩnh."))
        parser.add_argument("--legacy-valid-from", type=self.day, default=provinces.LEGACY_DATE)
        parser.add_argument("--valid-from", type=self.day, default=provinces.REFORM_DATE)
        parser.add_argument("--legal-basis", default="")

    def handle(self, *args, province, legacy_valid_from, valid_from, legal_basis, **options):
        offer = provinces.available()
        if not offer:
            raise CommandError(_("The vietnam-provinces package is not installed: pip install '.[provinces]'."))
        self.stdout.write(_("vietnam-provinces %(version)s: legacy list %(legacy)s, 2025 list %(current)s, "
                            "old -> new table %(conversion)s.") % {
            "version": offer["version"],
            **{key: _("yes") if offer[key] else _("no") for key in ("legacy", "current", "conversion")},
        })
        basis = _("vietnam-provinces %(version)s") % {"version": offer["version"]}
        if offer["legacy"]:
            self.load(provinces.legacy_rows(offer["legacy"], province), legacy_valid_from, basis)
        if offer["current"]:
            self.load(provinces.current_rows(offer["current"], province), valid_from, basis)
        if offer["conversion"]:
            rows = provinces.conversion_rows(offer["conversion"], province)
            written, errors = import_successions(rows, valid_from, legal_basis)
            if errors:
                raise CommandError("\n".join(message for _line, message in errors))
            self.stdout.write(_("%(count)s succession links added or corrected.") % {"count": written})
        else:
            self.stdout.write(_("This release has no old -> new table: load successions with import_successions."))

    def load(self, rows, valid_from, basis):
        if not rows:
            raise CommandError(_("No units found for that province code."))
        progress = Progress(_("Units"), self.stderr)
        result = UnitListImport(rows, valid_from, basis).run(progress=progress)
        progress.close()
        if result.errors:
            raise CommandError("\n".join(message for _line, message in result.errors))
        self.stdout.write(result.summary())

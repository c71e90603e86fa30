import random

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from core.spreadsheet import format_of, write_table
from models_registry import sheet
from models_registry.models import Field, HostType, ModelKind
from units.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Write a spreadsheet of N made-up models in the import's format (for measuring imports)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, file, rows, seed, **options):
        rng = random.Random(seed)
        units = list(AdministrativeUnit.objects.current().exclude(level="province").select_related("parent"))
        fields = list(Field.objects.all())
        hosts, kinds = list(HostType.choices), list(ModelKind.choices)
        body = []
        for number in range(1, rows + 1):
            unit, field = rng.choice(units), rng.choice(fields)
            row = [None, f"Mô hình thử nghiệm số {number}", field.name, unit.code, unit.name,
                   unit.parent.name if unit.parent_id else "", str(rng.choice(hosts)[1]), f"Chi hội {number}",
                   str(rng.choice(kinds)[1]), rng.randint(2008, 2024), "", None, _("No"), "", _("No")]
            body.append(row + [f"Nội dung {number}"] * (len(sheet.MODEL_COLUMNS) - len(row)))
        with open(file, "wb") as stream:
            write_table(stream, format_of(file), sheet.headers(), body)
        self.stdout.write(f"{rows} rows -> {file}")

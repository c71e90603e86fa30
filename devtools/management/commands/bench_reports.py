"""`make bench-reports`: 10,000 units × 20 periods of reports, and the completeness page timed on them."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools import bench_reports as bench
from devtools.bench import is_bench_database


class Command(BaseCommand):
    help = "Generate 10,000 reporting units × 20 periods of reports and time the completeness page and report list."

    def add_arguments(self, parser):
        parser.add_argument("--districts", type=int, default=bench.DISTRICTS, help="Districts of 200 communes.")
        parser.add_argument("--communes", type=int, default=bench.COMMUNES, help="Communes per district.")
        parser.add_argument("--runs", type=int, default=15, help="Timed runs per request.")
        parser.add_argument("--skip-generate", action="store_true", help="Reuse the data already there.")
        parser.add_argument("--markdown", help="Also write the result table to this file.")

    def handle(self, *args, districts, communes, runs, skip_generate, markdown, **options):
        if connection.vendor != "postgresql" and districts * communes > 1000:
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
        call_command("migrate", verbosity=0, interactive=False)
        if not skip_generate and not is_bench_database():
            raise CommandError(
                f"{connection.settings_dict['NAME']} holds data that the benchmark did not make; it empties the "
                "tables it fills. Point DATABASE_URL at a database of its own."
            )
        made = "data already there"
        if not skip_generate:
            counts = bench.Generator(districts, communes).run()
            made = ", ".join(f"{n:,} {what}" for what, n in counts.items())
        table = bench.markdown(bench.measure(runs), made, runs)
        self.stdout.write(table)
        if markdown:
            Path(markdown).write_text(table + "\n")

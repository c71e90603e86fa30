"""`make bench`: generate national-scale data into PostgreSQL and time the dashboard on it."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools import bench


class Command(BaseCommand):
    help = "Generate national-scale data (34 provinces, 1,000,000 models at --scale 1) and time the dashboard."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = national scale; 0.01 = small.")
        parser.add_argument("--runs", type=int, default=15, help="Timed runs per request.")
        parser.add_argument("--skip-generate", action="store_true", help="Reuse the data already there.")
        parser.add_argument("--markdown", help="Also write the result table to this file.")
        parser.add_argument("--force", action="store_true", help="Empty a database that holds other data.")

    def handle(self, *args, scale, runs, skip_generate, markdown, force, **options):
        if connection.vendor != "postgresql" and scale > 0.01:
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
        call_command("migrate", verbosity=0, interactive=False)
        if not skip_generate and not force and not bench.is_bench_database():
            raise CommandError(
                f"{connection.settings_dict['NAME']} holds data that the benchmark did not make; it empties the "
                "tables it fills. Point DATABASE_URL at a database of its own, or pass --force."
            )
        sizes = bench.Sizes.at(scale)
        if not skip_generate:
            start = time.perf_counter()
            counts = bench.Generator(scale).run()
            made = ", ".join(f"{n:,} {what}" for what, n in counts.items())
            self.stdout.write(f"generated {made} in {time.perf_counter() - start:.1f} s")
        results = bench.measure(runs)
        table = bench.markdown(results, f"scale {scale:g}: {sizes}", runs)
        self.stdout.write(table)
        if markdown:
            with open(markdown, "w", encoding="utf-8") as out:
                out.write(table + "\n")

"""Write the .docx templates of the official documents (documents/template_sources.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from documents import layout
from documents.render import TEMPLATE_DIR
from documents.template_sources import TEMPLATES


class Command(BaseCommand):
    help = "Write the .docx templates of the official documents into documents/templates_docx/ (or --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=TEMPLATE_DIR, help="Folder to write the templates to.")

    def handle(self, *args, output, **options):
        output.mkdir(parents=True, exist_ok=True)
        with translation.override("vi"):
            for name, build in TEMPLATES.items():
                layout.save(build(), output / name)
                self.stdout.write(f"{output / name}")

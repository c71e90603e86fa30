from django.utils.translation import gettext as _

from core.commands import ExportCommand
from models_registry import sheet
from models_registry.models import MobilizationModel


class Command(ExportCommand):
    help = "Export every registry model to an .xlsx or .csv file, with the import's columns."

    def table(self):
        return sheet.headers(), sheet.export_rows(MobilizationModel.objects.all()), _("Models")

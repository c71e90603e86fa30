from django.utils.translation import gettext as _

from core.commands import ExportCommand
from surveys import importers as sheet
from surveys.models import SurveySession


class Command(ExportCommand):
    help = "Export every survey session with its reported counts to an .xlsx or .csv file."

    def table(self):
        fields = sheet.active_fields()
        return sheet.headers(fields), sheet.export_rows(SurveySession.objects.all(), fields), _("Reported counts")

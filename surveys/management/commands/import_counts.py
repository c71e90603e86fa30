from core.commands import ImportCommand
from surveys.importers import CountImporter


class Command(ImportCommand):
    help = "Import survey sessions and their reported counts from an .xlsx or .csv file."
    importer_class = CountImporter

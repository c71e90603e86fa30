from core.commands import ImportCommand
from models_registry.importers import ModelImporter


class Command(ImportCommand):
    help = "Import registry models from an .xlsx or .csv file (the template's columns)."
    importer_class = ModelImporter

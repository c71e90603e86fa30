#!/usr/bin/env bash
# Times `manage.py import_models` on a generated file against a bare bulk_create of the
# same rows, on a throwaway database (SQLite unless DATABASE_URL says otherwise).
# Usage: devtools/benchmark_import.sh [ROWS]   (docs/benchmarks.md, "Imports")
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-10000}"
WORK="$(mktemp -d)"
export DEBUG=true DATABASE_URL="${DATABASE_URL:-sqlite:///$WORK/bench.sqlite3}"
PY=.venv/bin/python
$PY manage.py migrate --noinput -v0
$PY manage.py load_demo >/dev/null
$PY manage.py generate_models_file "$WORK/models.xlsx" --rows "$ROWS"
$PY manage.py generate_models_file "$WORK/models.csv" --rows "$ROWS"
for file in "$WORK/models.xlsx" "$WORK/models.csv"; do
    echo "== import_models $(basename "$file") (the csv holds the same rows: a re-import, all unchanged)"
    /usr/bin/time -f "%e s wall, %M KB max RSS" $PY manage.py import_models "$file" 2>&1 | grep -v "rows/s\]$" | tail -2
done
echo "== bare bulk_create of the same $ROWS rows (objects built beforehand, not timed)"
$PY manage.py shell -c "
import time
from pathlib import Path
from django.db import transaction
from models_registry.importers import ModelImporter
from core.spreadsheet import read_table
from models_registry.models import MobilizationModel
table = read_table(Path('$WORK/models.xlsx').read_bytes(), 'models.xlsx')
for _line, row in table.rows:
    row[1] = row[1] + ' (bulk)'
plans, errors = ModelImporter(table).plan()
objects = [plan.payload for plan in plans]
start = time.perf_counter()
with transaction.atomic():
    MobilizationModel.objects.bulk_create(objects, batch_size=500)
print(f'{len(objects)} rows: {time.perf_counter() - start:.2f} s')
"
rm -rf "$WORK"

"""`make bench-import` at a tiny size, so that its rows, its timed steps and what it writes in
docs/benchmarks.md cannot rot unnoticed. (Timings are printed, never asserted.)"""

import pytest

from devtools import bench_import
from devtools.management.commands import bench_import as command
from models_registry.models import MobilizationModel


@pytest.fixture(scope="module")
def runner():
    return command


@pytest.fixture(scope="module")
def steps():
    return bench_import


def test_every_step_runs_on_realistic_rows_and_leaves_nothing_behind(demo, runner, steps):
    before = MobilizationModel.objects.count()
    steps.bench_user()
    rows = steps.Rows(25)
    content = rows.xlsx()
    bench = steps.Bench(content, rows.xlsx(updated=True))
    bench.run_once()  # exits if the import did not create, then find unchanged, then update every row
    best = bench.best()
    assert set(best) == {"read", "baseline", "check", "write", "unchanged", "update"}
    assert all(step["seconds"] > 0 for step in best.values())
    assert best["write"]["queries"] > best["check"]["queries"] > 0
    assert MobilizationModel.objects.count() == before  # each run is undone
    assert not MobilizationModel.history.filter(history_user=bench.user).exists()
    # Realistic rows: the demo's units, fields, host organisations as officers write them.
    table = steps.read_table(content, "a.xlsx")
    assert len({row[3] for _line, row in table.rows}) > 5 and {row[2] for _line, row in table.rows} > {"Kinh tế"}
    result = {"version": "SQLite", "rows": 25, "runs": 1, "steps": best}
    printed = runner.table(result)
    assert all(what in printed for _key, what in runner.STEPS)


def test_a_database_with_other_data_is_refused(demo, steps):
    with pytest.raises(SystemExit, match="BENCH_IMPORT_DATABASE_URL"):
        steps.refuse_other_data()


def test_the_import_section_of_the_docs_is_replaced_and_the_others_kept(tmp_path, monkeypatch, runner):
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\n## Load\n\nload figures\n\n## Import\n\nold figures\n\n## Dashboard\n\nd\n")
    monkeypatch.setattr(runner, "DOCS", docs)
    step = {"seconds": 1.5, "queries": 3}
    result = {"database": "sqlite", "version": "SQLite 3.40.1", "rows": 10_000, "runs": 3, "cpu": "Xeon",
              "load": "1.0", "steps": dict.fromkeys(["baseline", "read", "check", "write", "unchanged", "update"],
                                                    step)}
    runner.write_docs([result], 10_000, 3)
    runner.write_docs([result], 10_000, 3)
    text = docs.read_text()
    assert "old figures" not in text and text.count("## Import") == 1
    assert "load figures" in text and text.endswith("## Dashboard\n\nd\n")
    assert "SQLite 3.40.1, 10.000 rows, best of 3 runs" in text and "| 1,50 | 1,00 | 3 |" in text

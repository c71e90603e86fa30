"""`make bench-import`, the timed side (`manage.py bench_import --child`, a process per database):
the rows, the database, the steps and their queries. The command (devtools/management/commands/
bench_import.py) runs it on each database and writes the table."""

import io
import os
import platform
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone, translation

from core import versioning
from core.cells import CellError
from core.spreadsheet import read_table, write_table
from devtools.demo import load_demo
from imports.matching import UnitMatcher
from models_registry import sheet
from models_registry.importers import ModelImporter
from models_registry.models import Field, MobilizationModel
from units.models import AdministrativeUnit, OfficerProfile, UnitLevel

BENCH_USER = "bench-import"  # who imports (a provincial officer); marks a database as the benchmark's
REASON = "Nhập tệp bench-import.xlsx"
FILE_NAME = "bench-import.xlsx"

# What officers' files hold (domain.md: the 2023 article's models, the registration guide's items).
ACTIVITIES = [
    "Sản xuất lúa, cá hữu cơ", "Phân loại, xử lý rác thải tại nguồn", "Ống tiền tiết kiệm", "Tổ bát cháo tự tâm",
    "Ngân hàng máu sống cứu người", "Trồng sen sinh thái, nuôi trai lấy ngọc", "Tổ liên gia an toàn tự quản",
    "Xứ đạo an toàn đoàn kết văn hóa", "Ngôi nhà xanh tiết kiệm sinh thái", "Tổ dân phố mẫu", "Ngôi nhà trí tuệ",
    "Sản xuất nông nghiệp tuần hoàn", "Đường hoa nông thôn mới", "Camera an ninh khu dân cư", "Quỹ khuyến học",
    "Dân vận khéo trong giải phóng mặt bằng", "Hũ gạo tình thương", "Chi hội không có người vi phạm pháp luật",
    "Vườn mẫu nông thôn mới", "Dòng họ hiếu học", "Tuyến đường tự quản", "Mái ấm tình thương",
]
HOSTS = [  # (the host organisation type as officers write it, the host organisation or person)
    ("Hội Phụ nữ", "Chi hội Phụ nữ {place}"), ("Đoàn Thanh niên", "Chi đoàn {place}"),
    ("UBND xã", "Ủy ban nhân dân {unit}"), ("Hội Nông dân", "Chi hội Nông dân {place}"),
    ("Hội Cựu chiến binh", "Chi hội Cựu chiến binh {place}"), ("Mặt trận", "Ban công tác Mặt trận {place}"),
    ("Chi bộ", "Chi bộ {place}"), ("Thôn", "{place}"), ("Công an xã", ""), ("Cá nhân", "Ông Nguyễn Văn {given}"),
]
GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lâm", "Long", "Minh", "Nam", "Sơn", "Thành"]
TEXTS = {
    "rationale": "Nhiều hộ ở {place} còn khó khăn; người dân chưa quen {activity}.",
    "objectives": "100% hộ ở {place} tham gia; duy trì {activity} ít nhất 5 năm.",
    "content": "Họp dân bàn cách làm, phân công từng hộ, kiểm tra hằng tháng; {host} theo dõi.",
    "area_and_beneficiaries": "{place}, {unit}: các hộ dân, nhất là hộ nghèo, hộ cận nghèo.",
    "implementers": "{host}, các đoàn thể và nhân dân {place}.",
    "resources": "Nhân dân đóng góp {money} triệu đồng, ngân sách hỗ trợ một phần.",
    "timeframe": "Từ năm {year}, thường xuyên.",
    "outputs": "{count} hộ tham gia, {money} triệu đồng được huy động.",
    "sustainability": "Đã nhân rộng ra các thôn lân cận.",
}
KINDS = {key: kind for key, _header, kind, _required in sheet.MODEL_COLUMNS}


def measure(rows: int, runs: int) -> dict:
    prepare_database()
    made = Rows(rows)
    bench = Bench(made.xlsx(), made.xlsx(updated=True))
    for _run in range(runs):
        bench.run_once()
    return {"database": connection.display_name, "version": database_version(), "rows": rows, "runs": runs,
            "cpu": cpu_name(), "load": f"{os.getloadavg()[0]:.1f}", "steps": bench.best()}


def prepare_database():
    """Migrate; refuse a database holding data the benchmark did not make; start from the demo."""
    call_command("migrate", verbosity=0, interactive=False)
    refuse_other_data()
    call_command("flush", verbosity=0, interactive=False)
    load_demo(with_users=False)
    bench_user()


def refuse_other_data():
    users = get_user_model().objects
    if (MobilizationModel.objects.exists() or users.exists()) and not users.filter(username=BENCH_USER).exists():
        sys.exit(f"bench-import: {connection.settings_dict['NAME']} holds data the benchmark did not make; "
                 "point BENCH_IMPORT_DATABASE_URL at a database of its own")


def bench_user():
    """Who imports: a provincial officer, as for a province's file (the rows are scoped by unit)."""
    user = get_user_model().objects.create_user(BENCH_USER)
    OfficerProfile.objects.create(user=user, scope_unit=AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE))
    return user


def database_version() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    return f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"


def cpu_name() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        return next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or platform.machine()


@dataclass
class Unit:
    code: str
    name: str
    parent: str


class Rows:
    """N rows of the model import as an officer's file holds them (seeded: always the same)."""

    def __init__(self, count: int, seed: int = 2023):
        self.count, self.seed = count, seed
        self.units = nameable_units()
        self.fields = list(Field.objects.values_list("name", flat=True))

    def xlsx(self, updated: bool = False) -> bytes:
        """The file; `updated`: the same rows, each with its results column (outputs) rewritten."""
        self.random = random.Random(self.seed)
        with translation.override("vi"):
            headers, body = sheet.headers(), [self.row(number) for number in range(1, self.count + 1)]
        if updated:
            outputs = list(KINDS).index("outputs")
            for row in body:
                row[outputs] = f"{row[outputs] or ''} Năm nay thêm 12 hộ tham gia.".strip()
        stream = io.BytesIO()
        write_table(stream, "xlsx", headers, body)
        return stream.getvalue()

    def row(self, number: int) -> list:
        unit, activity = self.random.choice(self.units), self.random.choice(ACTIVITIES)
        place = f"{self.random.choice(['thôn', 'tổ dân phố', 'xóm'])} {number}"  # one model a place: no two alike
        host_type, host = self.random.choice(HOSTS)
        host_name = host.format(place=place, unit=unit.name, given=self.random.choice(GIVEN_NAMES))
        year, recognised = self.random.randint(2008, 2024), self.random.random() < 0.4
        values = {
            "name": f"{activity} – {place}", "field": self.random.choice(self.fields), "unit_code": unit.code,
            "unit_name": unit.name, "unit_parent": unit.parent, "host_type": host_type, "host_name": host_name,
            "kind": self.label("kind"), "year_started": year,
            "recognition_level": self.label("recognition_level") if recognised else "",
            "recognition_year": self.random.randint(year, 2025) if recognised else None,
            "is_exemplary": self.yes(0.2), "status": self.label("status"), "is_published": self.yes(0.5),
        }
        words = {"place": place, "unit": unit.name, "activity": activity.lower(), "host": host_name or host_type,
                 "money": self.random.randint(5, 900), "year": year, "count": self.random.randint(10, 400)}
        values.update({key: text.format(**words) for key, text in TEXTS.items() if self.random.random() < 0.8})
        return [values.get(key) for key in KINDS]

    def label(self, key) -> str:
        return str(self.random.choice(KINDS[key].choices)[1])

    def yes(self, share: float) -> str:
        return "Có" if self.random.random() < share else "Không"


def nameable_units() -> list[Unit]:
    """The demo's units below the province that a row can name by code, name and parent."""
    matcher, units = UnitMatcher(), []
    for unit in AdministrativeUnit.objects.exclude(level="province").select_related("parent"):
        named = Unit(unit.code, unit.name, unit.parent.name if unit.parent_id else "")
        try:
            if matcher.match(named.code, named.name, named.parent) == unit:
                units.append(named)
        except CellError:
            continue
    return units


class Bench:
    """The timed steps; what each run writes is committed, then deleted (not timed)."""

    def __init__(self, content: bytes, updated: bytes):
        self.content, self.updated = content, updated
        self.user = get_user_model().objects.get(username=BENCH_USER)
        self.times: dict[str, list[float]] = {}
        self.queries: dict[str, int] = {}

    def run_once(self):
        table = self.step("read", read_table, self.content, FILE_NAME)
        self.baseline(table)
        check = self.step("check", self.importer(table).run, dry_run=True)
        importer = self.importer(table)
        importer.preview_versions = check.versions
        written = self.step("write", importer.run, dry_run=False)
        again = self.step("unchanged", self.importer(table).run, dry_run=False)
        updated = self.step("update", self.importer(read_table(self.updated, FILE_NAME)).run, dry_run=False)
        rows = len(table.rows)
        if (written.created, again.unchanged, updated.updated) != (rows, rows, rows) or not updated.written:
            sys.exit(f"bench-import: the import did not do what it should: {written.errors[:3]} {updated.errors[:3]}")
        self.undo()

    def importer(self, table) -> ModelImporter:
        return ModelImporter(table, user=self.user, reason=REASON)

    def baseline(self, table):
        """The rows as the import writes them, built beforehand (not timed), then bulk-inserted."""
        objects = [plan.payload for plan in self.importer(table).plan()[0]]
        places = AdministrativeUnit.objects.place_names({model.unit_id for model in objects})
        now = timezone.now()
        for model in objects:
            model.search_text = model.folded_text(places[model.unit_id])
            model.sync_review_status()
            versioning.stamp(model, self.user)
            model.created_at = model.updated_at = now

        def insert():
            with transaction.atomic():
                MobilizationModel.objects.bulk_create(objects, batch_size=500)

        self.step("baseline", insert)
        self.undo()

    def step(self, name, function, *args, **kwargs):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            start = time.perf_counter()
            result = function(*args, **kwargs)
            self.times.setdefault(name, []).append(time.perf_counter() - start)
        self.queries[name] = count
        return result

    def undo(self):
        """Delete what a run wrote, the models the benchmark's user made and their history, in SQL:
        Django's delete() would record each deleted model in the history, one by one."""
        history = MobilizationModel.history.model
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for model, column in ((history, "history_user"), (MobilizationModel, "created_by")):
                table, column = quote(model._meta.db_table), quote(model._meta.get_field(column).column)
                cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [self.user.pk])  # noqa: S608

    def best(self) -> dict:
        return {name: {"seconds": min(times), "queries": self.queries[name]} for name, times in self.times.items()}

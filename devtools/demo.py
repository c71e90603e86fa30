"""Demo data: Hà Tĩnh as the June 2023 Báo Hà Tĩnh report describes it, read from devtools/demo_data/.

Everything numeric there is the article's (`shared/seed/baohatinh-dan-van-kheo-2023.txt`);
unit codes are the NSO codes; the 2025 reorganisation follows Nghị quyết 1283 and 1665.
The article does not say which field each typical model belongs to: that is our
classification. Loading is idempotent: a second run finds every row as it should be and
writes nothing (so no change-history entries either).

The files: governing_bodies.csv, units_2023.csv, changes_2025.toml, fields.csv, models.csv,
sessions.toml, users.toml. This module only reads them and writes the rows, in that order.
"""

import csv
import datetime
import tomllib
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from core.inputs import MIN_YEAR
from models_registry.models import Field, MobilizationModel
from surveys.models import Indicator, Proposal, Recommendation, ReportedCount, SessionStatus, SurveySession
from units.models import AdministrativeUnit, GoverningBody, OfficerProfile, SuccessionKind, UnitSuccession

DATA = Path(__file__).resolve().parent / "demo_data"
DEMO_PASSWORD = "danvan-demo"  # noqa: S105 - demo users exist only when DEBUG is on


def read_csv(name) -> list[dict]:
    with open(DATA / name, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def read_toml(name) -> dict:
    with open(DATA / name, "rb") as file:
        return tomllib.load(file)


def day(text) -> datetime.date | None:
    """An ISO date; empty: none; "earliest": the first day the application accepts."""
    if not text:
        return None
    if text == "earliest":
        return datetime.date(MIN_YEAR, 1, 1)
    return datetime.date.fromisoformat(text)


def upsert(model, lookup: dict, values: dict):
    """Get the row matching `lookup`; create it, or save it only if a value differs.

    Saving an unchanged row would still add a change-history entry, and a second
    `load_demo` must change nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def link(predecessor, successor, kind, date, basis):
    upsert(
        UnitSuccession,
        {"predecessor": predecessor, "successor": successor},
        {"kind": kind, "effective_date": date, "legal_basis": basis},
    )


class DemoLoader:
    """Builds the demo rows in order: the governing body, units, fields, models, sessions, users."""

    def __init__(self):
        self.units_2023 = {}

    @transaction.atomic
    def load(self, with_users: bool):
        for row in read_csv("governing_bodies.csv"):
            upsert(GoverningBody, {"valid_from": day(row.pop("valid_from"))}, row)
        self.load_units()
        self.fields = {
            row["code"]: upsert(Field, {"code": row["code"]},
                                {"name": row["name"], "order": int(row["order"]), "is_active": True})
            for row in read_csv("fields.csv")
        }
        self.load_models()
        self.load_sessions()
        if with_users:
            self.load_users()

    def unit(self, code, name, level, kind, parent, valid_from, valid_until):
        return upsert(
            AdministrativeUnit,
            {"level": level, "code": code, "valid_from": valid_from},
            {"name": name, "kind": kind, "parent": parent, "valid_until": valid_until},
        )

    def load_units(self):
        for row in read_csv("units_2023.csv"):
            parent = self.units_2023.get(row["parent"])
            self.units_2023[row["code"]] = self.unit(
                row["code"], row["name"], row["level"], row["kind"], parent, None, day(row["valid_until"])
            )
        self.province = next(iter(self.units_2023.values()))
        self.load_2025_changes(read_toml("changes_2025.toml"))

    def load_2025_changes(self, changes):
        merger, two_tier = changes["merger_2025_01"], changes["two_tier_2025_07"]
        since, basis = merger["date"], merger["legal_basis"]
        city = self.units_2023[merger["moved_to"]]
        before_july = dict(self.units_2023)  # the versions in force on 30/6/2025
        eve = two_tier["date"] - datetime.timedelta(days=1)
        for code in merger["moved"]:
            old = self.units_2023[code]
            moved = self.unit(code, old.name, old.level, old.kind, city, since, eve)
            link(old, moved, SuccessionKind.WHOLE, since, basis)
            before_july[code] = moved
        split = self.units_2023[merger["split"]]
        for code in merger["split_into"]:
            link(split, self.units_2023[code], SuccessionKind.PARTIAL, since, basis)
        since, basis = two_tier["date"], two_tier["legal_basis"]
        for commune in two_tier["communes"]:
            new = self.unit(commune["code"], commune["name"], "commune", commune["kind"], self.province, since, None)
            for old_code, succession in commune["sources"]:
                link(before_july[old_code], new, succession, since, basis)

    def load_models(self):
        self.models = {}
        for row in read_csv("models.csv"):
            self.models[row["name"]] = upsert(
                MobilizationModel,
                {"name": row["name"], "unit": self.units_2023[row["unit"]]},
                {
                    "field": self.fields[row["field"]],
                    "host_type": row["host_type"],
                    "host_name": row["host_name"],
                    "kind": row["kind"],
                    "is_exemplary": True,
                    "is_published": True,
                },
            )

    def load_sessions(self):
        data = read_toml("sessions.toml")
        for item in data["sessions"]:
            session = upsert(
                SurveySession,
                {"date": data["date"], "unit": self.units_2023[item["unit"]]},
                {
                    "title": item["title"],
                    "delegation": data["delegation"],
                    "head_name": item["head_name"],
                    "head_title": item["head_title"],
                    "chairs": item["chairs"],
                    "period_start": data["period_start"],
                    "period_end": data["period_end"],
                    "reported_total": item["reported_total"],
                    "source": data["source"],
                    "summary": item["summary"],
                    "conclusion": item["conclusion"],
                    "status": SessionStatus.FINAL,
                },
            )
            self.load_session_parts(session, item)

    def load_session_parts(self, session, item):
        for field, count in item["counts"].items():
            upsert(ReportedCount, {"session": session, "field": self.fields[field]}, {"count": count})
        for order, indicator in enumerate(item["indicators"], start=1):
            number = indicator.get("value_number")
            upsert(
                Indicator,
                {"session": session, "name": indicator["name"]},
                {"value_text": indicator["value_text"], "value_number": Decimal(number) if number else None,
                 "unit_of_measure": indicator["unit_of_measure"], "year": indicator.get("year"), "order": order},
            )
        for order, proposal in enumerate(item["proposals"], start=1):
            upsert(Proposal, {"session": session, "text": proposal["text"]},
                   {"raised_by": proposal["raised_by"], "order": order})
        for order, text in enumerate(item["recommendations"], start=1):
            upsert(Recommendation, {"session": session, "text": text},
                   {"responsible": item["responsible"], "responsible_unit": session.unit, "order": order})
        visited = [self.models[name] for name in item["visited"]]
        if set(session.visited_models.all()) != set(visited):
            session.visited_models.set(visited)

    def load_users(self):
        rows = read_toml("users.toml")["users"]
        users = {row["username"]: self.user(row) for row in rows}
        for row in rows:
            if "scope" in row:
                upsert(OfficerProfile, {"user": users[row["username"]]},
                       {"scope_unit": self.units_2023[row["scope"]], "title": row["title"]})

    @staticmethod
    def user(row):
        User = get_user_model()  # noqa: N806
        user = User.objects.filter(username=row["username"]).first()
        if user is None:
            user = User(username=row["username"], first_name=row["full_name"],
                        is_staff=row.get("is_staff", False), is_superuser=row.get("is_superuser", False))
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user


def load_demo(with_users: bool | None = None) -> None:
    """Load the demo data; demo users (password `danvan-demo`) only when DEBUG is on."""
    DemoLoader().load(settings.DEBUG if with_users is None else with_users)

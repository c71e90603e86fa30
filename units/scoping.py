"""Who may see and change which rows: the one place that decides it.

Every view, export, dashboard and API narrows its querysets through `restrict()` on the
model's queryset (NetBox's RestrictedQuerySet), which lands here. Nothing else filters
by user.

Roles (README, "Roles"):
- admin: a superuser; sees and changes everything.
- provincial officer: an OfficerProfile whose scope unit is a province.
- local officer: an OfficerProfile whose scope unit is a district or a commune.
- public: anyone else, signed in or not.

A scope follows units over time. The rule, the only place it is decided (README, "User
guide", points here): an officer scoped to unit U reaches — sees, edits the drafts of, files
records under, opens the dashboard of — exactly these units:

1. U and every unit ever below it (every version whose parent is U or a unit below U).
2. Every unit that went *whole* into a unit of the area (a `whole` succession into it), with
   every unit below it, and so on backwards: all of it became the area's. The officer of TP
   Hà Tĩnh reaches Cẩm Xuyên's 2023 xã Cẩm Bình, which moved whole into the city on 1/1/2025.
3. Every unit that a unit of 1–2 went *whole* into, and so on forwards: what the area became.
   Only that unit itself — not the units below it, nor its other predecessors, which were
   never the area's. The officer of old Cẩm Xuyên reaches the new xã Cẩm Bình (1/7/2025) and
   the city's xã Cẩm Bình and Cẩm Vịnh of 2025 before it, but not xã Thạch Bình, which came
   into the new Cẩm Bình from TP Hà Tĩnh; the officer of TP Hà Tĩnh reaches the new Cẩm Bình,
   Thạch Bình and the old Cẩm Bình and Cẩm Vịnh, but not Cẩm Xuyên's xã Cẩm Thành.
4. A `partial` succession is never followed, either way: a unit split among several successors
   is neither the whole of any of them nor wholly theirs; its parts are reached through their
   own (whole) links when the data has them. Huyện Lộc Hà went partly into TP Hà Tĩnh and
   Thạch Hà (1/1/2025): its officer reaches xã Hộ Độ, which moved whole into the city, and
   what it became (phường Trần Phú), but neither TP Hà Tĩnh nor Thạch Hà; the officer of TP
   Hà Tĩnh reaches xã Hộ Độ but neither huyện Lộc Hà itself nor its other communes.

`AdministrativeUnit.units_in_scope()` (units/models.py, beside the units and successions it walks)
implements the rule; every consumer (`restrict_*`, the dashboard's units, the importers) goes
through `visible_unit_ids`, which calls it, and the lists' unit filter ("records of this unit over
time") uses the same rule.
"""

from enum import StrEnum

from django.core.exceptions import ObjectDoesNotExist
from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

from units.choices import UnitLevel

VIEW = "view"
CHANGE = "change"
# Units only: the units a user may attach records to (a model's unit, a session's unit).
ASSIGN = "assign"
# Periodic reports only: approve or return a submitted report, reopen an approved one, reopen
# entry after the window closed. The approving level: the province's officers and admins.
REVIEW = "review"


class Role(StrEnum):
    ADMIN = "admin"
    PROVINCIAL = "provincial"
    LOCAL = "local"
    PUBLIC = "public"


def scope_unit(user):
    """The unit an officer works for, or None (remembered on the user for the request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_danvan_scope_unit"):
        try:
            profile = user.officer_profile
        except ObjectDoesNotExist:
            profile = None
        user._danvan_scope_unit = profile.scope_unit if profile else None
    return user._danvan_scope_unit


def role_of(user) -> Role:
    if getattr(user, "is_superuser", False) and user.is_active:
        return Role.ADMIN
    unit = scope_unit(user)
    if unit is None or not user.is_active:
        return Role.PUBLIC
    return Role.PROVINCIAL if unit.level == UnitLevel.PROVINCE else Role.LOCAL


def among(ids, using="default"):
    """`ids` as the right side of an `__in` filter. On PostgreSQL one array parameter (IN (SELECT
    unnest(…))): a province officer's scope of 10,000 units as 10,000 parameters took the server
    3 to 5 times longer to read (docs/benchmarks.md, "Reports"). Elsewhere the ids themselves."""
    if connections[using].vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [sorted(ids)])
    return ids


def visible_unit_ids(user) -> set[int] | None:
    """Units whose records the user may see; None means every unit (admin)."""
    if role_of(user) is Role.ADMIN:
        return None
    unit = scope_unit(user)
    if unit is None:
        return set()
    cache = getattr(user, "_danvan_unit_ids", None)
    if cache is None:
        cache = user._danvan_unit_ids = unit.units_in_scope()
    return cache


def restrict_models(queryset, user, action=VIEW):
    """MobilizationModel rows `user` may see (VIEW) or edit (CHANGE)."""
    role = role_of(user)
    if role is Role.ADMIN:
        return queryset
    if role is Role.PUBLIC:
        return queryset.filter(is_published=True) if action == VIEW else queryset.none()
    in_scope = Q(unit__in=visible_unit_ids(user))
    if action == VIEW:
        return queryset.filter(in_scope | Q(is_published=True))
    if role is Role.LOCAL:
        # Local officers keep their drafts; once published a model is the province's.
        return queryset.filter(in_scope, is_published=False)
    return queryset.filter(in_scope)


def restrict_sessions(queryset, user, action=VIEW):
    """SurveySession rows (and through them their parts) `user` may see or edit."""
    role = role_of(user)
    if role is Role.ADMIN:
        return queryset
    if role is Role.PUBLIC:
        return queryset.none()
    if action != VIEW and role is not Role.PROVINCIAL:
        return queryset.none()
    return queryset.filter(unit__in=visible_unit_ids(user))


def restrict_units(queryset, user, action=VIEW):
    """Units are public knowledge to look at; only admins change them (in the admin).

    ASSIGN: the units an officer may file records under, i.e. those in their scope."""
    role = role_of(user)
    if action == VIEW or role is Role.ADMIN:
        return queryset
    if action == ASSIGN and role is not Role.PUBLIC:
        return queryset.filter(pk__in=visible_unit_ids(user))
    return queryset.none()


def restrict_reports(queryset, user, action=VIEW):
    """PeriodicReport rows `user` may see (VIEW), write and submit (CHANGE) or review (REVIEW:
    approve, return, reopen). Officers reach the reports of the units in their scope; reviewing
    is the province's (and admins'), and nobody reviews a report they submitted themselves."""
    role = role_of(user)
    if role is Role.PUBLIC:
        return queryset.none()
    scoped = queryset if role is Role.ADMIN else queryset.filter(unit__in=among(visible_unit_ids(user), queryset.db))
    if action in (VIEW, CHANGE):
        return scoped
    if action == REVIEW and role in (Role.ADMIN, Role.PROVINCIAL):
        return scoped.exclude(submitted_by=user)
    return queryset.none()


def restrict_reporting_units(queryset, user):
    """The units whose periodic reports (filed or missing) `user` may follow: those in scope."""
    role = role_of(user)
    if role is Role.ADMIN:
        return queryset
    if role is Role.PUBLIC:
        return queryset.none()
    return queryset.filter(pk__in=among(visible_unit_ids(user), queryset.db))


def may_review_reports(user) -> bool:
    """The approving level of periodic reports: the province's officers and admins."""
    return role_of(user) in (Role.ADMIN, Role.PROVINCIAL)


def may_create_models(user) -> bool:
    """Officers (local drafts included), provincial staff and admins register models."""
    return role_of(user) is not Role.PUBLIC


def may_create_sessions(user) -> bool:
    """Survey sessions are the provincial steering committee's: its officers and admins."""
    return role_of(user) in (Role.ADMIN, Role.PROVINCIAL)

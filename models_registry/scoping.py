"""Who may see and change which rows: the one place that decides it.

Every view, export, dashboard and API narrows its querysets through `restrict()` on the
model's queryset (NetBox's RestrictedQuerySet), which lands here. Nothing else filters
by user.

Roles (README, "Roles"):
- admin: a superuser; sees and changes everything.
- provincial officer: an OfficerProfile whose scope unit is a province.
- local officer: an OfficerProfile whose scope unit is a district or a commune.
- public: anyone else, signed in or not.

A scope follows units over time. An officer of the old huyện Cẩm Xuyên sees its communes
(every version of them), the units that succeeded them after the 2025 reorganisation,
and the units they themselves succeeded. Successors' *other* predecessors are not
included: the officer of old Cẩm Xuyên sees the new xã Cẩm Bình but not Thạch Bình,
which came from TP Hà Tĩnh.
"""

from enum import StrEnum

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q

VIEW = "view"
CHANGE = "change"
# Units only: the units a user may attach records to (a model's unit, a session's unit).
ASSIGN = "assign"


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
    from models_registry.models import UnitLevel

    return Role.PROVINCIAL if unit.level == UnitLevel.PROVINCE else Role.LOCAL


def _follow(start_ids: set[int], column: str, other: str) -> set[int]:
    """Transitively follow succession links from `start_ids` (one query per step)."""
    from models_registry.models import UnitSuccession

    seen = set(start_ids)
    frontier = set(start_ids)
    while frontier:
        found = set(UnitSuccession.objects.filter(**{f"{column}__in": frontier}).values_list(other, flat=True))
        frontier = found - seen
        seen |= frontier
    return seen


def units_in_scope_of(unit) -> set[int]:
    """Ids of the units an officer scoped to `unit` may see (see module docstring)."""
    from models_registry.models import AdministrativeUnit

    def subtree(ids):
        return set(
            AdministrativeUnit.objects.filter(
                Q(pk__in=ids) | Q(parent__in=ids) | Q(parent__parent__in=ids)
            ).values_list("pk", flat=True)
        )

    base = subtree({unit.pk})
    forward = _follow(base, "predecessor", "successor")
    backward = _follow(base, "successor", "predecessor")
    return subtree(forward | backward) | base


def visible_unit_ids(user) -> set[int] | None:
    """Units whose records the user may see; None means every unit (admin)."""
    if role_of(user) is Role.ADMIN:
        return None
    unit = scope_unit(user)
    if unit is None:
        return set()
    cache = getattr(user, "_danvan_unit_ids", None)
    if cache is None:
        cache = user._danvan_unit_ids = units_in_scope_of(unit)
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


def may_create_models(user) -> bool:
    """Officers (local drafts included), provincial staff and admins register models."""
    return role_of(user) is not Role.PUBLIC


def may_create_sessions(user) -> bool:
    """Survey sessions are the provincial steering committee's: its officers and admins."""
    return role_of(user) in (Role.ADMIN, Role.PROVINCIAL)

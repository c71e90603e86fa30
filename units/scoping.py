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
from django.db.models import Q

from units.choices import UnitLevel

VIEW = "view"
CHANGE = "change"
# Units only: the units a user may attach records to (a model's unit, a session's unit).
ASSIGN = "assign"
# Models only: publish or return a model awaiting approval. The province's officers and admins,
# in their area, and never for a model they sent for approval themselves.
REVIEW = "review"
# The publishing queue's states a rule needs (models_registry.models.ReviewStatus; this module
# imports no app above units, tests/test_publishing.py checks that the values agree).
AWAITING_APPROVAL = "pending"
LOCAL_KEEPS = ("draft", "returned")


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
    """MobilizationModel rows `user` may see (VIEW), edit (CHANGE) or review (REVIEW)."""
    role = role_of(user)
    if action == REVIEW:
        if not may_review_models(user):
            return queryset.none()
        pending = queryset.filter(review_status=AWAITING_APPROVAL).exclude(submitted_by=user)
        return pending if role is Role.ADMIN else pending.filter(unit__in=visible_unit_ids(user))
    if role is Role.ADMIN:
        return queryset
    if role is Role.PUBLIC:
        return queryset.filter(is_published=True) if action == VIEW else queryset.none()
    in_scope = Q(unit__in=visible_unit_ids(user))
    if action == VIEW:
        return queryset.filter(in_scope | Q(is_published=True))
    if role is Role.LOCAL:
        # Local officers keep their drafts until they send them for approval, and get them back
        # when returned; awaiting approval or published, a model is the province's.
        return queryset.filter(in_scope, review_status__in=LOCAL_KEEPS)
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


def restrict_recommendations(queryset, user, action=VIEW):
    """Recommendation rows (kết luận, đề nghị) `user` may see, or follow up (CHANGE: set the
    status, add progress notes). A request is followed up by the unit it is addressed to: the
    officers whose area holds its responsible unit see and update it, even when the session
    surveyed a unit above theirs; the province's officers also update every request of the
    sessions in their area. Editing the request itself (text, unit, due date) is editing its
    session (`restrict_sessions`)."""
    role = role_of(user)
    if role is Role.ADMIN:
        return queryset
    if role is Role.PUBLIC:
        return queryset.none()
    ids = visible_unit_ids(user)
    addressed = Q(responsible_unit__in=ids)
    if action == VIEW or role is Role.PROVINCIAL:
        return queryset.filter(addressed | Q(session__unit__in=ids))
    return queryset.filter(addressed)


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


def may_review_models(user) -> bool:
    """The publishing queue ("Chờ duyệt") is the province's: its officers and admins."""
    return role_of(user) in (Role.ADMIN, Role.PROVINCIAL)

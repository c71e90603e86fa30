"""Who may see and change which rows: the one place that decides it.

Every view, export, dashboard, import and API asks here: querysets are narrowed through
`restrict(user, action)` on the model's queryset (NetBox's RestrictedQuerySet), which lands
in one `restrict_*` function below; what a page offers (a button, a drill-down, an upload)
comes from a `may_*` function below; `get_restricted_or_404` gives a page its one row (404 if
the user may not see it, 403 if they may not do the action). `action` is an `Action`, never a
bare string. Nothing else decides by role (tests/test_layout.py checks that no module compares
with a `Role` outside this one): the views apply what the gate answers, and a template at most
shows the role (the dashboard's note for the public).

Roles (docs/user-guide.md, "Roles"):
- admin: a superuser; sees and changes everything.
- provincial officer: an OfficerProfile whose scope unit is a province.
- local officer: an OfficerProfile whose scope unit is a district or a commune.
- public: anyone else, signed in or not.

What each role may do, and where it is decided:
- registry models (`restrict_models`, `may_create_models`, `may_publish_models`): the public
  sees published models; officers see those and every model of their area; local officers
  register and edit their area's drafts (and those returned to them) and send them for
  approval, provincial staff publish and edit every model of their area. A record's change
  history is for officers (`may_see_officers_pages`).
- the publishing queue (`restrict_models(…, REVIEW)`, `may_review_models`): the province's
  officers and admins publish or return the models awaiting approval in their area, never one
  they sent for approval themselves.
- survey sessions (`restrict_sessions`, `may_create_sessions`, `may_see_officers_pages`):
  officers see their area's; provincial staff and admins create and edit them; the public
  sees none.
- requests of survey sessions, their follow-up (`restrict_recommendations`): officers see the
  requests of their area's sessions and those addressed to a unit of their area; the officers of
  the unit a request is addressed to follow it up (CHANGE: status, progress notes), and the
  province's officers every request of their area's sessions; the public sees none.
- units (`restrict_units`): everyone sees them; officers file records under (ASSIGN) the units
  of their area; the dashboard (DASHBOARD) opens on a province for the public, on the units of
  their area for officers, on any unit for admins.
- the dashboard (/thong-ke/) and home page (`may_see_dashboard_detail`, `dashboard_start`,
  `may_see_officers_pages`): the public sees province totals of published models only (no unit
  below a province, no reported numbers: sessions are not public); an officer starts at their
  own unit. The public's home page counts what `restrict_models` lets the visitor see, and its
  gallery is the published exemplary models; an officer's home page lists their tasks, each
  through the rules above.
- imports (`may_import`, `restrict_import_jobs`): each kind of spreadsheet declares who uploads
  it (`Uploaders`, in imports/registry.py): most are the province's staff's and admins' (a file
  writes across units); periodic reports are every officer's, each for the units of their scope
  (the importer refuses a row of another unit). A job is seen by whoever uploaded it, and
  confirmed by them while they may still upload its kind (admins: every job).
- periodic reports (`restrict_reports`, `restrict_reporting_units`, `may_review_reports`):
  officers see, fill in and submit their area's reports; the province's officers and admins
  review them (REVIEW: approve, return, reopen), never a report they submitted themselves.

A scope follows units over time. The rule, the only place it is decided (docs/user-guide.md
points here): an officer scoped to unit U reaches — sees, edits the drafts of, files
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

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from units.choices import UnitLevel


class Action(StrEnum):
    """What a user wants to do with the rows `restrict(user, action)` returns."""

    VIEW = "view"
    CHANGE = "change"
    # Units only: the units a user may attach records to (a model's unit, a session's unit).
    ASSIGN = "assign"
    # Units only: the units whose dashboard (/thong-ke/) the user may open.
    DASHBOARD = "dashboard"
    # Periodic reports: approve or return a submitted report, reopen an approved one, reopen
    # entry after the window closed. Registry models: publish or return a model awaiting
    # approval (the publishing queue). The approving level: the province's officers and admins,
    # in their area, never for what they submitted themselves.
    REVIEW = "review"


# The publishing queue's states a rule needs (models_registry.models.ReviewStatus; this module
# imports no app above units, tests/test_publishing.py checks that the values agree).
AWAITING_APPROVAL = "pending"
LOCAL_KEEPS = ("draft", "returned")


class Uploaders(StrEnum):
    """Who may upload a kind of spreadsheet under /nhap-xuat/ (each kind declares it when it is
    registered, imports/registry.py)."""

    # The province's officers and admins: such a file writes records of any unit of the province.
    PROVINCE = "province"
    # Every officer, for the units of their own scope: the kind's importer refuses any row of a
    # unit outside it (BaseImporter.may_use_unit, the rows' own `restrict(user, CHANGE)`).
    OFFICERS = "officers"


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


def is_admin(user) -> bool:
    """The admin role, known without a query."""
    return getattr(user, "is_superuser", False) and user.is_active


def role_of(user) -> Role:
    if is_admin(user):
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


def restrict_models(queryset, user, action=Action.VIEW):
    """MobilizationModel rows `user` may see (VIEW), edit (CHANGE) or review (REVIEW)."""
    action, role = Action(action), role_of(user)
    if action is Action.REVIEW:
        if not may_review_models(user):
            return queryset.none()
        pending = queryset.filter(review_status=AWAITING_APPROVAL).exclude(submitted_by=user)
        return pending if role is Role.ADMIN else pending.filter(unit__in=visible_unit_ids(user))
    if role is Role.ADMIN:
        return queryset
    if role is Role.PUBLIC:
        return queryset.filter(is_published=True) if action is Action.VIEW else queryset.none()
    in_scope = Q(unit__in=visible_unit_ids(user))
    if action is Action.VIEW:
        return queryset.filter(in_scope | Q(is_published=True))
    if role is Role.LOCAL:
        # Local officers keep their drafts until they send them for approval, and get them back
        # when returned; awaiting approval or published, a model is the province's.
        return queryset.filter(in_scope, review_status__in=LOCAL_KEEPS)
    return queryset.filter(in_scope)


def restrict_sessions(queryset, user, action=Action.VIEW):
    """SurveySession rows (and through them their parts) `user` may see or edit."""
    action, role = Action(action), role_of(user)
    if role is Role.ADMIN:
        return queryset
    if role is Role.PUBLIC:
        return queryset.none()
    if action is not Action.VIEW and role is not Role.PROVINCIAL:
        return queryset.none()
    return queryset.filter(unit__in=visible_unit_ids(user))


def restrict_units(queryset, user, action=Action.VIEW):
    """Units are public knowledge to look at; only admins change them (in the admin).

    ASSIGN: the units an officer may file records under, i.e. those in their scope.
    DASHBOARD: the units whose dashboard the user may open: the provinces for the public
    (province totals only), the units of their scope for officers, any unit for admins."""
    action, role = Action(action), role_of(user)
    if action is Action.VIEW or role is Role.ADMIN:
        return queryset
    if action is Action.DASHBOARD and role is Role.PUBLIC:
        return queryset.filter(parent__isnull=True)
    if action in (Action.ASSIGN, Action.DASHBOARD) and role is not Role.PUBLIC:
        return queryset.filter(pk__in=visible_unit_ids(user))
    return queryset.none()


def restrict_import_jobs(queryset, user, action=Action.VIEW, uploaders=None):
    """Import jobs (their file, preview and result) are their uploader's; admins see every job.

    CHANGE (confirm a checked job): the uploader, while they may still upload the job's kind.
    `uploaders`: {kind: Uploaders} of the registered kinds (None: every kind the province's).
    Seeing one's own job needs no look-up of the scope (the progress page asks every second)."""
    action = Action(action)
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if is_admin(user):
        return queryset
    mine = queryset.filter(created_by=user)
    if action is Action.VIEW:
        return mine
    if uploaders is None:
        return mine if may_import(user) else queryset.none()
    return mine.filter(kind__in=[kind for kind, who in uploaders.items() if may_import(user, who)])


def restrict_reports(queryset, user, action=Action.VIEW):
    """PeriodicReport rows `user` may see (VIEW), write and submit (CHANGE) or review (REVIEW:
    approve, return, reopen). Officers reach the reports of the units in their scope; reviewing
    is the province's (and admins'), and nobody reviews a report they submitted themselves."""
    action = Action(action)
    role = role_of(user)
    if role is Role.PUBLIC:
        return queryset.none()
    scoped = queryset if role is Role.ADMIN else queryset.filter(unit__in=among(visible_unit_ids(user), queryset.db))
    if action in (Action.VIEW, Action.CHANGE):
        return scoped
    if action is Action.REVIEW and role in (Role.ADMIN, Role.PROVINCIAL):
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


def restrict_recommendations(queryset, user, action=Action.VIEW):
    """Recommendation rows (kết luận, đề nghị) `user` may see, or follow up (CHANGE: set the
    status, add progress notes). A request is followed up by the unit it is addressed to: the
    officers whose area holds its responsible unit see and update it, even when the session
    surveyed a unit above theirs; the province's officers also update every request of the
    sessions in their area. Editing the request itself (text, unit, due date) is editing its
    session (`restrict_sessions`)."""
    action, role = Action(action), role_of(user)
    if role is Role.ADMIN:
        return queryset
    if role is Role.PUBLIC:
        return queryset.none()
    ids = visible_unit_ids(user)
    addressed = Q(responsible_unit__in=ids)
    if action is Action.VIEW or role is Role.PROVINCIAL:
        return queryset.filter(addressed | Q(session__unit__in=ids))
    return queryset.filter(addressed)


def may_create_models(user) -> bool:
    """Officers (local drafts included), provincial staff and admins register models."""
    return role_of(user) is not Role.PUBLIC


def may_publish_models(user) -> bool:
    """A local officer's models are drafts until the province publishes them."""
    return role_of(user) in (Role.ADMIN, Role.PROVINCIAL)


def may_review_models(user) -> bool:
    """The publishing queue ("Chờ duyệt") is the province's: its officers and admins."""
    return role_of(user) in (Role.ADMIN, Role.PROVINCIAL)


def may_see_officers_pages(user) -> bool:
    """Survey sessions and who changed what (a record's history) are for officers and admins,
    not for the public."""
    return role_of(user) is not Role.PUBLIC


def may_create_sessions(user) -> bool:
    """Survey sessions are the provincial steering committee's: its officers and admins."""
    return role_of(user) in (Role.ADMIN, Role.PROVINCIAL)


def may_import(user, uploaders=Uploaders.PROVINCE) -> bool:
    """Whether `user` may upload a kind of spreadsheet whose uploaders are `uploaders`. Imports
    write many rows at once: the province's staff and admins upload every kind; local officers
    only the kinds open to every officer (OFFICERS), whose rows are limited to their scope."""
    role = role_of(user)
    if Uploaders(uploaders) is Uploaders.OFFICERS:
        return role is not Role.PUBLIC
    return role in (Role.ADMIN, Role.PROVINCIAL)


def may_see_dashboard_detail(user) -> bool:
    """Below the provinces and reported numbers: officers and admins. The public sees the
    province totals of published models only (survey sessions are not public)."""
    return role_of(user) is not Role.PUBLIC


def may_open_dashboard(user, unit) -> bool:
    """One unit by the rule of `restrict_units(…, DASHBOARD)`, with no query once the user's
    scope is known (the dashboard's links to the units above)."""
    role = role_of(user)
    if role is Role.ADMIN:
        return True
    if role is Role.PUBLIC:
        return unit.parent_id is None
    return unit.pk in visible_unit_ids(user)


def dashboard_start(user):
    """The unit an officer's dashboard opens at, when none is asked for: their own. None for
    the public and admins (whose start is the caller's choice among the units they may open)."""
    return scope_unit(user) if role_of(user) in (Role.PROVINCIAL, Role.LOCAL) else None


def get_restricted_or_404(queryset, user, pk, action=Action.VIEW):
    """The row `pk` if `user` may do `action` on it: 404 if they may not even see it, 403 if
    they see it but may not do `action`."""
    obj = get_object_or_404(queryset.restrict(user, Action.VIEW), pk=pk)
    if Action(action) is not Action.VIEW and not queryset.restrict(user, action).filter(pk=pk).exists():
        raise PermissionDenied
    return obj


def object_to_edit(queryset, user, pk, may_create: bool):
    """The edit page's object: a new one (pk None) if the user may create, else the row `pk`
    if they may change it (403/404 as in get_restricted_or_404)."""
    if pk is None:
        if not may_create:
            raise PermissionDenied
        return queryset.model()
    return get_restricted_or_404(queryset, user, pk, Action.CHANGE)

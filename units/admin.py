import datetime

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import F, Window
from django.db.models.functions import Lead
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_mixins import BoundedIdsAdminMixin
from core.search import FoldedSearchAdminMixin, folded_search
from units import scoping
from units.mail import queue_again
from units.models import AdministrativeUnit, GoverningBody, OfficerProfile, OutgoingMail, UnitSuccession


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [("current", _("still valid")), ("closed", _("no longer valid"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.filter(valid_until__isnull=True)
        if self.value() == "closed":
            return queryset.filter(valid_until__isnull=False)
        return queryset


class SuccessorInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    autocomplete_fields = ["successor"]
    extra = 0
    verbose_name = _("successor")
    verbose_name_plural = _("successors (after a merge, split or move)")


class PredecessorInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "successor"
    autocomplete_fields = ["predecessor"]
    extra = 0
    verbose_name = _("predecessor")
    verbose_name_plural = _("predecessors")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(FoldedSearchAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "level", "kind", "parent", "valid_from", "valid_until"]
    list_filter = ["level", "kind", ValidityFilter]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [PredecessorInline, SuccessorInline]
    fields = ["name", "code", "level", "kind", "parent", "valid_from", "valid_until"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(SimpleHistoryAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_date", "legal_basis"]
    list_filter = ["kind", "effective_date"]
    list_select_related = ["predecessor", "successor"]
    autocomplete_fields = ["predecessor", "successor"]
    search_fields = ["predecessor__search_text", "successor__search_text"]

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        before = folded_search(queryset, search_term, "predecessor__search_text")
        after = folded_search(queryset, search_term, "successor__search_text")
        return before | after, False


@admin.register(GoverningBody)
class GoverningBodyAdmin(SimpleHistoryAdmin):
    """The body's names over time: for administrators only (they appear on every page and document)."""

    list_display = ["valid_from", "valid_until", "full_name", "short_name", "abbreviation", "parent_body",
                    "province_name"]
    fields = ["valid_from", "full_name", "short_name", "header_name", "abbreviation", "parent_body", "province_name"]

    def get_queryset(self, request):
        # A name ends where the next one starts: one window over the (few) rows.
        following = Window(Lead("valid_from"), order_by=F("valid_from").asc())
        return super().get_queryset(request).annotate(_next_from=following)

    @admin.display(description=_("valid until"))
    def valid_until(self, obj):
        if obj._next_from is None:
            return "—"
        return (obj._next_from - datetime.timedelta(days=1)).strftime("%d/%m/%Y")

    @staticmethod
    def by_admin(request) -> bool:
        return scoping.is_admin(request.user)

    def has_module_permission(self, request):
        return self.by_admin(request)

    def has_view_permission(self, request, obj=None):
        return self.by_admin(request)

    def has_add_permission(self, request):
        return self.by_admin(request)

    def has_change_permission(self, request, obj=None):
        return self.by_admin(request)

    def has_delete_permission(self, request, obj=None):
        return self.by_admin(request)


class OfficerProfileInline(admin.StackedInline):
    model = OfficerProfile
    autocomplete_fields = ["scope_unit"]
    can_delete = True
    verbose_name_plural = _("officer profile (scope of work)")


@admin.register(OfficerProfile)
class OfficerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "scope_unit", "title"]
    list_select_related = ["user", "scope_unit"]
    autocomplete_fields = ["user", "scope_unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class DanvanUserAdmin(BoundedIdsAdminMixin, UserAdmin):
    inlines = [OfficerProfileInline]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The e-mails the task worker sends (units/mail.py): read-only, and queued again on request
    when they were not sent or were interrupted while sending."""

    list_display = ["created_at", "to", "short_subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    readonly_fields = [field.name for field in OutgoingMail._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=OutgoingMail._meta.get_field("subject").verbose_name)
    def short_subject(self, outgoing):
        return outgoing.subject if len(outgoing.subject) <= 90 else outgoing.subject[:89] + "…"

    def has_send_again_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=_("Send again (not sent or interrupted)"), permissions=["send_again"])
    def send_again(self, request, queryset):
        count = queue_again(queryset)
        self.message_user(request, _("%(count)s e-mail(s) queued again.") % {"count": count})

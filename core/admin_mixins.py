"""What the Django admin pages of both apps share."""

from django.db import router, transaction
from simple_history.models import to_historic

from core import versioning
from core.editing import VersionedForm
from core.inputs import IdChoiceField, IdMultipleChoiceField

SAVED = "_danvan_admin_saved"  # set on the request once the admin has saved the record


class VersionedAdminForm(VersionedForm):
    """The admin's form of a versioned record: the hidden version of the site's forms, claimed
    while the form is validated, so that a stale save is refused next to the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and to_historic(self.instance) is not None:
            # simple-history's "revert" page edits an old version: the one to claim is the current.
            stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list("version")
            self.fields["version"].initial = stored.get()[0]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and not versioning.claim_version(self.instance, cleaned.get("version")):
            self.add_error(None, versioning.STALE_MESSAGE)
        return cleaned


class RecordAuthorsAdminMixin:
    """Versioned records in the admin: the version is claimed like on the site's own pages
    (core/versioning.py) and created_by/updated_by are stamped.

    The claim happens while the form is validated, inside the admin's transaction; a POST that
    saves nothing in the end (an error in an inline, say: the form is shown again) has its
    transaction rolled back, and the claim with it."""

    form = VersionedAdminForm
    change_form_template = "admin/versioned_change_form.html"
    object_history_form_template = "admin/versioned_history_form.html"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._rolled_back_unless_saved(request, super().changeform_view, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._rolled_back_unless_saved(request, super().history_form_view, object_id, version_id,
                                              extra_context)

    def _rolled_back_unless_saved(self, request, view, *args):
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = view(request, *args)
            if request.method == "POST" and not getattr(request, SAVED, False):
                transaction.set_rollback(True)
        return response

    def save_model(self, request, obj, form, change):
        versioning.stamp(obj, request.user)
        super().save_model(request, obj, form, change)
        setattr(request, SAVED, True)


class BoundedIdsAdminMixin:
    """Choices of related rows read as ids within the BigAutoField range before any query, as
    on the application's own forms (core.inputs): on SQLite an out-of-range id in a
    many-to-many choice raised OverflowError, a 500."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnlyAdminMixin:
    """Rows shown in the admin but written elsewhere (their own pages, a workflow, a background
    task): no adding, changing or deleting here. For admin pages and inlines alike."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

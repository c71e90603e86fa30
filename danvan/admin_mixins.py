"""What the Django admin pages of both apps share."""

from danvan.inputs import IdChoiceField, IdMultipleChoiceField


class RecordAuthorsAdminMixin:
    """Stamps created_by/updated_by and bumps `version`, so that a page opened before an admin
    save is refused by the optimistic lock of the application's own edit pages."""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        else:
            obj.version += 1
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class BoundedIdsAdminMixin:
    """Choices of related rows read as ids within the BigAutoField range before any query, as
    on the application's own forms (danvan.inputs): on SQLite an out-of-range id in a
    many-to-many choice raised OverflowError, a 500."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

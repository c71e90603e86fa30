"""What the Django admin pages of both apps share."""


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

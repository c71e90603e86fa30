"""Django's own strings that its Vietnamese catalogue leaves untranslated or gets wrong
(Django 5.2), and those of django-simple-history, which has no Vietnamese catalogue.

Listing them here lets `makemessages` carry them into our catalogue, where they are
translated; LOCALE_PATHS take precedence over Django's own catalogues. Nothing imports
this module at run time. The terms follow docs/glossary-ui.md.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext_lazy

ADMIN = [
    # Django's vi catalogue has these only as singular msgids; the admin asks for the plural forms.
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", "count"),
    ngettext_lazy("entry", "entries", "count"),
    _("Select this object for an action - {}"),
    _("Breadcrumbs"),
    _("Model name"),
    _("Add link"),
    _("Change or view list link"),
    _("After you’ve created a user, you’ll be able to edit more user options."),
    _("Error:"),
    _("Set password"),
    _("This action will <strong>enable</strong> password-based authentication for this user."),
    _("Disable password-based authentication"),
    _("Enable password-based authentication"),
    _("Skip to main content"),
    _("Hide counts"),
    _("Show counts"),
    _("Toggle theme (current theme: auto)"),
    _("Toggle theme (current theme: light)"),
    _("Toggle theme (current theme: dark)"),
    _("Added:"),
    _("Changed:"),
    _("Deleted:"),
    _("Forgotten your login credentials?"),
    _("Toggle navigation"),
    _("Sidebar"),
    _("Filter navigation items"),
    _("View selected %(model)s"),
    _("In case you’ve forgotten, you are:"),
    _("Select all objects on this page for an action"),
]

# Django's admin, where its Vietnamese reads wrong ("History" as "Bản ghi nhớ", memorandum; "Past 7
# days" as "7 days ago"; protected objects "deleted automatically") or awkwardly, on pages we show.
ADMIN_REWORDED = [
    _("History"),
    _("Site administration"),
    _("Models in the %(name)s application"),
    _("Add"),
    _("Add %(name)s"),
    _("Add another %(verbose_name)s"),
    _("Save and view"),
    _("Save as new"),
    _("Change"),
    _("Change %s"),
    _("Select %s to change"),
    _("Change selected %(model)s"),
    _("Action:"),
    _("Action"),
    _("Run the selected action"),
    _("Go"),
    _("No action selected."),
    _("Items must be selected in order to perform actions on them. No items have been changed."),
    ngettext_lazy("%(total_count)s selected", "All %(total_count)s selected", "total_count"),
    _("0 of %(cnt)s selected"),
    _("Click here to select the objects across all pages"),
    _("Select all %(total_count)s %(module_name)s"),
    _("Past 7 days"),
    _("Any date"),
    _("Empty"),
    _("Not empty"),
    _("Delete?"),
    _(" By %(filter_title)s "),
    _("The {name} “{obj}” was added successfully."),
    _("The {name} “{obj}” was changed successfully."),
    _("The {name} “{obj}” was added successfully. You may edit it again below."),
    _("The {name} “{obj}” was changed successfully. You may edit it again below."),
    _("The {name} “{obj}” was added successfully. You may add another {name} below."),
    _("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    _("The %(name)s “%(obj)s” was deleted successfully."),
    _("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    _("Successfully deleted %(count)d %(items)s."),
    ngettext_lazy("%(count)s %(name)s was changed successfully.", "%(count)s %(name)s were changed successfully.",
                  "count"),
    _("Welcome,"),
    _("Added."),
    _("No fields changed."),
    _("Toggle sorting"),
    _("Sorting priority: %(priority_number)s"),
    _("Currently:"),
    _("Unknown content"),
    _("None available"),
    _(
        "Deleting %(class_name)s %(instance)s would require deleting the following protected related objects: "
        "%(related_objects)s"
    ),
    _("Deleting the %(object_name)s '%(escaped_object)s' would require deleting the following protected related "
      "objects:"),
    _("Deleting the selected %(objects_name)s would require deleting the following protected related objects:"),
]

# django-simple-history's admin pages (it ships no Vietnamese).
HISTORY = [
    _("Revert"),
    _("Revert %s"),
    _("Revert %(verbose_name)s"),
    _("View %(verbose_name)s"),
    _("View history: %s"),
    _("Change History"),
    _("You may edit it again below"),
    _("Object"),
    _("Comment"),
    _("Changed by"),
    _("Change reason"),
    _("Changed"),
    _("Deleted"),
    _("Deleted %(type_name)s"),
    _("This object doesn't have a change history."),
    _("Choose a date from the list below to revert to a previous version of this object."),
    _("Press the 'Revert' button below to revert to this version of the object."),
    _("Press the 'Change History' button below to edit the history."),
]

AUTH = [
    _("Conflicting form data submitted. Please try again."),
    _("Password-based authentication was disabled."),
    _("Set password: %s"),
    _("Reset password"),
    _(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be "
        "able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    _("Password-based authentication"),
    _("Enabled"),
    _("Disabled"),
    _("Raw passwords are not stored, so there is no way to see the user’s password."),
    _("Enable password-based authentication for this user by setting a password."),
    _(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, "
        "numbers, and @/./+/-/_ characters."
    ),
    _("Sessions"),
]

CORE = [
    _("Messages"),
    _("That page number is not an integer"),
    _("That page number is less than 1"),
    _("That page contains no results"),
    _("Enter a valid domain name."),
    _("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    _("Ensure this value is a multiple of step size %(limit_value)s."),
    _("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."),
    _("Null characters are not allowed."),
    _("Constraint “%(name)s” is violated."),
    _("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),
    _("“%(value)s” value must be a decimal number."),
    _("“%(value)s” value must be an integer."),
    _("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    _("Enter a complete value."),
    _(
        "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need "
        "to file a bug report if the issue persists."
    ),
    _("The inline value did not match the parent instance."),
    _("“%(pk)s” is not a valid value."),
    _("Forbidden"),
    _("CSRF verification failed. Request aborted."),
    _(
        "You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie "
        "is required for security reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    _(
        "If you have configured your browser to disable cookies, please re-enable them, at least for this site, "
        "or for “same-origin” requests."
    ),
    _("Date out of range"),
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"),
    ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "num"),
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]

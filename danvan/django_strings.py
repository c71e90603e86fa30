"""Django's own strings that its Vietnamese catalogue leaves untranslated (Django 5.2).

Listing them here lets `makemessages` carry them into our catalogue, where they are
translated; LOCALE_PATHS take precedence over Django's own catalogues. Nothing imports
this module at run time.
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

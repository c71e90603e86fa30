from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from units import scoping
from units.models import body_on


def permissions(request):
    """What the navigation offers, decided by scoping like everything else. Lazy: pages that
    do not show our navigation (the admin) pay no query for it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}

    def may():
        return {
            "see_sessions": scoping.may_see_officers_pages(user),
            "see_reports": scoping.may_see_officers_pages(user),
            "create_models": scoping.may_create_models(user),
            "create_sessions": scoping.may_create_sessions(user),
            "review_models": scoping.may_review_models(user),
        }

    return {"may": SimpleLazyObject(may)}


def governing_body(request):
    """Today's name of the governing body, for the header and footer: one query, on the pages
    that show it (the admin does not)."""
    return {"governing_body": SimpleLazyObject(lambda: body_on(timezone.localdate()))}

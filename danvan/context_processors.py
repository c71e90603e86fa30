from django.utils.functional import SimpleLazyObject

from models_registry import scoping


def permissions(request):
    """What the navigation offers, decided by scoping like everything else. Lazy: pages that
    do not show our navigation (the admin) pay no query for it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}

    def may():
        role = scoping.role_of(user)
        return {
            "see_sessions": role is not scoping.Role.PUBLIC,
            "create_models": scoping.may_create_models(user),
            "create_sessions": scoping.may_create_sessions(user),
        }

    return {"may": SimpleLazyObject(may)}

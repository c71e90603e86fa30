from models_registry import scoping


def permissions(request):
    """What the navigation offers: decided by scoping, like everything else."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    role = scoping.role_of(user)
    return {
        "may": {
            "see_sessions": role is not scoping.Role.PUBLIC,
            "create_models": scoping.may_create_models(user),
            "create_sessions": scoping.may_create_sessions(user),
        }
    }

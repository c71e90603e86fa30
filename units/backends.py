"""Signing in and the signed-in user: Django's ModelBackend, loading what every page asks of the user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class OfficerBackend(ModelBackend):
    """The user of a request comes with their officer profile and its scope unit in the same query:
    every page asks `scoping` for them (the navigation, the lists' scope), which otherwise costs
    two more queries per request."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("officer_profile__scope_unit")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

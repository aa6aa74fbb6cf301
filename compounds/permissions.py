"""Object permissions of the register, with the ``rules`` library.

A user may act on an object when their role grants the model permission and the object lies
inside their scope (their street, community or compound). Model-level checks (no object) stay
with Django's ModelBackend and the role groups.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .selectors import in_scope


def role_grants(permission):
    @rules.predicate(name=f"role grants {permission}")
    def predicate(user):
        # get_all_permissions() asks ModelBackend (the groups) without recursing into rules;
        # it builds a new set on each call, so a request keeps the first one on the user.
        if not user.is_active:
            return False
        granted = getattr(user, "_role_permissions", None)
        if granted is None:
            granted = user._role_permissions = user.get_all_permissions()
        return permission in granted

    return predicate


@rules.predicate
def object_in_scope(user, obj):
    return obj is not None and in_scope(user, obj)


def add_scoped_permissions(app_label: str, model_names) -> None:
    """Register view/add/change/delete of each model as "role grants it and the object is in
    the user's scope"; the models' scope lookups are registered in selectors.LOOKUPS."""
    for model in model_names:
        for action in ("view", "add", "change", "delete"):
            name = f"{app_label}.{action}_{model}"
            rules.add_perm(name, role_grants(name) & object_in_scope)


add_scoped_permissions(
    "compounds", ("street", "community", "renovationplan", "compound", "building")
)


def require_object_perm(user, perm: str, obj, message: str | None = None) -> None:
    """Raise PermissionDenied (a 403 with ``message``) unless ``user`` has ``perm`` on ``obj``."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("Your role may not change this record."))

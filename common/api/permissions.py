from rest_framework.permissions import BasePermission, DjangoObjectPermissions


class ModelPermissions(DjangoObjectPermissions):
    """Model and object permissions for every method, reading included.

    DRF's default lets any logged-in user read; here reading needs the view permission, and
    each object is checked against the user's scope through the ``rules`` backend.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }


def holds(perm: str) -> type[BasePermission]:
    """A permission class that lets in a signed-in user who holds ``perm`` (a 403 otherwise),
    for an endpoint or an action whose right is not the model's view/add/change::

        permission_classes = [holds("oversight.view_opinion")]
    """

    class Holds(BasePermission):
        def has_permission(self, request, view):
            user = request.user
            return bool(user and user.is_authenticated and user.has_perm(perm))

    Holds.__name__ = Holds.__qualname__ = f"Holds({perm})"
    return Holds

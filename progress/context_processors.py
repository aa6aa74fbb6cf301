from .selectors import unread_notices


def notices(request):
    """The number of the user's unread notices, for the header (one count query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": lambda: unread_notices(user=user).count()}

"""``{{ user|person }}``: a user as the pages name them (common.names.person_name)."""

from django import template

from common.names import person_name

register = template.Library()


@register.filter
def person(user):
    """The user's full name as people write it, else their username; "" for no user."""
    return person_name(user)

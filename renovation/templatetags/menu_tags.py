"""``{% staff_menu as groups %}``: the groups of the staff menu the user may use
(renovation.menu)."""

from django import template

from renovation.menu import menu_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_menu(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None:
        return []
    return menu_for(user)

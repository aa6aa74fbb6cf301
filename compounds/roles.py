"""The portal's roles: Django groups whose permissions follow from this table.

A role says what a user may do; their :class:`~compounds.models.Assignment` says where.
Other apps add their permissions to a role with :func:`grant` from their ``AppConfig.ready``.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STREET_STAFF = "street_staff", _("street staff")
    COMMUNITY_STAFF = "community_staff", _("community staff")
    RESIDENT_SUPERVISOR = "resident_supervisor", _("resident supervisor")
    DISTRICT_INSPECTOR = "district_inspector", _("district inspector")
    ADMINISTRATOR = "administrator", _("administrator")


# Roles that see every street, whatever their assignment.
CITY_WIDE_ROLES = frozenset({Role.DISTRICT_INSPECTOR, Role.ADMINISTRATOR})


def _crud(app_label, model, actions):
    return {f"{app_label}.{action}_{model}" for action in actions}


VIEW = ("view",)
EDIT = ("view", "add", "change")
ALL = ("view", "add", "change", "delete")

ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.STREET_STAFF: (
        _crud("compounds", "street", VIEW)
        | _crud("compounds", "community", EDIT)
        | _crud("compounds", "renovationplan", EDIT)
        | _crud("compounds", "compound", EDIT)
        | _crud("compounds", "building", EDIT)
    ),
    Role.COMMUNITY_STAFF: (
        _crud("compounds", "street", VIEW)
        | _crud("compounds", "community", VIEW)
        | _crud("compounds", "renovationplan", VIEW)
        | _crud("compounds", "compound", EDIT)
        | _crud("compounds", "building", EDIT)
    ),
    Role.RESIDENT_SUPERVISOR: (
        _crud("compounds", "community", VIEW)
        | _crud("compounds", "renovationplan", VIEW)
        | _crud("compounds", "compound", VIEW)
        | _crud("compounds", "building", VIEW)
    ),
    Role.DISTRICT_INSPECTOR: set(),  # every view_ permission of the portal's apps, below
    Role.ADMINISTRATOR: (
        _crud("auth", "user", ALL) | _crud("auth", "group", VIEW)
    ),  # and every permission of the portal's apps, below
}
PORTAL_APPS = ("compounds", "progress", "oversight")
# view_ permissions that are rights rather than reads of a record (seeing residents' names and
# phones): a district inspector does not get them with the rest; a role holds them only when
# granted by name.
NOT_FOR_EVERY_READER: set[str] = set()


def grant(role: Role, permissions: set[str]) -> None:
    """Add ``permissions`` ("app_label.codename") to ``role``; for other apps' ready()."""
    ROLE_PERMISSIONS[role] |= set(permissions)


def restrict(permissions: set[str]) -> None:
    """Keep ``permissions`` (view_ ones) out of the readers' blanket grant: only roles they are
    granted to by name hold them. For other apps' ready()."""
    NOT_FOR_EVERY_READER.update(permissions)


def role_permissions(role: Role) -> list[Permission]:
    """Return the Permission rows the ``role`` group should hold."""
    every = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    missing = ROLE_PERMISSIONS[role] - every.keys()
    if missing:
        raise ImproperlyConfigured(f"Roles name unknown permissions: {sorted(missing)}")
    names = set(ROLE_PERMISSIONS[role])
    for name in every:
        app_label, codename = name.split(".", 1)
        if app_label not in PORTAL_APPS:
            continue
        if role == Role.ADMINISTRATOR or (
            role == Role.DISTRICT_INSPECTOR
            and codename.startswith("view_")
            and name not in NOT_FOR_EVERY_READER
        ):
            names.add(name)
    return [every[name] for name in sorted(names)]


def sync_roles(*, apps=global_apps) -> list[Group]:
    """Create or update one group per role with exactly the role's permissions."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    groups = []
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(role_permissions(role))
        groups.append(group)
    return groups


def sync_roles_after_migrate(sender, **kwargs):
    if sender.name == "compounds":
        sync_roles()

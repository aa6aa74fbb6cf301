"""Reads of the register import: the imports a user may see, and the headings a street's users
chose before."""

from django.core.cache import cache
from django.db.models import QuerySet

from compounds.selectors import Level, scope_for

from .models import ColumnMapping, RegisterImport
from .running import progress_key


def import_list(*, user) -> QuerySet:
    """A user's imports, and their street's when they work for the whole street."""
    imports = RegisterImport.objects.select_related("created_by", "street")
    scope = scope_for(user)
    if scope.level == Level.EVERYTHING:
        return imports
    if scope.level == Level.STREET:
        return imports.filter(street_id=scope.street_id) | imports.filter(created_by=user)
    return imports.filter(created_by=user)


def remembered_mappings(*, street) -> dict:
    """{kind: {normalised heading: field}} as the street's users chose them."""
    found = {}
    for mapping in ColumnMapping.objects.filter(street=street):
        found.setdefault(mapping.kind, {})[mapping.heading] = mapping.field
    return found


def import_progress(pk: int) -> int:
    """Rows the running preview or import of an import has read so far."""
    return cache.get(progress_key(pk), 0)

"""The admin site's residents' data requests: read only, with their history; they are carried
out or refused through the portal's pages, whose services keep the rules and the record."""

from django.contrib import admin

from compounds.admin import ReadOnlyAdmin

from .models import PrivacyRequest


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(ReadOnlyAdmin):
    list_display = ["opinion", "kind", "status", "created", "handled_by", "handled_at"]
    list_filter = ["kind", "status"]
    search_fields = ["opinion__code"]
    list_select_related = ["opinion", "handled_by"]
    date_hierarchy = "created"

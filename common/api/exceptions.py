"""API errors: Django's ValidationError and PermissionDenied from services become 400 and 403.

DRF marks the request transaction for rollback when it answers an error; a view that runs
without one (transaction.non_atomic_requests) has none to roll back, and any transaction
around it (a test's, a caller's) is left as it was.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    view = context.get("view")
    own = getattr(getattr(view, "dispatch", None), "_non_atomic_requests", ())
    kept = {alias: connections[alias].needs_rollback for alias in own}
    response = drf_exception_handler(exc, context)
    for alias, needed in kept.items():
        if connections[alias].in_atomic_block:
            connections[alias].set_rollback(needed)
    return response

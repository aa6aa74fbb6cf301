"""Validators of the residents' voice, shared by the model, the forms and the API."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAINLAND = 86


def validate_mainland_phone(phone) -> None:
    """Refuse a phone number outside mainland China (+852, +1, ...): the street calls back
    mainland numbers only, and a foreign one typed by mistake would never reach the resident."""
    if phone and getattr(phone, "country_code", MAINLAND) != MAINLAND:
        raise ValidationError(
            _("This is not a phone number in mainland China: check it, for example 13800138000."),
            code="not_mainland",
        )

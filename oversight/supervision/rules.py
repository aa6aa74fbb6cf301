"""Pure rules of supervision: the quality items a check offers, the levels at which each
role files records, what a failed check must say and when its fix may be due."""

import datetime

from django.utils.translation import gettext_lazy as _

# The quality items a check offers by default (others may be added on the record). From the
# street's own concerns in the article: safety, dust control, materials, the works themselves.
# A check stores each item's words in the language it was filed in, as typed-in items are.
QUALITY_CHECKLIST = (
    _("Site hoarding and safety protection"),
    _("Dust control (covering, sprinkling, washing vehicles)"),
    _("Material certificates and inspection on delivery"),
    _("Depth of pipes laid, and backfilling"),
    _("Stairwell plaster even, with no hollow spots"),
    _("Pressure test of the heating pipes"),
    _("Fire lanes kept clear"),
    _("A tidy site, and spoil carted away"),
)
# The levels at which each role files supervision records: the street also files what its
# hired supervision firm and the third party found.
FILING_LEVELS = {
    "street_staff": {"street", "firm", "third_party"},
    "community_staff": {"community"},
    "resident_supervisor": {"residents"},
}
ALL_FILING_LEVELS = frozenset().union(*FILING_LEVELS.values())


def filing_levels(*, roles, administrator: bool = False) -> set[str]:
    """Return the levels at which a user holding ``roles`` may file supervision records."""
    if administrator:
        return set(ALL_FILING_LEVELS)
    return set().union(*(FILING_LEVELS.get(role, set()) for role in roles))


# The sentences of the refusals below, wherever a record is filed (page, API, command).
FAILED_WITHOUT_NOTE = _("Say what failed, so it can be fixed.")
FIX_DUE_BEFORE_CHECK = _("The fix cannot be due before the check.")


def needs_note(*, passed: bool, note: str | None) -> bool:
    """Whether a check is refused for want of a note: a failed item says what was found (the
    problem it raises tells the responsible side what to fix)."""
    return not passed and not (note or "").strip()


def fix_due_before_check(*, date: datetime.date | None, deadline: datetime.date | None) -> bool:
    """Whether the day a failed item is to be fixed by comes before the check that found it
    (no deadline is never early: the service sets one a week after the check)."""
    return date is not None and deadline is not None and deadline < date

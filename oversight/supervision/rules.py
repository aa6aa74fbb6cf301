"""Pure rules of supervision: the quality items a check offers, the levels at which each
role files records, what a failed check must say and when its fix may be due."""

import datetime

from django.utils.translation import gettext_lazy as _

# The quality items a check offers by default (others may be added on the record). From the
# street's own concerns in the article: safety, dust control, materials, the works themselves.
QUALITY_CHECKLIST = (
    "施工围挡与安全防护",
    "扬尘管控（覆盖、洒水、车辆冲洗）",
    "材料合格证与进场验收",
    "管线铺设深度与回填",
    "楼道粉刷平整无空鼓",
    "暖气管道试压",
    "消防通道畅通",
    "文明施工与渣土清运",
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

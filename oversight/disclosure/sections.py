"""The sections of a compound's public page (及时公开相关信息).

The detail page is a list of sections. An app adds its own with ``register_section()``: a
function of the public compound row returning its template's context, or None to show
nothing. The "funds" and "supervision" sections are placeholders that show nothing until the
apps that keep those records register their providers under the same keys.

The disclosure's own sections (their contexts are built in oversight.disclosure.selectors) are
registered below, when this module is first imported.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .selectors import (
    CompoundDetail,
    elevators_section,
    opinions_section,
    photos_section,
    schedule_section,
    surveys_section,
    work_items_section,
)


@dataclass(frozen=True)
class Section:
    """A part of a compound's public page: ``context(compound)`` gets the public
    CompoundDetail and returns its template's context (public data only), or None to leave
    the section out. The page writes the ``title`` as the section's heading and in its table
    of contents (a section without one is headed by its context's "title")."""

    key: str
    template: str
    context: Callable[[CompoundDetail], dict | None]
    order: int = 100
    title: Any = ""


SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    """Add a section, or replace the one registered under the same key."""
    SECTIONS[section.key] = section


def sections_for(compound: CompoundDetail) -> list[dict[str, Any]]:
    """Return the template and context of every section that has something to show."""
    shown = []
    for section in sorted(SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.context(compound)
        if context is not None:
            title = section.title or context.get("title", "")
            shown.append(
                {
                    "key": section.key,
                    "template": section.template,
                    "context": context,
                    "title": title,
                }
            )
    return shown


def later_summary(compound: CompoundDetail) -> dict | None:
    """A placeholder for a section a later app provides; shows nothing until then."""
    return None


# The disclosure's own sections, each in oversight/disclosure/section_<key>.html.
for key, context, order, title in (
    ("work_items", work_items_section, 10, _("What is being renovated")),
    ("schedule", schedule_section, 20, _("Schedule")),
    ("photos", photos_section, 30, _("Before and after")),
    ("elevators", elevators_section, 40, _("Elevators being added")),
    ("surveys", surveys_section, 45, _("Residents choose: surveys")),
    ("opinions", opinions_section, 50, _("Residents' opinions and the street's replies")),
):
    register_section(
        Section(key, f"oversight/disclosure/section_{key}.html", context, order, title)
    )
del key, context, order, title

# Placeholders: the funds (专项资金) and supervision (监督) apps register their own providers
# under these keys, with a context of {"title": ..., "rows": [{"label": ..., "value": ...}]}
# for the generic template, or their own template.
register_section(Section("funds", "oversight/disclosure/section_summary.html",
                         later_summary, order=60))  # fmt: skip
register_section(Section("supervision", "oversight/disclosure/section_summary.html",
                         later_summary, order=70))  # fmt: skip

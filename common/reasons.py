"""The reasons the system writes in a record's history, kept in English and shown in the
reader's language.

A history entry is written once and read in either language, so a reason of the system is
stored as its English msgid: a plain one marked with ``gettext_noop`` where it is written
(``reason=gettext_noop("first daily log")``), one with values registered once with
``reason_with_values`` and filled in (``MERGED % {"code": code}``). ``translated_reason`` turns
the stored text into the reader's language when a page shows it; a reason someone typed is
shown as it was typed.
"""

import re

from django.utils.translation import gettext

# msgid → the pattern its filled-in text matches, the placeholders as named groups.
_WITH_VALUES: dict[str, re.Pattern] = {}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def reason_with_values(message: str) -> str:
    """Register ``message`` (a msgid with ``%(name)s`` placeholders, marked with
    ``gettext_noop``) so that its filled-in text is translated when shown; return it. Each
    value is one word (a code, a date), so that a sentence someone typed is not taken for it."""
    parts = _PLACEHOLDER.split(message)
    pattern = "".join(
        re.escape(part) if index % 2 == 0 else rf"(?P<{part}>\S+)"
        for index, part in enumerate(parts)
    )
    _WITH_VALUES[message] = re.compile(f"^{pattern}$")
    return message


def translated_reason(text: str | None) -> str:
    """A stored reason in the active language: the system's translated, a typed one as it is."""
    if not text:
        return ""
    translated = gettext(text)
    if translated != text:
        return translated
    for message, pattern in _WITH_VALUES.items():
        match = pattern.match(text)
        if match:
            return gettext(message) % match.groupdict()
    return text

"""Text as it is stored: without the characters a reader cannot see.

Bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069), the direction marks
(U+200E, U+200F, U+061C), the zero-width characters (U+200B..U+200D, U+2060, U+FEFF) and every
other character of Unicode category Cf (format) are invisible on a page yet change what the
page shows: U+202E before "txt.exe" makes it read "exe.txt", and a name with a zero-width
space is not the name it looks like. Every input path drops them where text is stored: the
HTML forms (common.middleware.CleanInputMiddleware), the API (common.api.parsers) and the
spreadsheet imports (oversight.imports.cells.clean_text).

Kept: the zero-width joiner between two emoji (man, joiner, woman, joiner, girl draw as one
family), an emoji flag's tag sequence (the flag of Scotland), and the format characters that
are drawn (the Arabic number signs, "prepended concatenation marks").
"""

import re

__all__ = ["INVISIBLE_RANGES", "VISIBLE_FORMAT", "clean_data", "without_invisible"]

ZWJ = "\u200d"
VARIATION_SELECTOR = "\ufe0f"
# Category Cf as of Unicode 15.1, less the visible ones below (tests/common/test_text.py checks
# the list against the running Python's Unicode database).
INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x061C, 0x061C),  # Arabic letter mark
    (0x180E, 0x180E),  # Mongolian vowel separator
    (0x200B, 0x200F),  # zero-width space, non-joiner, joiner; left-to-right, right-to-left marks
    (0x202A, 0x202E),  # bidirectional embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x206F),  # bidirectional isolates, deprecated format characters
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte order mark)
    (0xFFF9, 0xFFFB),  # interlinear annotation
    (0x13430, 0x1343F),  # Egyptian hieroglyph format controls
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0001, 0xE0001),  # language tag
    (0xE0020, 0xE007F),  # tag characters
)
# Category Cf, but drawn: the prepended concatenation marks (Arabic, Syriac, Kaithi numbers).
VISIBLE_FORMAT = frozenset(
    [*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD]
)

_CLASS = "".join(
    re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}"
    for first, last in INVISIBLE_RANGES
)
# An emoji flag of a region (🏴 + tag letters + cancel tag), kept whole; else one invisible.
_INVISIBLE = re.compile(
    f"(\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{{2,6}}\U000e007f)|([{_CLASS}])"
)
# Code points that draw as emoji (a generous reading of Extended_Pictographic: the joiner is
# kept only between two of these).
_EMOJI_RANGES = (
    (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049),
    (0x2122, 0x2122), (0x2139, 0x2139), (0x2190, 0x21FF), (0x2300, 0x23FF),
    (0x24C2, 0x24C2), (0x25A0, 0x27BF), (0x2900, 0x297F), (0x2B00, 0x2BFF),
    (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3297), (0x3299, 0x3299),
    (0x1F000, 0x1FFFF),
)  # fmt: skip


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return any(first <= code <= last for first, last in _EMOJI_RANGES)


def _joins_emoji(text: str, at: int) -> bool:
    """Whether the joiner at ``at`` stands between two emoji (the first may carry U+FE0F)."""
    before = at - 1
    if before >= 0 and text[before] == VARIATION_SELECTOR:
        before -= 1
    return (
        before >= 0 and at + 1 < len(text) and _is_emoji(text[before]) and _is_emoji(text[at + 1])
    )


def without_invisible(text: str) -> str:
    """Return ``text`` without the invisible format characters (see the module's docstring)."""
    if text.isascii():
        return text  # the common case: no format character is ASCII
    if _INVISIBLE.search(text) is None:
        return text

    def replace(match):
        if match.group(1):
            return match.group(1)
        if match.group(2) == ZWJ and _joins_emoji(text, match.start()):
            return ZWJ
        return ""

    return _INVISIBLE.sub(replace, text)


def clean_data(value):
    """Return ``value`` with every string in it (keys too) passed through without_invisible,
    into dicts and lists at any depth (without recursion: a deeply nested body cannot exhaust
    the stack here). Other values are returned as they are; dicts and lists are copies."""
    if isinstance(value, str):
        return without_invisible(value)
    if not isinstance(value, (dict, list)):
        return value
    top = _copy(value)
    stack = [top]
    while stack:
        container = stack.pop()
        if isinstance(container, dict):
            items = list(container.items())
            container.clear()
            for key, item in items:
                item = _cleaned(item, stack)
                container[without_invisible(key) if isinstance(key, str) else key] = item
        else:
            for index, item in enumerate(container):
                container[index] = _cleaned(item, stack)
    return top


def _copy(container):
    return dict(container) if isinstance(container, dict) else list(container)


def _cleaned(item, stack: list):
    if isinstance(item, str):
        return without_invisible(item)
    if isinstance(item, (dict, list)):
        item = _copy(item)
        stack.append(item)
    return item

"""People's names as they write them.

Django's ``User.get_full_name()`` is "first last", the Western order. A Chinese name is the
family name first, then the given name, with no space between (张伟); a name in Latin script
keeps the given name first, with a space (Wei Zhang). ``last_name`` is the family name and
``first_name`` the given name, as Django's labels say.
"""

import re

# CJK ideographs (unified, extension A, compatibility), kana and hangul: scripts written
# without a space between the family and the given name.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def full_name(family: str, given: str) -> str:
    """Return a name from its parts: family then given without a space when either part is
    written in CJK characters, "Given Family" otherwise; either part may be empty."""
    family, given = (family or "").strip(), (given or "").strip()
    if _CJK.search(family) or _CJK.search(given):
        return f"{family}{given}"
    return " ".join(part for part in (given, family) if part)


def person_name(user) -> str:
    """Return how the pages name ``user``: their full name (``full_name``), or their
    username when they gave neither part; "" for no user."""
    if user is None:
        return ""
    name = full_name(getattr(user, "last_name", ""), getattr(user, "first_name", ""))
    return name or user.get_username()

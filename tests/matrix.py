"""The vocabulary of the permission matrix (tests/test_permission_matrix.py), the expectations
several areas share, and the table of the project's own pages.

Each area keeps one table, ``MATRIX``, mapping a URL name to a ``Page``: how to build its URL
from the test world, what every role gets for GET and, for a URL that writes, the valid write
and what every role gets for it. The tables are tests/matrix.py (below: the project's own
pages), tests/compounds/matrix.py, tests/progress/matrix.py and tests/oversight/<area>/matrix.py;
tests/test_permission_matrix.py merges them.

An expectation names every role::

    expect(anonymous=302, no_role=403, street_staff=200, community_staff=200,
           other_community_staff=404, supervisor=403, inspector=403, admin=200)

or some of them and ``everyone`` for the rest (``expect(anonymous=302, everyone=405)``), or
changes a few roles of a shared one (``STAFF_PAGE | {"supervisor": 403}``). A role left out or
a name that is not a role is an error.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

# The users of the test world (tests/conftest.py build_world): no account, an account with no
# role, staff of street 甲, of its community 甲一 and of its other community 甲二, the resident
# supervisor of 甲一, the district inspector and the administrator.
ROLES = ("anonymous", "no_role", "street_staff", "community_staff", "other_community_staff",
         "supervisor", "inspector", "admin")  # fmt: skip


class Answers(Mapping[str, int]):
    """The status each role gets: every role exactly once, read-only."""

    __slots__ = ("_by_role",)

    def __init__(self, by_role: Mapping[str, int]):
        unknown = sorted(by_role.keys() - set(ROLES))
        if unknown:
            raise TypeError(f"not roles: {unknown}; the roles are {ROLES}")
        missing = [role for role in ROLES if role not in by_role]
        if missing:
            raise TypeError(f"no answer for {missing}: name them, or give everyone=")
        for role, status in by_role.items():
            if not isinstance(status, int) or not 100 <= status <= 599:
                raise TypeError(f"{role}: {status!r} is not an HTTP status")
        self._by_role = {role: by_role[role] for role in ROLES}

    def __getitem__(self, role: str) -> int:
        return self._by_role[role]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_role)

    def __len__(self) -> int:
        return len(self._by_role)

    def __or__(self, overrides: Mapping[str, int]) -> "Answers":
        """These answers with some roles' changed: ``STAFF_PAGE | {"supervisor": 403}``."""
        unknown = sorted(overrides.keys() - set(ROLES))
        if unknown:
            raise TypeError(f"not roles: {unknown}; the roles are {ROLES}")
        return Answers({**self._by_role, **overrides})

    def __hash__(self) -> int:
        return hash(tuple(self._by_role.items()))

    def __repr__(self) -> str:
        return "expect({})".format(", ".join(f"{r}={s}" for r, s in self._by_role.items()))


def expect(*, everyone: int | None = None, **answers: int) -> Answers:
    """The status each role gets, by the roles' names; ``everyone`` is the status of every
    role not named (without it, all of ROLES must be named)."""
    unknown = sorted(answers.keys() - set(ROLES))
    if unknown:
        raise TypeError(f"not roles: {unknown}; the roles are {ROLES}")
    if everyone is not None:
        if len(answers) == len(ROLES):
            raise TypeError("every role is named: everyone= would stand for nobody")
        answers = {role: answers.get(role, everyone) for role in ROLES}
    return Answers(answers)


World = Any  # tests.conftest.build_world()'s namespace of users and records


@dataclass(frozen=True)
class Write:
    """A valid write to the URL: ``post`` (a form, or JSON to the API) or ``patch`` (JSON to
    the API), the data built from the world, and the status each role gets for it."""

    method: Literal["post", "patch"]
    data: Callable[[World], dict]
    answers: Answers

    def __post_init__(self):
        if self.method not in ("post", "patch"):
            raise ValueError(f"method {self.method!r}: post or patch")
        if not isinstance(self.answers, Answers):
            raise TypeError("answers: use expect(...)")


@dataclass(frozen=True, kw_only=True)
class Page:
    """A page or an API endpoint: the URL's kwargs from the world (None: it takes none), the
    status each role gets for GET, and the write it accepts, if any."""

    get: Answers
    url_kwargs: Callable[[World], dict] | None = None
    write: Write | None = None

    def __post_init__(self):
        if not isinstance(self.get, Answers):
            raise TypeError("get: use expect(...)")
        if self.write is not None and not isinstance(self.write, Write):
            raise TypeError("write: use Write(...)")


# --- Expectations several areas share -------------------------------------------------------

# Everyone, anonymous included.
PUBLIC = expect(everyone=200)
# A page answering POST only: anonymous is sent to log in first.
POST_ONLY = expect(anonymous=302, everyone=405)

# Every staff role's page; anonymous is sent to log in, an account with no role is refused.
STAFF_PAGE = expect(
    anonymous=302,
    no_role=403,
    street_staff=200,
    community_staff=200,
    other_community_staff=200,
    supervisor=200,
    inspector=200,
    admin=200,
)
# A page of compound a1 (community 甲一): the other community's staff do not find it.
A1_PAGE = STAFF_PAGE | {"other_community_staff": 404}
# Changing a1's records: street and community staff and the administrator; the resident
# supervisor and the inspector read only.
A1_EDIT_PAGE = A1_PAGE | {"supervisor": 403, "inspector": 403}
# A valid change of a1's records redirects (to the record) those who may make it.
A1_EDITED = expect(
    anonymous=302,
    no_role=403,
    street_staff=302,
    community_staff=302,
    other_community_staff=404,
    supervisor=403,
    inspector=403,
    admin=302,
)
# The street's own records: only its staff (and the administrator) change them.
STREET_EDIT_PAGE = expect(
    anonymous=302,
    no_role=403,
    street_staff=200,
    community_staff=403,
    other_community_staff=403,
    supervisor=403,
    inspector=403,
    admin=200,
)
STREET_EDITED = STREET_EDIT_PAGE | {"street_staff": 302, "admin": 302}

# The API answers anonymous with 403 (no login redirect).
API_LIST = STAFF_PAGE | {"anonymous": 403}
API_A1 = A1_PAGE | {"anonymous": 403}
# Changing a1's records through the API: a 200 where the page redirects.
API_A1_WRITE = A1_EDITED | {
    "anonymous": 403,
    "street_staff": 200,
    "community_staff": 200,
    "admin": 200,
}
# Creating a record of a1: the other community's staff may create records, but not a1's (400).
API_A1_CREATED = API_A1_WRITE | {
    "street_staff": 201,
    "community_staff": 201,
    "other_community_staff": 400,
    "admin": 201,
}
# The street's own records through the API: created and changed by its staff only.
API_STREET_CREATED = STREET_EDITED | {"anonymous": 403, "street_staff": 201, "admin": 201}
API_STREET_CHANGED = API_STREET_CREATED | {"street_staff": 200, "admin": 200}


# --- The project's own pages ----------------------------------------------------------------

MATRIX = {
    "home": Page(get=PUBLIC),
    "healthz": Page(get=PUBLIC),
    "login": Page(get=PUBLIC),
    "api-schema": Page(get=PUBLIC),
    "api-docs": Page(get=PUBLIC),
    # Logout and the language switch act on POST only; GET is refused or only redirects.
    "logout": Page(get=POST_ONLY),
    "set_language": Page(get=expect(everyone=302)),
    "dashboard": Page(get=STAFF_PAGE),
    "api:api-root": Page(get=expect(anonymous=403, everyone=200)),  # an index, no data
}

"""Every page and endpoint, for every role: anonymous, no role, each staff role, the other
community, the resident supervisor, the inspector and the administrator.

Each area's table (``MATRIX`` of tests/matrix.py, tests/compounds/matrix.py,
tests/progress/matrix.py and tests/oversight/<area>/matrix.py) names each URL pattern with the
status each role gets for GET and, for the writing ones, for a valid POST or PATCH. A URL named
in two tables, or a URL pattern of the project named in none, fails here, so a new page cannot
go untested.
"""

from collections import Counter

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import matrix as matrix_project
from tests.compounds import matrix as matrix_compounds
from tests.conftest import build_world
from tests.matrix import ROLES, STAFF_PAGE, Page, Write, expect
from tests.oversight.consultations import matrix as matrix_consultations
from tests.oversight.disclosure import matrix as matrix_disclosure
from tests.oversight.funds import matrix as matrix_funds
from tests.oversight.imports import matrix as matrix_imports
from tests.oversight.inspections import matrix as matrix_inspections
from tests.oversight.opinions import matrix as matrix_opinions
from tests.oversight.organisation import matrix as matrix_organisation
from tests.oversight.privacy import matrix as matrix_privacy
from tests.oversight.statistics import matrix as matrix_statistics
from tests.oversight.supervision import matrix as matrix_supervision
from tests.progress import matrix as matrix_progress
from tests.utils import shared_by_the_module

pytestmark = pytest.mark.django_db

AREAS = (
    matrix_project, matrix_compounds, matrix_progress, matrix_opinions, matrix_consultations,
    matrix_disclosure, matrix_supervision, matrix_inspections, matrix_organisation, matrix_funds,
    matrix_statistics, matrix_imports, matrix_privacy,
)  # fmt: skip

# Patterns that are not the project's own pages, with the reason they are left out.
EXCLUDED_NAMESPACES = {
    "admin": "Django's admin checks is_staff and model permissions itself.",
}

# (area module, URL name) of every entry of every table; MATRIX is them merged.
ENTRIES = [(area.__name__, name, page) for area in AREAS for name, page in area.MATRIX.items()]
MATRIX: dict[str, Page] = {name: page for _area, name, page in ENTRIES}


def project_url_names():
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns in EXCLUDED_NAMESPACES:
                    continue
                prefix = f"{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_each_url_has_exactly_one_entry():
    counts = Counter(name for _area, name, _page in ENTRIES)
    twice = {
        name: [area for area, entry, _page in ENTRIES if entry == name]
        for name, count in counts.items()
        if count > 1
    }
    assert not twice, f"URLs with more than one matrix entry: {twice}"
    assert all(isinstance(page, Page) for _area, _name, page in ENTRIES)


def test_every_url_pattern_has_an_entry_in_the_matrix():
    names = project_url_names()
    missing = names - MATRIX.keys()
    assert not missing, f"URL patterns with no permission matrix entry: {sorted(missing)}"
    assert not MATRIX.keys() - names, "matrix entries for URL patterns that no longer exist"


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One world for the whole matrix (thousands of cases), built once."""
    with shared_by_the_module(django_db_blocker):
        yield build_world()


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _client_for(client, world, who):
    if who != "anonymous":
        client.force_login(world.users[who])
    return client


def _url(world, name):
    page = MATRIX[name]
    return reverse(name, kwargs=page.url_kwargs(world) if page.url_kwargs else None)


CASES = [(name, who) for name in MATRIX for who in ROLES]


@pytest.mark.parametrize(("name", "who"), CASES)
def test_get(client, world, name, who):
    url = _url(world, name)
    response = _client_for(client, world, who).get(url)
    assert response.status_code == MATRIX[name].get[who], response.content[:300]


WRITE_CASES = [(name, who) for name, page in MATRIX.items() if page.write for who in ROLES]


@pytest.mark.parametrize(("name", "who"), WRITE_CASES)
def test_write(client, world, name, who):
    write = MATRIX[name].write
    url = _url(world, name)
    client = _client_for(client, world, who)
    if name.startswith("api:"):
        send = getattr(client, write.method)
        response = send(url, write.data(world), content_type="application/json")
    else:
        response = client.post(url, write.data(world))
    expected = write.answers[who]
    assert response.status_code == expected, response.content[:500]
    if expected == 302 and who != "anonymous":
        assert "/accounts/login/" not in response["Location"]


def test_an_expectation_names_every_role_and_only_roles():
    with pytest.raises(TypeError, match="no answer for"):
        expect(anonymous=302, no_role=403)
    with pytest.raises(TypeError, match="not roles"):
        expect(anonymous=302, resident=200, everyone=403)
    with pytest.raises(TypeError, match="not roles"):
        STAFF_PAGE | {"supervisors": 403}
    with pytest.raises(TypeError, match="everyone= would stand for nobody"):
        expect(everyone=200, **dict.fromkeys(ROLES, 200))
    with pytest.raises(ValueError, match="post or patch"):
        Write("put", dict, STAFF_PAGE)
    assert (STAFF_PAGE | {"supervisor": 403})["supervisor"] == 403
    assert STAFF_PAGE["supervisor"] == 200  # shared expectations are not changed in place
    assert expect(anonymous=302, everyone=405) == dict.fromkeys(ROLES, 405) | {"anonymous": 302}

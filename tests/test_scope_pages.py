"""Scope through side doors: every page a scoped role may see names only what lies in its scope.

For each role with a scope narrower than the city (street 甲's staff, community 甲一's, community
甲二's, and a1's resident supervisor; the inspector and the administrator see every street), every
URL of the permission matrix that the role may GET is read: the page, the browsable API's page
of an endpoint (``?format=api``, with its forms and filters), a list's spreadsheet
(``?format=xlsx``, read cell by cell) and the downloads. The test fails when a compound outside
the role's scope appears by its name, by its persons in charge and contacts (names, phones), or
an account assigned outside the scope appears by its name.

The world is the permission matrix's (tests/conftest.py build_world and the areas' helpers)
with records that reach across scopes, as the registers allow: a team and a party organisation
of street 甲 serving both its communities' compounds (changed after they were set up, so that
their histories name both), an inspection of street 甲 visiting a1 and a2 with a requirement on
a2, the street's weekly report built, and every compound's persons in charge and contacts.
"""

import datetime
import io
import json
import os
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from compounds.selectors import compound_list
from oversight.inspections.services import inspection_update, requirement_add
from oversight.opinions.services import opinion_record
from progress.models import Rectification
from progress.reports import report_build
from tests.conftest import build_world
from tests.factories import UserFactory, assign
from tests.oversight.inspections.matrix import _inspection as inspection_of
from tests.oversight.organisation.matrix import group_a, team_a
from tests.test_permission_matrix import MATRIX
from tests.utils import shared_by_the_module

pytestmark = pytest.mark.django_db

# The roles whose scope is narrower than the city; the inspector and the administrator read
# every street, so nothing lies outside their scope.
SCOPED_ROLES = ("street_staff", "community_staff", "other_community_staff", "supervisor")

# Every compound's persons in charge (专人负责) and contacts (专人对接), distinctive.
CONTACTS = {
    "a1": ("赵守一", "13911110001", "钱守一", "13911110011"),
    "a2": ("孙守二", "13922220002", "李守二", "13922220022"),
    "b1": ("周守三", "13933330003", "吴守三", "13933330033"),
}
# Other people of a compound: a resident who gave an opinion, with their phone.
RESIDENTS = {
    "a1": ("李秀英", "13800138000"),
    "a2": ("褚意见", "13944440004"),
    "b1": ("卫意见", "13955550005"),
}
# The accounts' names (family name, given name) and, for each, the compound or community or
# street whose people they are.
PEOPLE = {
    "street_staff": ("蒋", "街甲"),
    "community_staff": ("沈", "社甲一"),
    "other_community_staff": ("韩", "社甲二"),
    "supervisor": ("杨", "督甲一"),
    "street_b_staff": ("朱", "街乙"),
}


def add_side_doors(w):
    """Add to the world the records that reach across scopes (see the module's docstring)."""
    for key, (person, person_phone, contact, contact_phone) in CONTACTS.items():
        compound = getattr(w, key)
        compound.person_in_charge = person
        compound.person_in_charge_phone = "+86" + person_phone
        compound.contact_person = contact
        compound.contact_phone = "+86" + contact_phone
        compound.save()
    w.users["street_b_staff"] = UserFactory(username="street_b_staff", role="street_staff")
    assign(w.users["street_b_staff"], street=w.street_b)
    for who, (family, given) in PEOPLE.items():
        user = w.users[who]
        user.last_name, user.first_name = family, given
        user.save()
    team = team_a(w)  # set up serving a1, then serving a2 as well: its history names both
    team.compounds.add(w.a2)
    group = group_a(w)
    group.compounds.add(w.a2)
    inspector = w.users["inspector"]
    inspection = inspection_of(w)  # visited a1, then a2 as well
    inspection_update(inspection=inspection, user=inspector, compounds_visited=[w.a1])
    inspection_update(inspection=inspection, user=inspector, compounds_visited=[w.a1, w.a2])
    requirement_add(
        user=inspector,
        inspection=inspection,
        text="加快进度",
        compound=w.a2,
        deadline=inspection.date + datetime.timedelta(days=30),
    )
    for key, (name, phone) in RESIDENTS.items():
        opinion_record(
            user=None, compound=getattr(w, key), channel="home_visit", topics=["parking"],
            text="车位不够。", name=name, phone="+86" + phone,
        )  # fmt: skip
    # A problem of a2 raised at street 甲's weekly meeting, beside a1's.
    Rectification.objects.create(
        compound=w.a2, meeting=w.meeting_a, description="路灯不亮", owner="孙守二",
        deadline=w.meeting_a.date + datetime.timedelta(days=7),
    )  # fmt: skip
    report_build(report_id=w.report_a.pk)
    return w


def outside(w, who) -> list[tuple[str, re.Pattern]]:
    """What must not appear to ``who``: (what it is, a pattern over the page's text)."""
    user = w.users[who]
    seen = set(compound_list(user=user).values_list("pk", flat=True))
    needles = []
    for key in CONTACTS:
        compound = getattr(w, key)
        if compound.pk in seen:
            continue
        person, person_phone, contact, contact_phone = CONTACTS[key]
        needles.append((f"compound {key}", re.compile(re.escape(compound.name))))
        for text in (person, contact):
            needles.append((f"{key}'s people", re.compile(re.escape(text))))
        resident, resident_phone = RESIDENTS.get(key, ("", ""))
        if resident:
            needles.append((f"{key}'s people", re.compile(re.escape(resident))))
        for phone in (person_phone, contact_phone, resident_phone):
            if not phone:
                continue
            # A phone written with spaces or hyphens between its digits.
            spaced = r"[\s\-]?".join(phone)
            needles.append((f"{key}'s phones", re.compile(spaced)))
    assigned = {
        "street_staff": None,
        "street_b_staff": w.b1,
        "community_staff": w.a1,
        "other_community_staff": w.a2,
        "supervisor": w.a1,
    }
    for other, compound in assigned.items():
        if other == who or compound is None or compound.pk in seen:
            continue
        family, given = PEOPLE[other]
        needles.append((f"account {other}", re.compile(re.escape(family + given))))
        needles.append((f"account {other}", re.compile(rf"(?<!\w){other}(?!\w)")))
    return needles


def _body(response) -> bytes:
    """The response's bytes (a streamed one read once, then kept)."""
    if not getattr(response, "streaming", False):
        return response.content
    if not hasattr(response, "read_body"):
        response.read_body = b"".join(response.streaming_content)
    return response.read_body


def _text(response) -> str:
    """The response's text as a reader sees it: a workbook's cells, JSON's values unescaped."""
    body = _body(response)
    kind = response.get("Content-Type", "")
    if body.startswith(b"PK") and ("spreadsheet" in kind or "octet-stream" in kind):
        book = load_workbook(io.BytesIO(body), read_only=True)
        cells = [
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        return "\n".join(cells)
    if kind.startswith("application/json"):
        return json.dumps(json.loads(body), ensure_ascii=False)
    if kind.startswith(("text/", "application/xhtml", "application/geo+json")):
        return body.decode(response.charset or "utf-8", errors="replace")
    return ""  # images and other binary files name nobody


def _with_query(url: str, query: str) -> str:
    return f"{url}&{query}" if urlsplit(url).query else f"{url}?{query}"


def _readings(client, url: str, name: str):
    """The URL's readings: an endpoint's browsable API page (its data, forms and filters; the
    JSON when the endpoint has no such page), a page and its list's spreadsheet."""
    if name.startswith("api:"):
        browsable = _with_query(url, "format=api")
        response = client.get(browsable)
        if response.status_code == 200:
            yield browsable, response
        else:
            yield url, client.get(url)
        return
    response = client.get(url)
    yield url, response
    if response.status_code != 200:
        return
    if b"format=xlsx" in _body(response) and "text/html" in response.get("Content-Type", ""):
        yield _with_query(url, "format=xlsx"), client.get(_with_query(url, "format=xlsx"))


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    with shared_by_the_module(django_db_blocker):
        yield add_side_doors(build_world())


@pytest.fixture
def world(shared_world, db):
    return shared_world


def leaks_of(client, world, who) -> list[str]:
    client.force_login(world.users[who])
    needles = outside(world, who)
    found = []
    for name, page in MATRIX.items():
        if page.get[who] != 200 or page.get["anonymous"] == 200:
            continue  # not the role's, or the public's pages (what anybody may read)
        url = reverse(name, kwargs=page.url_kwargs(world) if page.url_kwargs else None)
        for read_url, response in _readings(client, url, name):
            text = _text(response)
            for what, pattern in needles:
                if pattern.search(text):
                    found.append(f"{who} {read_url}: {what}")
    return sorted(set(found))


@pytest.mark.parametrize("who", SCOPED_ROLES)
def test_no_page_names_what_lies_outside_the_scope(client, world, who):
    """Every page, API reading, spreadsheet and download the role may see names only
    compounds, contacts and accounts of its own scope."""
    leaks = leaks_of(client, world, who)
    if os.environ.get("SCOPE_LEAKS_FILE"):
        with open(os.environ["SCOPE_LEAKS_FILE"], "a") as out:
            out.writelines(leak + "\n" for leak in leaks)
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks)


def _as(client, world, who):
    client.cookies["django_language"] = "en"
    client.force_login(world.users[who])
    return client


def test_the_world_reaches_across_scopes(client, world):
    """The records this test reads do name out-of-scope compounds to those who may see them:
    the administrator finds a2 and its person in charge on the team's page."""
    page = _as(client, world, "admin").get(
        reverse("oversight:taskforce_detail", kwargs={"pk": team_a(world).pk})
    )
    assert world.a2.name in page.content.decode()
    assert "孙守二" in page.content.decode()


def test_a_team_names_the_readers_compounds_and_counts_the_others(client, world):
    """Community 甲一's staff read the team's a1 with its people, and "1 other compound"."""
    client = _as(client, world, "community_staff")
    page = client.get(reverse("oversight:taskforce_detail", kwargs={"pk": team_a(world).pk}))
    text = page.content.decode()
    assert world.a1.name in text and "赵守一" in text
    assert "1 other compound" in text
    data = client.get(reverse("api:taskforce-detail", kwargs={"pk": team_a(world).pk})).json()
    assert data["compounds"] == [world.a1.pk]
    assert [row["name"] for row in data["compound_contacts"]] == [world.a1.name]
    assert data["other_compounds"] == 1


def test_an_inspection_counts_the_compounds_visited_outside_the_scope(client, world):
    page = _as(client, world, "other_community_staff").get(
        reverse("oversight:inspection_detail", kwargs={"pk": inspection_of(world).pk})
    )
    text = page.content.decode()
    assert world.a2.name in text and "1 other compound" in text
    listing = client.get(reverse("oversight:inspection_list")).content.decode()
    assert world.a2.name in listing and "1 other compound" in listing


def test_a_narrower_scope_downloads_a_report_built_for_it(client, world):
    """Community 甲二's staff get a workbook of their community only (not a1's progress); the
    street's staff get the stored file, with a1."""
    url = reverse("progress:report_download", kwargs={"pk": world.report_a.pk})
    text = _text(_as(client, world, "other_community_staff").get(url))
    assert text and world.a1.name not in text
    stored = _as(client, world, "street_staff").get(url)
    world.report_a.refresh_from_db()  # built again by the world of this module
    with world.report_a.file.open("rb") as file:
        assert _body(stored) == file.read()
    assert world.a1.name in _text(stored)


def test_the_apis_choices_are_the_scopes(client, world):
    """The browsable API's form offers street 甲's staff a1 and a2, not b1; naming b1 in a
    write is "does not exist" (a 400)."""
    client = _as(client, world, "street_staff")
    form = client.get(reverse("api:workitem-list") + "?format=api").content.decode()
    assert world.a1.name in form and world.a2.name in form and world.b1.name not in form
    response = client.post(
        reverse("api:workitem-list"),
        {"compound": world.b1.pk, "category": "roof", "name": "屋面防水"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "compound" in response.json()

"""The home page: residents are led to their two actions and the programme's public figures,
staff to their work; every page carries a description and a share card (og:*)."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation
from PIL import Image

from compounds import rules as register_rules
from compounds.choices import CompoundStatus
from compounds.models import Compound

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """The meta tags of a page, and its main's links in order (href, class, text)."""

    def __init__(self, html):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self._in_main = False
        self._link = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("content") is not None:
            name = attrs.get("property") or attrs.get("name")
            if name:
                self.meta[name] = attrs["content"]
        elif tag == "main":
            self._in_main = True
        elif tag == "a" and self._in_main:
            self._link = {"href": attrs.get("href"), "class": attrs.get("class", ""), "text": ""}
            self.links.append(self._link)

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        elif tag == "a":
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data.strip()


def public_figures(client) -> dict:
    """The programme's figures as the public pages show them: the list's count of compounds,
    its counts by status, and the households on each compound's page."""
    listing = reverse("oversight:public_compound_list")
    compounds = client.get(listing).context["page"].paginator.count
    started = sum(
        client.get(listing, {"status": status}).context["page"].paginator.count
        for status in (CompoundStatus.STARTED, CompoundStatus.COMPLETED, CompoundStatus.ACCEPTED)
    )
    households = sum(
        client.get(reverse("oversight:public_compound_detail", args=[pk]))
        .context["compound"]
        .household_count
        for pk in Compound.objects.values_list("pk", flat=True)
    )
    return {
        "compounds": compounds,
        "started": started,
        "start_rate": register_rules.start_rate(started, compounds),
        "households": households,
    }


def figures_shown(html: str) -> dict:
    """The figures of the home page's figure cards, read from the HTML (label: value)."""
    section = html.split('id="figures-heading"', 1)[1]
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", section))


def test_anonymous_home_leads_with_the_two_resident_actions(client, world, en):
    response = client.get(reverse("home"))
    page = Page(response.content.decode())
    first, second = page.links[:2]
    assert first["href"] == reverse("oversight:opinion_new")
    assert second["href"] == reverse("oversight:opinion_track")
    assert "Give an opinion" in first["text"] and "Follow my opinion" in second["text"]
    assert "home-action" in first["class"] and "home-action" in second["class"]
    # Staff log in from a plain link, last, not from a button.
    login = [link for link in page.links if link["href"] == reverse("login")]
    assert len(login) == 1 and "btn" not in login[0]["class"]
    assert page.links[-1] is login[0]
    # The public list is one tap away.
    assert reverse("oversight:public_compound_list") in [link["href"] for link in page.links]


def test_anonymous_home_figures_are_the_public_pages(client, world, en):
    expected = public_figures(client)
    assert expected["compounds"] == 3 and expected["started"] == 1  # the world, as built
    html = client.get(reverse("home")).content.decode()
    shown = figures_shown(html)
    assert shown == {
        "compounds in the programme": str(expected["compounds"]),
        "compounds started": str(expected["started"]),
        "start rate": f"{expected['start_rate']}%",
        "households benefiting": str(expected["households"]),
    }


def test_home_figures_follow_a_start(client, world, en):
    """A compound that starts moves the figures on the next visit: nothing is fixed."""
    before = figures_shown(client.get(reverse("home")).content.decode())
    Compound.objects.filter(pk=world.a2.pk).update(status=CompoundStatus.STARTED)
    after = figures_shown(client.get(reverse("home")).content.decode())
    assert int(after["compounds started"]) == int(before["compounds started"]) + 1
    assert after == figures_shown(client.get(reverse("home")).content.decode())
    assert after["start rate"] == f"{public_figures(client)['start_rate']}%"


def test_staff_home_links_to_the_work_their_permissions_allow(login, world, en):
    client = login(world.users["community_staff"])
    hrefs = [link["href"] for link in Page(client.get(reverse("home")).content.decode()).links]
    assert reverse("progress:dailylog_list") in hrefs
    assert reverse("dashboard") in hrefs
    client = login(world.users["no_role"])
    html = client.get(reverse("home")).content.decode()
    assert reverse("progress:dailylog_list") not in html  # neither on the page nor in the menu
    assert reverse("compounds:compound_list") in html


def test_anonymous_menu_offers_the_residents_actions(client, world, en):
    html = client.get(reverse("oversight:public_compound_list")).content.decode()
    nav = html.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert reverse("oversight:opinion_new") in nav
    assert reverse("oversight:opinion_track") in nav
    assert reverse("progress:dailylog_list") not in nav


def share_image_path(url: str) -> str:
    static = url.split("/static/", 1)[1]
    path = finders.find(static)
    assert path, f"{static} is not a static file"
    return path


def test_home_has_a_description_and_a_share_card(client, world, en):
    meta = Page(client.get(reverse("home")).content.decode()).meta
    assert meta["description"] and meta["og:description"] == meta["description"]
    assert meta["og:title"] == "Old compound renovation portal"
    assert meta["og:image"].startswith("http://testserver/static/")
    with Image.open(share_image_path(meta["og:image"])) as image:
        assert image.format == "PNG" and image.size == (300, 300)
    assert meta["og:url"] == "http://testserver/"


def test_public_compound_page_shares_its_name_and_progress(client, world, en):
    response = client.get(reverse("oversight:public_compound_detail", args=[world.a1.pk]))
    compound = response.context["compound"]
    meta = Page(response.content.decode()).meta
    assert meta["og:title"] == world.a1.name
    assert compound.community in meta["og:description"]
    with translation.override("en"):
        assert str(compound.status_label) in meta["og:description"]
    assert f"{compound.percent}% done" in meta["og:description"]
    assert meta["description"] == meta["og:description"]
    assert meta["og:image"].startswith("http://") and meta["og:image"].endswith(".png")


def test_public_compound_page_in_chinese_shares_in_chinese(client, world):
    response = client.get(reverse("oversight:public_compound_detail", args=[world.a1.pk]))
    meta = Page(response.content.decode()).meta
    assert meta["og:title"] == world.a1.name
    assert "已完成" in meta["og:description"] and meta["og:locale"] == "zh_CN"

"""The header and the public pages at the sizes people use (see conftest.py): every staff role's
menu stands in one line on the usual office laptop (1366 x 768), opens grouped on a phone
(390 x 844); the public pages' links and buttons are at least 44 x 44 px; the residents' pages
work with JavaScript off (WeChat's in-app browser may not run all of it)."""

import re

import pytest
from django.urls import reverse

from compounds.models import Compound
from oversight.models import OpinionIntake
from tests.browser.conftest import _finish, _open, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
ROLES = ("street_staff", "community_staff", "supervisor", "inspector", "admin")
TARGET = 44  # px, WCAG 2.5.5


@pytest.fixture
def session(browser, request, live_server, demo):
    """Open browser contexts of a given size, each with its own cookies; closed at the end."""
    opened = []

    def _session(viewport, *, javascript=True):
        context, steps = _open(browser, request, viewport, live_server.url)
        if not javascript:
            context.close()
            context = browser.new_context(
                viewport=viewport, base_url=live_server.url, locale="zh-CN",
                java_script_enabled=False,
            )  # fmt: skip
            steps.page = context.new_page()
        opened.append((context, steps))
        return steps

    yield _session
    for context, steps in opened:
        _finish(request, steps)
        context.close()


def to_english(page):
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


# The header's visible parts: the name, each top-level entry, the language and notices buttons.
HEADER_BOXES = """() => {
  const nav = document.querySelector("nav.navbar");
  const parts = nav.querySelectorAll(
    ".navbar-brand, .navbar-nav > .nav-item > .nav-link, .btn, .navbar-toggler");
  const boxes = [];
  for (const el of parts) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden") {
      boxes.push({text: el.innerText.trim(), top: box.top, bottom: box.bottom, left: box.left,
                  right: box.right, toggler: el.classList.contains("navbar-toggler")});
    }
  }
  return {boxes, height: nav.getBoundingClientRect().height,
          scroll: nav.scrollWidth, width: document.documentElement.clientWidth,
          page: document.documentElement.scrollWidth};
}"""


def assert_one_line(steps, who):
    header = steps.page.evaluate(HEADER_BOXES)
    boxes = header["boxes"]
    assert not [b for b in boxes if b["toggler"]], f"{who}: the menu is folded behind ☰"
    assert len(boxes) >= 6, f"{who}: only {[b['text'] for b in boxes]} in the header"
    tops = {round(b["top"]) for b in boxes}
    assert max(tops) - min(tops) <= 8, f"{who}: the menu wraps: {boxes}"
    assert header["height"] < 2 * TARGET, f"{who}: the header is {header['height']} px high"
    assert max(b["right"] for b in boxes) <= header["width"], f"{who}: the menu overflows"
    assert header["scroll"] <= header["width"] and header["page"] <= header["width"], who


def test_every_staff_menu_stands_in_one_line_at_1366(session):
    for username in ROLES:
        steps = session(LAPTOP)
        page = steps.page
        log_in(steps, username)
        page.goto("/dashboard/")
        assert page.locator("#nav").is_visible()
        steps.shot(f"{username}-zh")
        assert_one_line(steps, f"{username} (zh)")
        to_english(page)
        steps.shot(f"{username}-en")
        assert_one_line(steps, f"{username} (en)")
        # The groups open as drop-downs; a daily log is two clicks away where the role has one.
        daily = page.locator("#nav .dropdown-toggle", has_text="Daily work")
        if daily.count():
            daily.click()
            link = page.locator("#nav .dropdown-menu.show a", has_text="Daily logs")
            assert link.is_visible()
            assert link.get_attribute("href") == reverse("progress:dailylog_list")
        assert steps.errors == []


# The contrast of each header link's text on the header's background (WCAG's formula).
LINK_CONTRAST = """() => {
  const rgb = (color) => color.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (color) => {
    const [r, g, b] = rgb(color).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = getComputedStyle(document.querySelector("nav.navbar")).backgroundColor;
  return [...document.querySelectorAll("nav .nav-link")].map((link) => {
    const [a, b] = [lum(getComputedStyle(link).color), lum(background)].sort((x, y) => y - x);
    return [link.innerText.trim(), (a + 0.05) / (b + 0.05)];
  });
}"""


def test_the_residents_header_stands_in_one_line_at_1366(session):
    steps = session(LAPTOP)
    steps.page.goto("/")
    assert_one_line(steps, "anonymous (zh)")
    contrast = dict(steps.page.evaluate(LINK_CONTRAST))
    assert contrast["提意见"] >= 4.5 and contrast["查询我的意见"] >= 4.5, contrast  # AA
    assert min(contrast.values()) >= 4.5, contrast
    to_english(steps.page)
    assert_one_line(steps, "anonymous (en)")


def test_on_a_phone_the_toggler_opens_the_menu_grouped_by_work(session):
    steps = session(PHONE)
    page = steps.page
    log_in(steps, "community_staff")
    page.goto("/dashboard/")
    toggler = page.locator("button.navbar-toggler")
    assert toggler.is_visible()
    assert not page.locator("#nav").is_visible()
    toggler.click()
    page.locator("#nav.show").wait_for()
    steps.shot("opened")
    headings = [h.strip() for h in page.locator("#nav .nav-group-heading").all_inner_texts()]
    assert headings[:2] == ["日常工作", "问题与监督"], headings
    assert "数据" in headings
    # The day's work first: the daily logs are the opened menu's first link.
    first = page.locator("#nav a:visible").first
    assert first.get_attribute("href") == reverse("progress:dailylog_list")
    # Every group's links show under its heading, without another tap.
    for group in page.locator("#nav .nav-group").all():
        if group.locator(".nav-group-heading").is_visible():
            assert group.locator(".dropdown-menu a, .dropdown-menu button").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first.click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("progress:dailylog_list"))
    assert steps.errors == []


# Every link and button a visitor can see; a stretched link is as big as its card.
TARGETS = """() => {
  const small = [];
  const targets = "a[href], button, input[type=submit], [role=button]";
  for (const el of document.querySelectorAll(targets)) {
    if (el.closest(".visually-hidden-focusable, .visually-hidden")) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden") continue;
    let box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not displayed
    if (el.classList.contains("stretched-link")) {
      box = el.closest(".card, [class*=position-relative]").getBoundingClientRect();
    }
    if (box.width < 43.5 || box.height < 43.5) {
      small.push(`${el.tagName} "${(el.innerText || el.value || "").trim().slice(0, 40)}" `
                 + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


def public_pages():
    compound = Compound.objects.filter(name="丰产路47号院").get()
    return [
        "/",
        reverse("oversight:public_compound_list"),
        reverse("oversight:public_compound_list") + "?status=started",
        reverse("oversight:public_compound_detail", args=[compound.pk]),
        reverse("oversight:opinion_new"),
        reverse("oversight:opinion_new") + "?q=丰产路",
        reverse("oversight:opinion_new") + f"?compound={compound.pk}",
        reverse("oversight:opinion_track"),
    ]


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_public_links_and_buttons_are_at_least_44_px(session, viewport):
    steps = session(viewport)
    page = steps.page
    failures = {}
    for url in public_pages():
        page.goto(url)
        small = page.evaluate(TARGETS)
        if small:
            failures[url] = small
            steps.shot(re.sub(r"\W+", "_", url))
    assert failures == {}


def test_the_residents_pages_work_without_javascript(session):
    """Without JavaScript the header shows the residents' links, an opinion can be sent and
    followed, and the public list searched: every form is a plain form."""
    steps = session(PHONE, javascript=False)
    page = steps.page
    page.goto("/")
    for name in ("oversight:opinion_new", "oversight:opinion_track"):
        assert page.locator(f"nav a[href='{reverse(name)}']").is_visible()
    page.locator("main a.home-action").first.click()
    page.wait_for_load_state()
    compound = Compound.objects.filter(name="丰产路47号院").get()
    page.fill("input[name=q]", compound.name)
    page.click("main form[role=search] button[type=submit]")
    page.wait_for_load_state()
    page.click(f"a[href*='compound={compound.pk}']")
    page.wait_for_load_state()
    page.locator("input[name=topics]").first.check()
    page.fill("textarea[name=text]", "单元门的门禁坏了，老人进出不方便。")
    page.check("input[name=consent]")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    steps.shot("receipt")
    code = page.locator("#receipt-code").inner_text().strip()
    assert OpinionIntake.objects.filter(code=code, compound=compound).exists()
    page.goto(reverse("oversight:opinion_track"))
    page.fill("input[name=code]", code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert compound.name in page.locator("main").inner_text()
    page.goto(reverse("oversight:public_compound_list"))
    page.fill("input[name=q]", "丰产路47")
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main li.card").count() == 1
    steps.shot("searched")


def test_the_home_page_shows_the_articles_figures(session):
    """The demo (文化路街道): 30 compounds, 26 started, 87%, 3,251 households."""
    steps = session(PHONE)
    steps.page.goto("/")
    figures = steps.page.locator("main .home-figures dd").all_inner_texts()
    assert [f.replace(",", "") for f in figures] == ["30", "26", "87%", "3251"]
    # The two actions lead the page, and each is a big target.
    actions = steps.page.locator("main a.home-action")
    for index in range(2):
        box = actions.nth(index).bounding_box()
        assert box["height"] >= 60 and box["width"] >= 300
    steps.shot("home")

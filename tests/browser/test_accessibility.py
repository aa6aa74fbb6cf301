"""Accessibility, checked in a real browser (see conftest.py): axe-core (vendored from npm in
tests/browser/vendor/axe-core, a test tool, never served) runs the WCAG 2.0 and 2.1 A and AA
rules on the ten pages each role uses most, full of the demo data, at the office laptop's
1366 × 768, and on the public pages also at a phone's 390 × 844. A violation of impact
"serious" or "critical" fails the test, listed with its rule, its elements and its page.

One test for every role, so that the demo is seeded once (the live server reads committed
data, which each test of this kind ends by emptying) and the test runs whole in one process of
`make test`; each role has its own browser context, and the failure lists every role's findings.
Screenshots of the pages with a failing violation: test-artifacts/browser/accessibility-<role>.
"""

import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.http import urlencode

from compounds.choices import CompoundStatus
from compounds.demo import DEMO_PASSWORD
from compounds.models import Compound
from compounds.selectors import compound_list
from tests.browser.conftest import ARTIFACTS, PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
LAPTOP = {"width": 1366, "height": 768}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"serious", "critical"}

# Stands for the compound a role works on, found in the demo from what the role may see.
COMPOUND = object()


@dataclass(frozen=True)
class Page:
    name: str
    kwargs: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)


# The pages each role uses most (only pages the role may open), and the residents' pages.
PAGES: dict[str, list[Page]] = {
    "anonymous": [
        Page("home"),
        Page("oversight:public_compound_list"),
        Page("oversight:public_compound_detail", {"pk": COMPOUND}),
        Page("oversight:opinion_new"),
        Page("oversight:opinion_new", query={"compound": COMPOUND}),
        Page("oversight:opinion_track"),
        Page("oversight:privacy_start"),
        Page("login"),
    ],
    "street_staff": [
        Page("dashboard"),
        Page("compounds:compound_list"),
        Page("compounds:compound_detail", {"pk": COMPOUND}),
        Page("progress:compound_progress", {"pk": COMPOUND}),
        Page("progress:dailylog_list"),
        Page("progress:rectification_list"),
        Page("progress:meeting_list"),
        Page("progress:report_list"),
        Page("oversight:opinion_list"),
        Page("oversight:supervision_list"),
        Page("oversight:import_start"),
        Page("progress:programme_chart"),
        Page("compound_map"),
    ],
    "community_staff": [
        Page("dashboard"),
        Page("compounds:compound_list"),
        Page("compounds:compound_detail", {"pk": COMPOUND}),
        Page("progress:compound_progress", {"pk": COMPOUND}),
        Page("progress:dailylog_list"),
        # A new log: on the demo's day today's is filed already (the form opens it to change),
        # so the form for another day.
        Page("progress:dailylog_create", {"compound_pk": COMPOUND}, {"other_day": "1"}),
        Page("progress:rectification_list"),
        Page("progress:meeting_list"),
        Page("oversight:opinion_list"),
        Page("oversight:supervision_list"),
    ],
    "supervisor": [  # the residents' supervision group of one compound
        Page("dashboard"),
        Page("compounds:compound_list"),
        Page("compounds:compound_detail", {"pk": COMPOUND}),
        Page("progress:compound_progress", {"pk": COMPOUND}),
        Page("progress:dailylog_list"),
        Page("progress:rectification_list"),
        Page("progress:meeting_list"),
        Page("oversight:opinion_list"),
        Page("oversight:supervision_list"),
        Page("oversight:supervision_create"),
    ],
    "inspector": [  # the district inspector (督导)
        Page("dashboard"),
        Page("oversight:statistics"),
        Page("oversight:return_import"),
        Page("compounds:compound_list"),
        Page("compounds:compound_detail", {"pk": COMPOUND}),
        Page("progress:compound_progress", {"pk": COMPOUND}),
        Page("progress:dailylog_list"),
        Page("progress:rectification_list"),
        Page("progress:meeting_list"),
        Page("progress:report_list"),
        Page("oversight:inspection_list"),
        Page("oversight:supervision_list"),
        Page("compound_map"),
    ],
    "admin": [
        Page("dashboard"),
        Page("compounds:compound_list"),
        Page("compounds:compound_detail", {"pk": COMPOUND}),
        Page("progress:compound_progress", {"pk": COMPOUND}),
        Page("progress:dailylog_list"),
        Page("progress:rectification_list"),
        Page("progress:report_list"),
        Page("oversight:opinion_list"),
        Page("oversight:fund_list"),
        Page("oversight:inspection_list"),
    ],
}

# (role, screen): the public pages are read on phones as much as on desks.
AUDITS = {f"{role}-laptop": (role, LAPTOP) for role in PAGES}
AUDITS["anonymous-phone"] = ("anonymous", PHONE)

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""


@dataclass
class Finding:
    url: str
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self):
        shown = ", ".join(self.targets[:5]) + (" …" if len(self.targets) > 5 else "")
        return f"{self.url}: {self.rule} ({self.impact}, {len(self.targets)}×) {self.help}: {shown}"


def the_compound(role: str) -> Compound:
    """A started compound the role works on (the public one for residents)."""
    if role == "anonymous":
        compounds = Compound.objects.all()
    else:
        compounds = compound_list(user=get_user_model().objects.get(username=role))
    return compounds.filter(status=CompoundStatus.STARTED).order_by("pk").first()


def url_of(page: Page, compound: Compound) -> str:
    def fill(values):
        return {key: compound.pk if value is COMPOUND else value for key, value in values.items()}

    url = reverse(page.name, kwargs=fill(page.kwargs))
    return f"{url}?{urlencode(fill(page.query))}" if page.query else url


def audit(browser, base_url: str, key: str) -> list[Finding]:
    """Open the role's pages in one browser context and return axe-core's violations."""
    role, viewport = AUDITS[key]
    folder = ARTIFACTS / f"accessibility-{key}"
    shutil.rmtree(folder, ignore_errors=True)
    compound = the_compound(role)
    assert compound is not None, f"{role}: no started compound in the demo"
    # The portal's CSP allows no inline script: the test's own script tag passes by Playwright.
    context = browser.new_context(
        viewport=viewport, base_url=base_url, locale="zh-CN", bypass_csp=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    findings = []
    try:
        if role != "anonymous":
            page.goto(reverse("login"))
            page.fill("input[name=username]", role)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("main form button[type=submit]")
            page.wait_for_load_state()
        for number, entry in enumerate(PAGES[role], start=1):
            url = url_of(entry, compound)
            response = page.goto(url)
            # The page itself, not a login or an error page it was sent on to.
            assert response.status == 200, f"{role}: {url} answered {response.status}"
            assert urlsplit(page.url).path == urlsplit(url).path, f"{role}: {url} → {page.url}"
            if page.locator("[data-map]").count():  # a map: audited with its points drawn
                page.wait_for_selector("[data-map].map-ready")
            toggler = page.locator("button.navbar-toggler").first
            if number == 1 and toggler.is_visible():  # a folded menu is read once, open
                toggler.click()
                menu = toggler.get_attribute("data-bs-target") or "#" + str(
                    toggler.get_attribute("aria-controls")
                )
                page.locator(menu).wait_for(state="visible")
                page.wait_for_function("!document.querySelector('.collapsing, .showing')")
            page.add_script_tag(path=str(AXE))
            found = [Finding(url, **v) for v in page.evaluate(RUN_AXE, WCAG_AA)]
            if any(f.impact in FAILING for f in found):
                name = re.sub(r"\W+", "-", entry.name)
                folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(folder / f"{number:02d}-{name}.png"), full_page=True)
            findings += found
    finally:
        context.close()
    return findings


def test_the_pages_each_role_uses_most_have_no_serious_or_critical_violation(
    browser, live_server, demo
):
    started = time.monotonic()
    failing = []
    for key in AUDITS:
        found = audit(browser, live_server.url, key)
        counts = {}
        for finding in found:
            counts[finding.rule, finding.impact] = counts.get((finding.rule, finding.impact), 0) + 1
        summary = ", ".join(
            f"{rule} ({impact}) on {n} pages" for (rule, impact), n in counts.items()
        )
        print(f"\n{key}: {summary or 'no violation'}")
        failing += [f"{key} {finding}" for finding in found if finding.impact in FAILING]
    print(f"{len(AUDITS)} audits in {time.monotonic() - started:.1f} s")
    assert not failing, f"{len(failing)} serious or critical violations:\n" + "\n".join(failing)

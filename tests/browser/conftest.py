"""Real-browser tests: the portal served by pytest-django's live server, driven in Debian's
headless Chromium through Playwright (no browser is downloaded: the executable is
/usr/bin/chromium, or BROWSER_EXECUTABLE).

Without Chromium the tests are skipped, with the reason; with REQUIRE_SERVICES=1 (as CI sets)
they fail instead. Every step saves a screenshot under test-artifacts/browser/<test>/, so a
failure can be read from what the browser showed.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from compounds.demo import DEMO_PASSWORD
from tests.utils import on_the_demo_day, seed_demo

EXECUTABLE = os.environ.get("BROWSER_EXECUTABLE") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not Path(EXECUTABLE).exists():
        reason = (
            f"no Chromium at {EXECUTABLE} (apt-get install chromium, or set BROWSER_EXECUTABLE)"
        )
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's synchronous API runs an event loop in this thread; the ORM calls of the
    # tests (outside it) are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=EXECUTABLE,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield chromium
        chromium.close()


class Steps:
    """A browser page and the screenshots of its steps, numbered."""

    def __init__(self, page, folder: Path):
        self.page = page
        self.folder = folder
        self.count = 0
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def shot(self, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def demo(transactional_db):
    """The demo data (文化路街道), committed, so that the live server's thread sees it; the
    portal lives on the demo's day, as `make run` does."""
    with on_the_demo_day():
        seed_demo()
        yield


def _open(browser, request, viewport, base_url):
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport=viewport, base_url=base_url, locale="zh-CN", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    steps = Steps(context.new_page(), folder)
    return context, steps


def _session(browser, request, viewport, base_url):
    context, steps = _open(browser, request, viewport, base_url)
    yield steps
    _finish(request, steps)
    context.close()


@pytest.fixture
def phone(browser, request, live_server, demo):
    yield from _session(browser, request, PHONE, live_server.url)


@pytest.fixture
def desktop(browser, request, live_server, demo):
    yield from _session(browser, request, DESKTOP, live_server.url)


def _finish(request, steps):
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        path = steps.shot("failed")
        print(f"\nscreenshots of {request.node.name}: {steps.folder} (last: {path.name})")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def log_in(steps, username="street_staff", *, shot=False):
    """Log the browser in as a demo user through the login page (``shot``: a screenshot of
    the filled form first)."""
    page = steps.page
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    if shot:
        steps.shot("login")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

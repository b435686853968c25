"""Browser tests: Debian's Chromium (no browser download) driven by Playwright against a live
server, as an editor uses the admin. Marked `browser`: `make test` leaves them out, `make
test-browser` (and CI, on SQLite) runs them. Screens go to BROWSER_SCREENS (artifacts/screens/).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from pytest_django.plugin import blocking_manager_key

CHROMIUM = os.environ.get("BROWSER_EXECUTABLE", "/usr/bin/chromium")
SCREENS = Path(
    os.environ.get("BROWSER_SCREENS", Path(__file__).resolve().parents[2] / "artifacts" / "screens")
)
PASSWORD = "browser-test-password"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    # The live server answers on 127.0.0.1; a proxy from the environment must not catch it.
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    # Playwright's sync API runs an event loop in this thread; the test's own database calls
    # are still synchronous (Playwright's documented workaround for Django).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A live server's test flushes the database when it ends, after every fixture of ours:
    the tests after it in this process expect the seed documents, as every test database
    holds them (a browser test reseeds at its start, see `editor`)."""
    yield
    if nextitem is not None and "browser" not in nextitem.keywords:
        with item.config.stash[blocking_manager_key].unblock():
            call_command("load_seed_data", verbosity=0)


@pytest.fixture
def editor(transactional_db):
    call_command("load_seed_data", verbosity=0)  # after another browser test's flush
    return get_user_model().objects.create_user(
        "bianji", password=PASSWORD, is_staff=True, is_superuser=True
    )


class Screens:
    """Screenshots of each screen, numbered in the journey's order, for the CI artefacts."""

    def __init__(self, page, folder: Path):
        self.page, self.folder, self.count = page, folder, 0
        folder.mkdir(parents=True, exist_ok=True)

    def shot(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=self.folder / f"{self.count:02d}-{name}.png", full_page=False)


@pytest.fixture
def page(browser, live_server, editor, request):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.screens = Screens(page, SCREENS / request.node.name)
    page.base = live_server.url
    yield page
    context.close()


def log_in(page, user="bianji") -> None:
    page.goto(page.base + "/admin/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")

"""Every page type of tests/site_pages.py in Chromium, once per viewport and colour scheme, all checks of one visit:

- on a desktop: axe-core finds no violation (RGAA 4.1 / WCAG 2.1 AA, and only the roles HTML allows), in the light and
  the dark scheme;
- on a phone (375 px): nothing is wider than the screen, a table fits or scrolls inside its own box and can be
  reached with the keyboard, in both schemes (pictures to look at with --screenshots: screenshots/phone-*.png);
- on the phone, in the light scheme, in a browser context of its own: the page requests only its own site, gets an
  answer to every request, and sets no cookie, also once it is scrolled to its end, its colour scheme switched and a
  search made. Not again on a desktop: the same scripts and files load at every width (what HTML and CSS make a
  browser load is checked in every built page by tests/test_privacy.py, and none of it depends on the width).
"Recherche" is the search dialog opened with results, checked as a page type of its own (axe, phone).
Each check is reported even when another one of the same visit fails.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from site_pages import AXE_OPTIONS, DESKTOP, PAGE_TYPES, PHONE, SCHEMES, axe_report, open_search, search_for, settle, watch_requests

TARGETS = [*PAGE_TYPES, "recherche"]
# A word of the home page: a search the privacy visits make on site_url (whose index holds the home page alone).
HOME_PAGE_WORD = "centre"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


class Checks:
    """The checks of one visit: each failure is kept, and all of them are reported at the end."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    @contextmanager
    def __call__(self, name: str):
        try:
            yield
        except AssertionError as failure:
            self.failures.append(f"— {name} : {failure}")

    def report(self) -> None:
        assert not self.failures, "\n".join(self.failures)


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("target", TARGETS)
def test_page_type(browser, site_url, search_site_url, axe, tabs, screenshot, target, viewport, scheme):
    checks = Checks()
    private = scheme == "light" and viewport == "phone" and target != "recherche"   # the privacy check's visits
    # The search dialog's results are read on "recherche" only: the privacy visits search too, for its requests
    # (worker, index), and ask a word of the home page, the one page of site_url's index.
    site = search_site_url if target == "recherche" else site_url
    if private:   # a context of its own: its requests, cookies and storage are this page's alone
        context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
        page = context.new_page()
        seen: list[str] = []
        page.on("request", lambda request: seen.append(request.url))
        foreign = watch_requests(page, site)
        # What the page asked its own site for and did not get (a console error each). The version selector's
        # versions.json exists once mike publishes the site (test_publish.py); this site is a plain build.
        refused: list[str] = []
        page.on("response", lambda response: refused.append(f"{response.status} {response.url}")
                if response.status >= 400 and not response.url.endswith("/versions.json") else None)
    else:
        page = tabs(VIEWPORTS[viewport], scheme)   # a visit that changes nothing a next page would see
    page.goto(site + PAGE_TYPES.get(target, ""), wait_until="load")
    assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
    if target == "recherche":
        open_search(page)
        assert page.locator(".md-search-result__item").count() > 0

    if viewport == "desktop":
        with checks("axe-core"):
            results = axe.run(page, options=AXE_OPTIONS)
            # The run did happen: axe reports the rules it passed (not returned with resultTypes) or none failed.
            assert results.response["testEngine"]["name"] == "axe-core"
            assert results.violations_count == 0, f"{target} ({scheme}) :\n{axe_report(results)}"
    else:
        with checks("téléphone"):
            fits_a_phone(page, screenshot, target, scheme)

    if private:
        with checks("requêtes"):
            # Scroll to the end (lazy content), switch the colour scheme, search: still nothing from elsewhere.
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.locator("label[for^='__palette']:visible").first.click()
            search_for(page, HOME_PAGE_WORD)
            page.wait_for_load_state("networkidle")
            assert len(seen) >= 4, seen  # the page, its styles, scripts and the search index were watched
            assert foreign == [], f"{target} : requêtes vers d'autres sites : {foreign}"
            assert refused == [], f"{target} : requêtes sans réponse : {refused}"
            assert context.cookies() == []
        context.close()
    checks.report()


def fits_a_phone(page, screenshot, target: str, scheme: str) -> None:
    """Nothing wider than the screen; each table fits, or its box scrolls and is keyboard-reachable; a picture (--screenshots)."""
    # Measure once the scripts have run and the transitions are over (the search overlay grows from its button).
    settle(page)
    sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert sizes[1] == PHONE["width"]
    assert sizes[0] <= sizes[1], f"{target} : la page déborde ({sizes[0]} px pour {sizes[1]} px)"
    boxes = page.evaluate("""() => [...document.querySelectorAll('.md-content table')].map(t => {
        const box = t.closest('.md-typeset__scrollwrap');
        const r = (box || t).getBoundingClientRect();
        return {right: r.right, scrolls: box ? box.scrollWidth > box.clientWidth + 1 : false,
                focusable: box ? box.getAttribute('tabindex') === '0' : false};
    })""")
    for box in boxes:
        assert box["right"] <= PHONE["width"] + 1, box
        assert box["focusable"] or not box["scrolls"], box
    screenshot(page, f"phone-{target}-{scheme}", full_page=target not in ("imprimer", "recherche"))

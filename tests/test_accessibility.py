"""Accessibility (RGAA 4.1 / WCAG 2.1 AA) in Chromium: axe-core, keyboard, visible focus, statement.

axe-core comes bundled with axe-playwright-python (no network). axe-core on every page type of tests/site_pages.py,
in both colour schemes, runs in tests/test_page_types.py (one visit per page, viewport and scheme); here, the
other states of a page (a phone's open menu, a form's restored draft) and what only the keyboard shows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest
from conftest import main_text, serve
from site_pages import (
    AXE_OPTIONS,
    DESKTOP,
    FOCUSED,
    PAGE_TYPES,
    PHONE,
    PHONE_AXE_OPTIONS,
    SCHEMES,
    add_wide_table,
    axe_report,
    ring_is_visible,
    settle,
    tab_until,
    wait_for_answer,
)


def open_in_scheme(browser, url: str, scheme: str, viewport: dict):
    """A page in the light or dark scheme (the browser's preference, which the palette follows)."""
    context = browser.new_context(color_scheme=scheme, viewport=viewport)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
    return context, page


@pytest.mark.parametrize("target", ["accueil", "calendrier", "centre-ecrit", "etablissement"])
def test_axe_on_a_phone_with_the_menu_open(browser, site_url, axe, target):
    # Narrow screens show other components (drawer, scrolling tables): axe checks them too.
    context, page = open_in_scheme(browser, site_url + PAGE_TYPES[target], "light", PHONE)
    results = axe.run(page, options=PHONE_AXE_OPTIONS)
    assert results.violations_count == 0, axe_report(results)
    page.get_by_role("button", name="Menu").click()
    settle(page)   # the drawer has slid in
    results = axe.run(page, options=PHONE_AXE_OPTIONS)
    assert results.violations_count == 0, axe_report(results)
    context.close()


# WCAG contrast of each visible navigation text, its colour's transparency laid over the first opaque background
# behind it: axe leaves semi-transparent text "to review" rather than failing it, and Material draws the section
# titles 56 % opaque (4.92:1 on slate, close to the 4.5:1 floor).
NAV_CONTRASTS = """() => {
  const rgba = (text) => (text.match(/[\\d.]+/g) || []).map(Number).concat([1]).slice(0, 4);
  const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const backdrop = (node) => { for (; node; node = node.parentElement) { const c = rgba(getComputedStyle(node).backgroundColor);
                                 if (c[3] === 1) return c; } return [255, 255, 255, 1]; };
  return [...document.querySelectorAll('.md-nav__title, .md-nav__link')].filter((e) => e.offsetParent && e.textContent.trim()
           && e.getBoundingClientRect().width > 0 && getComputedStyle(e).visibility === 'visible').map((e) => {
    const f = rgba(getComputedStyle(e).color), b = backdrop(e);
    const fg = f.slice(0, 3).map((v, i) => v * f[3] + b[i] * (1 - f[3]));
    const [hi, lo] = [lum(fg), lum(b.slice(0, 3))].sort((x, y) => y - x);
    return [e.textContent.trim().slice(0, 40), Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100];
  });
}"""


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("width", ["phone-menu", "desktop"])
def test_navigation_text_has_contrast(browser, site_url, scheme, width):
    context, page = open_in_scheme(browser, site_url + PAGE_TYPES["regles-ecrits"], scheme, PHONE if width == "phone-menu" else DESKTOP)
    if width == "phone-menu":   # the drawer, opened on the panel of the page's own section
        page.get_by_role("button", name="Menu").click()
        settle(page)
    contrasts = page.evaluate(NAV_CONTRASTS)
    assert len(contrasts) >= 5 and any(text == "Épreuves" for text, _ in contrasts), contrasts
    low = [(text, ratio) for text, ratio in contrasts if ratio < 4.5]
    assert not low, f"{scheme}, {width} : textes de navigation sous 4,5:1 : {low}"
    context.close()


def test_axe_would_catch_a_colour_only_link(browser, site_url, axe):
    # The check is real: remove the underline of links in text and axe reports it.
    context, page = open_in_scheme(browser, site_url + PAGE_TYPES["calendrier"], "light", DESKTOP)
    page.add_style_tag(content=".md-typeset a { text-decoration: none !important; }")
    results = axe.run(page, options=AXE_OPTIONS)
    assert "link-in-text-block" in {v["id"] for v in results.response["violations"]}
    context.close()


def test_controls_have_names(browser, site_url):
    page = browser.new_page(viewport=PHONE)
    page.goto(site_url + PAGE_TYPES["regles-ecrits"])
    assert page.get_by_role("button", name="Menu").count() == 1
    assert page.get_by_role("button", name="Recherche").count() == 1
    page.get_by_role("button", name="Recherche").click()
    page.get_by_role("textbox", name="Rechercher").wait_for(state="visible")
    dialog = page.get_by_role("dialog", name="Recherche")
    assert dialog.count() == 1
    assert dialog.get_by_role("textbox", name="Rechercher").is_visible()
    page.close()


def test_headings_are_read_by_their_words_alone_and_their_links_are_not_tab_stops(tabs, site_url):
    # A screen reader listing the links of a page read « ¶ » for each heading, and the Tab key stopped on each.
    page = tabs(PHONE)
    page.goto(site_url + PAGE_TYPES["etablissement-lycee"], wait_until="load")
    assert page.get_by_role("link", name="¶").count() == 0
    assert page.get_by_role("heading", name="Mes épreuves", exact=True, level=2).count() == 1
    link = page.locator("h2#mes-epreuves .headerlink")
    assert link.get_attribute("href") == "#mes-epreuves" and link.evaluate("a => a.tabIndex") == -1


def test_every_headings_link_of_the_site_is_kept_from_screen_readers(site):
    links = [(page.relative_to(site).as_posix(), link) for page in site.rglob("*.html")
             for link in re.findall(r'<a class="headerlink"[^>]*>', page.read_text(encoding="utf-8"))]
    assert len(links) > 100
    assert [(page, link) for page, link in links if 'aria-hidden="true" tabindex="-1"' not in link] == []


# --- Keyboard -----------------------------------------------------------------------------

@pytest.mark.parametrize("shortcut", ["/", "s"])
def test_search_with_the_keyboard_shortcut(browser, search_site_url, shortcut):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(search_site_url)
    page.keyboard.press(shortcut)
    assert page.evaluate(FOCUSED)["classes"].startswith("md-search__input")
    page.keyboard.type("retard")
    wait_for_answer(page, "retard")   # the list is drawn for the last time: focus moved into it stays there
    # Arrow down through the results to the section about lateness, then Enter opens it.
    for _ in range(10):
        page.keyboard.press("ArrowDown")
        focused = page.evaluate(FOCUSED)
        assert focused["tag"] == "A" and ring_is_visible(focused), focused
        if "Retards" in focused["text"]:
            break
    else:
        pytest.fail("aucun résultat « Retards » atteint avec les flèches")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/ecrits/" in page.url
    assert page.locator("article h3#retards").is_visible()
    page.close()


def test_search_reached_with_tab(browser, search_site_url):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(search_site_url + PAGE_TYPES["calendrier"])
    focused = tab_until(page, lambda f: f["classes"].startswith("md-search__input"))
    assert ring_is_visible(focused)
    page.keyboard.type("calculatrice")
    wait_for_answer(page, "calculatrice")   # a prefix's results redrawn later would take the focus away
    page.wait_for_selector(".md-search-result__item")
    # Material moves through the results with the arrow keys (they are out of the Tab order).
    page.keyboard.press("ArrowDown")
    focused = page.evaluate(FOCUSED)
    assert "md-search-result__link" in focused["classes"]
    assert ring_is_visible(focused)
    target = focused["href"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0].split("?")[0] == target.split("#")[0].split("?")[0]
    page.close()


def test_navigation_with_tab_and_enter(browser, site_url):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(site_url)
    focused = tab_until(page, lambda f: f["tag"] == "A" and f["text"] == "Calendrier" and f["inDrawer"])
    assert ring_is_visible(focused)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/calendrier/")
    assert "Calendrier" in page.locator("article h1").inner_text()
    page.close()


def test_phone_menu_with_the_keyboard(browser, site_url):
    page = browser.new_page(viewport=PHONE)
    page.goto(site_url)
    # The closed drawer is off screen: its links must not take the focus unseen.
    stops = [page.evaluate(FOCUSED) for _ in range(12) if page.keyboard.press("Tab") is None]
    assert not any(stop["inDrawer"] for stop in stops), stops
    page.goto(site_url)
    focused = tab_until(page, lambda f: f["label"] == "Menu", limit=5)
    assert ring_is_visible(focused)
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('.md-sidebar--primary') !== null")
    assert page.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "true"
    focused = tab_until(page, lambda f: f["text"] == "Calendrier" and f["inDrawer"], limit=10)
    assert ring_is_visible(focused)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/calendrier/")
    # Escape closes the drawer and gives the focus back to the menu button.
    page.get_by_role("button", name="Menu").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('.md-sidebar--primary') !== null")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__drawer').checked")
    assert page.evaluate(FOCUSED)["label"] == "Menu"
    page.close()


@pytest.mark.parametrize("target", ["calendrier", "centre-ecrit", "accessibilite"])
def test_every_tab_stop_shows_its_focus(browser, site_url, target):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(site_url + PAGE_TYPES[target])
    page.keyboard.press("Escape")
    stops = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "BODY":
            break
        stops.append(focused)
    assert len(stops) > 20
    hidden = [f"{s['tag']} {s['classes']} « {s['text'][:30]} »" for s in stops if not ring_is_visible(s)]
    assert not hidden, hidden
    page.close()


def test_scrolling_table_is_reachable_with_the_keyboard(browser, site_url):
    page = browser.new_page(viewport=PHONE)
    page.goto(site_url + PAGE_TYPES["regles-ecrits"])
    add_wide_table(page)   # every table of the handbook fits a phone now: add one that does not
    region = page.locator(".md-typeset__scrollwrap[tabindex='0']").first
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label").startswith("Tableau défilant")
    region.focus()
    before = region.evaluate("e => e.scrollLeft")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([box, before]) => box.scrollLeft > before", arg=[region.element_handle(), before])
    assert region.evaluate("e => e.scrollLeft") > before
    page.close()


# VERSION SELECTOR: the selector Material draws from versions.json opens and changes session from the keyboard.
def test_version_selector_with_the_keyboard(browser, site, session, tmp_path):
    # Material reads the sessions from versions.json beside the site (written by mike when publishing):
    # a private copy of the site gets one, so the shared build stays as MkDocs made it.
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    year = int(session.info.year)
    (copy / "versions.json").write_text(json.dumps([{"version": str(year), "title": f"Session {year}", "aliases": ["latest"]},
                                                    {"version": str(year - 1), "title": f"Session {year - 1}", "aliases": []}]),
                                        encoding="utf-8")
    with serve(copy) as site_url:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(site_url)
        page.wait_for_selector(".md-version__current", timeout=10_000)
        focused = tab_until(page, lambda f: "md-version__current" in f["classes"], limit=10)
        assert ring_is_visible(focused)
        # The list opens from the keyboard and each session link takes the focus, visibly.
        page.keyboard.press("Enter")
        focused = tab_until(page, lambda f: "md-version__link" in f["classes"], limit=5)
        assert ring_is_visible(focused)
        assert page.locator(".md-version__link").first.is_visible()
        page.close()


# --- Statement, footer, home page ---------------------------------------------------------

def test_footer_of_every_page_links_statement_and_privacy(site):
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 40
    for built in pages:
        raw = built.read_text(encoding="utf-8")
        footer = raw[raw.index('<footer class="md-footer">'):]
        for target, text in (("accessibilite", "Accessibilité&nbsp;: partiellement conforme"),
                             ("donnees-personnelles", "Données personnelles"), ("imprimer", "Manuel complet à imprimer")):
            link = re.search(rf'<a href="([^"]*)">\s*{re.escape(text)}\s*</a>', footer)
            assert link, f"{built}: pas de lien « {text} » dans le pied de page"
            assert (built.parent / link.group(1) / "index.html").resolve() == (site / target / "index.html").resolve()


def test_statement_follows_the_rgaa_model(site):
    text = main_text(site / "accessibilite" / "index.html")
    for part in ("Déclaration d'accessibilité", "article 47 de la loi n° 2005-102 du 11 février 2005",
                 "État de conformité", "partiellement conforme", "RGAA", "version 4.1", "Résultats des tests",
                 "Contenus non accessibles", "Établissement de cette déclaration", "établie le samedi 28 novembre 2026",
                 "Retour d'information et contact", "Voies de recours", "Défenseur des droits",
                 "Libre réponse 71120, 75342 Paris CEDEX 07"):
        assert part in text, part
    # The contacts are those of the exam office, from the data: no invented accessibility address.
    for contact in ("Justine ROUDOT", "05 36 25 71 28", "Justine.roudout@ac-toulouse.fr", "Jordi LLORENS"):
        assert contact in text
    assert "totalement conforme" not in text.replace("« totalement conforme »", "")


def test_home_page_shows_status_and_printable_link(site):
    text = main_text(site / "index.html")
    assert "Accessibilité : partiellement conforme" in text
    raw = (site / "index.html").read_text(encoding="utf-8")
    article = raw[raw.index("<article"):raw.index("</article>")]
    assert 'href="imprimer/"' in article
    assert 'href="accessibilite/"' in article


def test_personal_data_page(site):
    text = main_text(site / "donnees-personnelles" / "index.html")
    for part in ("aucune donnée personnelle", "pas de mesure d'audience", "pas de cookie",
                 "aucun contenu chargé depuis un autre site"):
        assert part in text


@pytest.mark.e2e
def test_status_comes_from_mkdocs_yml(project):
    # The status is written once (mkdocs.yml) and shown everywhere; a wrong value stops the build.
    from conftest import build
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("status: partiellement conforme", "status: conforme"),
                      encoding="utf-8")
    result = build(project, project / "site")
    assert result.returncode != 0
    assert "extra.accessibility.status : « conforme » inconnu" in result.stderr


# What a candidate taps on a phone, beyond links in text: tick boxes with their words, a form's buttons and selector,
# the keep button. A finger's size: 44 px tall at least.
TAPPED = (".handbook-choices label, .handbook-form__copies :is(.md-button, select), .handbook-form__actions .md-button, "
          ".handbook-keep .md-button")


@pytest.mark.parametrize("target", ["etablissement", "calendrier", "formulaire"])
def test_what_a_candidate_taps_is_a_fingers_size(browser, site_url, target):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[target], wait_until="load")
    page.locator(TAPPED).first.wait_for()
    heights = page.evaluate(f"""[...document.querySelectorAll({TAPPED!r})].filter(e => e.offsetParent)
        .map(e => [e.textContent.trim().slice(0, 30) || e.tagName, e.getBoundingClientRect().height])""")
    assert len(heights) >= 3 and all(height >= 44 for _, height in heights), heights
    # A form's footnote marks, links in the text: 24 px at least each way (WCAG 2.5.8).
    marks = [page.locator('a.handbook-note-ref').nth(i).bounding_box() for i in range(page.locator('a.handbook-note-ref').count())]
    assert all(box["width"] >= 24 and box["height"] >= 24 for box in marks), marks
    assert marks or target != "formulaire"
    context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_on_exam_day_with_the_days_and_past_cards_marked(browser, site_url, axe, scheme):
    # The words cards.js adds while the session runs (« Aujourd'hui », « Demain », « Passé ») have colours of their own.
    context = browser.new_context(color_scheme=scheme, viewport=PHONE)
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2022, 5, 16, 7, 30))
    page.goto(site_url + PAGE_TYPES["etablissement"], wait_until="load")
    page.locator(".handbook-card--today .handbook-card__day").first.wait_for()
    assert page.locator(".handbook-card--past .handbook-card__day").count() >= 1
    assert page.locator(".handbook-card--tomorrow .handbook-card__day").count() == 1   # E1, the next day
    results = axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, axe_report(results)
    context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_on_a_form_with_its_draft_restored(browser, site_url, axe, scheme):
    # The form page's other state: answers kept on the device, put back, and the status line saying so.
    context, page = open_in_scheme(browser, site_url + PAGE_TYPES["formulaire"], scheme, PHONE)
    page.locator("form.handbook-form textarea").first.fill("Une réponse gardée sur cet appareil.")
    page.reload(wait_until="load")
    page.wait_for_selector("form.handbook-form--live")   # handbook-form.js has put the answers back
    assert "reprises" in page.locator("[data-form-status]").inner_text()
    results = axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, axe_report(results)
    context.close()

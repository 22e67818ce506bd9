"""Nothing moves under a candidate's finger: the controls the scripts work (the finder's box, the boxes to
tick, the next deadline) are drawn in place from the first paint, so a page's layout shift stays near zero.
Without scripts they stay hidden and every entry is shown."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from conftest import serve
from site_pages import MOST_SHIFT, OBSERVE_SHIFTS

# The pages whose first screen holds a control the scripts work, and a page of each generated family.
PAGES = ["", "trouver-mon-centre/", "centres/", "calendrier/", "etablissements/lgt-marcelin-berthelot/",
         "centres/cfa-commerce-services-blagnac/"]
VIEWPORTS = {"téléphone": {"width": 375, "height": 812}, "ordinateur": {"width": 1280, "height": 812}}


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_pages_do_not_move_once_their_scripts_have_run(browser, site_url, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.add_init_script(OBSERVE_SHIFTS)
    try:
        page = context.new_page()   # the observer is added again by each load (an init script of the context)
        for path in PAGES:
            page.goto(site_url + path)
            page.wait_for_load_state("load")
            page.wait_for_function("document.querySelectorAll('[data-filter-ready], [data-choices-ready], "
                                   "[data-upcoming-ready]').length > 0 || !document.querySelector("
                                   "'[data-filter-label], form.handbook-choices, [data-upcoming]')")
            page.wait_for_timeout(300)   # a shift is reported in the frame after it happens
            shift = sum(page.evaluate("window.__shifts"))
            assert shift < MOST_SHIFT, f"/{path} ({viewport}) : décalage de mise en page {shift:.3f}"
    finally:
        context.close()


# Days of the session when the cards move: the deposit open (the next deadline above a candidate's exams), an exam's
# morning (the day's exam first, the past oral after the others).
# The orals' day: the home page's written exams, all past, give their place to one line (cards.js, fold).
SESSION_DAYS = {"dépôt": dt.datetime(2022, 4, 10, 9, 0), "matin d'écrit": dt.datetime(2022, 5, 16, 7, 45),
                "oral": dt.datetime(2022, 6, 14, 9, 0)}
DATED_PAGES = ["", "calendrier/", "etablissements/lgt-marcelin-berthelot/", "centres/berthelot/"]
SLOW_SCRIPT = 0.2   # seconds each script takes to arrive


@pytest.mark.parametrize("day", SESSION_DAYS)
def test_on_session_days_the_cards_are_in_their_order_from_the_first_paint(browser, site_url, day):
    """cards.js arranges each list as soon as it is parsed: on an exam's morning the day's exam does not move up under
    a candidate's finger once the page is shown (it did, a layout shift of 0.28 at 375 px)."""
    context = browser.new_context(viewport=VIEWPORTS["téléphone"], is_mobile=True, has_touch=True)
    context.add_init_script(OBSERVE_SHIFTS)
    # Scripts that arrive after the page's text, as on a phone's network: a page shown before they run must not move.
    context.route("**/*.js", lambda route: (time.sleep(SLOW_SCRIPT), route.continue_()))
    try:
        page = context.new_page()
        page.clock.set_fixed_time(SESSION_DAYS[day])
        for path in DATED_PAGES:
            page.goto(site_url + path, wait_until="load")
            page.wait_for_function("[...document.querySelectorAll('ol.handbook-cards')].every(list => "
                                   "list.dataset.daysReady || list.dataset.upcomingReady)")
            page.wait_for_timeout(300)
            shift = sum(page.evaluate("window.__shifts"))
            assert shift < MOST_SHIFT, f"/{path} ({day}) : décalage de mise en page {shift:.3f}"
    finally:
        context.close()


# Where a page's HTML is cut in two on its way (a phone's network): just before the script that arranges its first list.
ARRANGING_SCRIPT = b"<script>window.handbookCards"


# Each frame the browser draws until the page is loaded: a list of cards (or a candidate's boxes) drawn before cards.js
# arranged it is noted; one kept out of sight until then is counted (the page was drawn meanwhile, not held back).
WATCH_FRAMES = """window.__unarranged = []; window.__waiting = 0; window.__frames = 0;
requestAnimationFrame(function frame() {
  window.__frames += 1;
  document.querySelectorAll("ol.handbook-cards, form.handbook-choices").forEach(function (item) {
    if (item.dataset.daysReady || item.dataset.upcomingReady || item.dataset.choicesReady) return;
    if (getComputedStyle(item).visibility === "hidden" || !item.getClientRects().length) window.__waiting += 1;
    else window.__unarranged.push(item.id || item.className);
  });
  if (document.readyState !== "complete") requestAnimationFrame(frame);
});"""


@pytest.mark.parametrize("day", SESSION_DAYS)
def test_a_page_that_arrives_in_parts_is_drawn_at_once_with_no_list_before_it_is_arranged(browser, site, day):
    """The browser draws what it has of a page before the script after a list has run (the HTML arrives in parts, or
    the parser pauses): on an exam's morning the past orals were drawn first, then the day's exam moved up under the
    candidate's finger (a shift of 0.4 at 375 px, in about one load of six on this machine). A list is kept out of sight
    until arranged, and the rest of the page is drawn meanwhile: holding the first paint until the content was parsed
    (rel=expect) left a phone on a slow network 3 s on a blank page."""
    context = browser.new_context(viewport=VIEWPORTS["téléphone"], is_mobile=True, has_touch=True)
    context.add_init_script(WATCH_FRAMES)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(SESSION_DAYS[day])
        with serve(site, paused_before=ARRANGING_SCRIPT) as url:
            for path in DATED_PAGES:
                page.goto(url + path, wait_until="load")
                assert page.locator("ol.handbook-cards").count() > 0 and page.evaluate("window.__frames") > 0, path
                assert page.evaluate("window.__unarranged") == [], f"/{path} ({day}) : dessinée avant d'être rangée"
                assert page.evaluate("window.__waiting") > 0, f"/{path} ({day}) : rien dessiné avant la fin de la page"
                assert page.evaluate("[...document.querySelectorAll('ol.handbook-cards')].filter(list => !list.closest('[hidden]'))"
                                     ".every(list => getComputedStyle(list).visibility === 'visible')"), path   # all drawn in the end
    finally:
        context.close()


def test_on_a_slow_phone_network_an_exam_mornings_page_does_not_move(browser, site_url):
    # 300 ms and 20 kB/s, the site's styles and scripts already kept: the page arrives in many parts (0.19 before).
    context = browser.new_context(viewport=VIEWPORTS["téléphone"], is_mobile=True, has_touch=True, service_workers="block")
    context.add_init_script(OBSERVE_SHIFTS)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(SESSION_DAYS["matin d'écrit"])
        page.goto(site_url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
        network = context.new_cdp_session(page)
        network.send("Network.enable")
        network.send("Network.emulateNetworkConditions",
                     {"offline": False, "latency": 300, "downloadThroughput": 20000, "uploadThroughput": 20000})
        page.goto(site_url + "etablissements/lgt-marcelin-berthelot/?lent", wait_until="load")
        page.wait_for_timeout(300)
        shift = sum(page.evaluate("window.__shifts"))
        assert shift < MOST_SHIFT, f"décalage de mise en page {shift:.3f}"
        assert page.locator("#epreuves-du-candidat > li.handbook-card--today").is_visible()
    finally:
        context.close()


def test_controls_that_need_scripts_stay_hidden_without_them(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["téléphone"])
    try:
        page = context.new_page()
        page.goto(site_url + "centres/")
        assert page.locator("[data-filter-box]").is_hidden()
        assert page.locator(".handbook-finder > li").first.is_visible()   # the whole list instead
        page.goto(site_url + "etablissements/lgt-marcelin-berthelot/")
        assert page.locator("form.handbook-choices").is_hidden()
        page.goto(site_url)
        assert page.locator("[data-filter-box]").is_hidden()
        assert page.get_by_role("link", name="choisir dans la liste des établissements").is_visible()
    finally:
        context.close()


def test_the_drawn_finder_box_works_as_the_made_one_did(browser, site_url):
    page = browser.new_page(viewport=VIEWPORTS["téléphone"])
    try:
        page.goto(site_url)
        box = page.get_by_label("Votre établissement ou votre ville")
        box.fill("marcelin berthelot")
        assert page.locator("[data-filter-box] [role=status]").inner_text() == "1 résultat\u00a0: touchez-le, ou validez, pour l'ouvrir"
        box.press("Enter")
        page.wait_for_url("**/etablissements/lgt-marcelin-berthelot/")
        assert page.get_by_role("heading", name="Mes épreuves").is_visible()
    finally:
        page.close()

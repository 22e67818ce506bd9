"""The page types that the browser suite checks (accessibility, privacy, phones, print), and the helpers
its modules share: the search dialog, a wide table, axe-core's options and report, moving with the keyboard.

One URL per type of page, relative to the site root. Add a line here when a new kind of page
appears (an index, a form page…): every check of the suite then runs on it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

PAGE_TYPES = {
    "accueil": "",
    "calendrier": "calendrier/",
    "regles-ecrits": "ecrits/",
    "dossiers": "dossiers/",
    "centre-ecrit": "centres/pierre-d-aragon/",
    "centre-oral": "centres/ozenne/",
    "etablissement": "etablissements/individuels-ead-dept-31/",
    "etablissement-lycee": "etablissements/lgt-marcelin-berthelot/",
    "corrections": "corrections/",
    "formulaires": "formulaires/",
    "formulaire": "formulaires/e4-fiche-descriptive/",
    "index-centres": "centres/",
    "index-etablissements": "etablissements/",
    "trouver-mon-centre": "trouver-mon-centre/",
    "donnees": "donnees/",
    "accessibilite": "accessibilite/",
    "donnees-personnelles": "donnees-personnelles/",
    "imprimer": "imprimer/",
    "modifications": "modifications/",
}

# The search dialog, opened with results, is checked as a page type of its own.
SEARCH_QUERY = "retard"

# Colour schemes of the Material palette (mkdocs.yml): emulated browser preference -> body attribute.
SCHEMES = {"light": "default", "dark": "slate"}

# Requests that never leave the browser.
LOCAL_SCHEMES = ("data", "blob", "about")

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


# An init script: every layout shift of the page in window.__shifts, as Chromium reports them (buffered: those
# before the observer count too).
OBSERVE_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});
"""
# Google's threshold for a "good" cumulative layout shift is 0.1; we stay well under it.
MOST_SHIFT = 0.02


def settle(page) -> None:
    """Wait until what a reader sees is final: the scripts' first frame has run (handbook-a11y.js makes wide tables
    scrollable and notes link addresses in one) and no transition or animation is running."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


def watch_requests(page, site_url: str) -> list[str]:
    """Every request the page makes that is not to the site's own origin (filled as the page runs)."""
    origin = urlsplit(site_url).netloc
    foreign: list[str] = []
    page.on("request", lambda request: foreign.append(request.url)
            if urlsplit(request.url).scheme not in LOCAL_SCHEMES and urlsplit(request.url).netloc != origin else None)
    return foreign


# Counts the queries the page sends to Material's search worker and the answers it gets back (one each), and
# keeps the last query sent: added to every page before it loads (conftest.Chromium), so that a test waits for the
# answer to what it typed. Added twice, it counts once.
COUNT_ANSWERS = """(() => {
  if (window.handbookSearchAnswers) return;
  const Native = window.Worker;
  const answers = window.handbookSearchAnswers = {asked: 0, answered: 0, last: null};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", event => { if (event.data && event.data.type === 3) answers.answered++; });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) { answers.asked++; answers.last = message.data; }
      return super.postMessage(message, ...rest);
    }
  };
})();"""


def wait_for_answer(page, query: str) -> None:
    """Once COUNT_ANSWERS was added to the page: wait until the worker has answered the query typed last, and every
    query before it (an answer to « re » arriving after the results of « retard » are drawn would redraw them)."""
    page.wait_for_function("query => { const a = window.handbookSearchAnswers; "
                           "return a.last === query && a.asked === a.answered; }", arg=query, timeout=10_000)


def search_for(page, query: str = SEARCH_QUERY) -> None:
    """Open the search dialog with its keyboard shortcut, type a query, wait for the results of the whole query (the
    results of a prefix typed before it, « arch » for « archivage », may be drawn first)."""
    page.keyboard.press("/")
    page.keyboard.type(query)
    wait_for_answer(page, query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)


def open_search(page, query: str = SEARCH_QUERY) -> None:
    """The search dialog open with the results of a query, as a reader sees it once its transitions have ended."""
    search_for(page, query)
    # Colours and sizes are only final once the dialog's transitions have ended.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    page.wait_for_timeout(100)


# Every table of the handbook now fits a phone (dates are cards): to check that a table too wide for
# the screen still scrolls inside its own box, reachable with the keyboard, tests add one to a page,
# wrapped as Material wraps tables, and let handbook-a11y.js see it on a resize.
WIDE_TABLE = """() => {
  const box = document.createElement('div'); box.className = 'md-typeset__scrollwrap';
  const inner = document.createElement('div'); inner.className = 'md-typeset__table'; box.appendChild(inner);
  const row = Array.from({length: 8}, (_, i) => '<td>colonne-' + i + '-sans-coupure</td>').join('');
  inner.innerHTML = '<table><caption>Tableau large</caption><tbody><tr>' + row + '</tr></tbody></table>';
  document.querySelector('article.md-content__inner').appendChild(box);
  window.dispatchEvent(new Event('resize'));
}"""


def add_wide_table(page) -> None:
    """Add a table wider than any phone to the open page, and wait for the scripts to make its box scrollable."""
    page.evaluate(WIDE_TABLE)
    page.wait_for_selector(".md-typeset__scrollwrap[tabindex='0']")


# --- axe-core -------------------------------------------------------------------------------

# WCAG 2.1 A and AA, plus the rule that an element takes only a role HTML allows it (RGAA 8.2, valid code;
# axe files it under best practices).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "rules": {"aria-allowed-role": {"enabled": True}},
               "resultTypes": ["violations"]}
# On a phone, also WCAG 2.2's target size: 24 px, or spaced enough, for a finger.
PHONE_AXE_OPTIONS = {**AXE_OPTIONS, "rules": {**AXE_OPTIONS["rules"], "target-size": {"enabled": True}}}


def axe_report(results) -> str:
    lines = []
    for violation in results.response["violations"]:
        targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}) : {violation['help']} — {targets}")
    return "\n".join(lines)


# --- Keyboard -------------------------------------------------------------------------------

FOCUSED = """() => {
  const element = document.activeElement;
  // A visually hidden radio (palette toggle) shows its focus on the label that follows it.
  const shown = element.matches('.md-option') ? element.nextElementSibling : element;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  return {tag: element.tagName, text: (element.innerText || element.value || '').trim().slice(0, 80),
          label: element.getAttribute('aria-label') || '', href: element.getAttribute('href'),
          classes: element.className, inDrawer: !!element.closest('.md-sidebar--primary'),
          outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth), outlineColor: style.outlineColor,
          shadow: style.boxShadow, width: box.width, height: box.height};
}"""


def tab_until(page, predicate, limit: int = 40) -> dict:
    """Press Tab until the focused element satisfies predicate; fail after `limit` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused["text"] or focused["label"] or focused["tag"])
        if predicate(focused):
            return focused
    pytest.fail(f"élément jamais atteint au clavier ; parcours : {seen}")


def ring_is_visible(focused: dict) -> bool:
    outline = focused["outline"] not in ("none", "") and focused["outlineWidth"] >= 2 \
        and focused["outlineColor"] not in ("transparent", "rgba(0, 0, 0, 0)")
    return outline or focused["shadow"] not in ("none", "")

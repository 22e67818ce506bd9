"""Fast tier: French no-break spaces in HTML text (handbook.typography), called directly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.typography import french_spacing, french_text

pytestmark = pytest.mark.unit

NBSP = "\u00a0"


@pytest.mark.parametrize("html, expected", [
    ("<p>Tél. : 05 36 25 70 94</p>", f"<p>Tél.{NBSP}: 05 36 25 70 94</p>"),
    ("<p>« Éliminée »</p>", f"<p>«{NBSP}Éliminée{NBSP}»</p>"),
    ("<p>Pas de connexion ? Gardez-la ; oui !</p>", f"<p>Pas de connexion{NBSP}? Gardez-la{NBSP}; oui{NBSP}!</p>"),
    # Around an element: the sign still keeps to its word.
    ('<p>« <a href="x/">lien</a> »</p>', f'<p>«{NBSP}<a href="x/">lien</a>{NBSP}»</p>'),
    ("voir : la fin", f"voir{NBSP}: la fin"),                                   # text up to the end of the HTML
    # Attribute values are not text: scripts read them, and a screen reader reads them whole anyway.
    ('<a title="Voir : x" aria-label="« y »">z</a>', '<a title="Voir : x" aria-label="« y »">z</a>'),
    # Code, scripts, styles and text areas are left exactly as written.
    ("<code>a : b</code> c ; d", f"<code>a : b</code> c{NBSP}; d"),
    ("<pre><code>x = y ? 1 : 2</code></pre>", "<pre><code>x = y ? 1 : 2</code></pre>"),
    ("<script>var a = b ? c : d;</script><p>e : f</p>", f"<script>var a = b ? c : d;</script><p>e{NBSP}: f</p>"),
    ("<style>a :hover { }</style>", "<style>a :hover { }</style>"),
    ("<textarea>réponse : « ici »</textarea>", "<textarea>réponse : « ici »</textarea>"),
    # Nothing else moves: signs with no space before, times, addresses, spaces already unbreakable.
    ("<p>https://exemple.fr/?a=1 14 h – 18 h</p>", "<p>https://exemple.fr/?a=1 14 h – 18 h</p>"),
    (f"<p>«{NBSP}déjà{NBSP}»</p>", f"<p>«{NBSP}déjà{NBSP}»</p>"),
])
def test_french_spacing(html, expected):
    assert french_spacing(html) == expected
    assert french_spacing(expected) == expected   # twice changes nothing more


def test_a_scripts_message_from_the_page_gets_the_same_spaces():
    # data-filter-none, data-choices-none: plain text that a script shows; the attribute is escaped afterwards.
    assert french_text("Aucun résultat : tapez « 31 » ; sinon ?") == f"Aucun résultat{NBSP}: tapez «{NBSP}31{NBSP}»{NBSP}; sinon{NBSP}?"
    assert french_text("a > b : oui") == f"a > b{NBSP}: oui"   # text, not HTML: a ">" is a character like any other


# Our scripts' string literals (double-quoted, as they are all written), outside comment lines.
SCRIPTS = Path(__file__).resolve().parents[2] / "docs" / "assets" / "javascripts"
STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
LOOSE_SIGN = re.compile(r" [:;!?»]|« ")


def test_the_scripts_messages_keep_each_sign_on_its_word_s_line():
    """What the scripts write on the page (filter, choices, forms, offline) follows the pages' rule: « \\u00a0 »."""
    loose = [f"{script.name} : {literal}" for script in sorted(SCRIPTS.glob("*.js"))
             for line in script.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("//")
             for literal in STRING.findall(line) if LOOSE_SIGN.search(literal)]
    messages = [literal for script in SCRIPTS.glob("*.js") for literal in STRING.findall(script.read_text(encoding="utf-8"))
                if "\\u00a0" in literal]
    assert len(messages) > 10    # the scripts' French messages were read
    assert not loose, "\n".join(loose)

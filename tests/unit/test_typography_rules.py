"""Fast tier: French no-break spaces in HTML text (handbook.typography), called directly."""

from __future__ import annotations

import pytest
from handbook.typography import french_spacing

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

"""Fast tier: each heading's « ¶ » link named after its heading (handbook.headings), called directly."""

from __future__ import annotations

import pytest

from handbook.headings import named_heading_links

pytestmark = pytest.mark.unit

LINK = '<a class="headerlink" href="#{0}" title="Lien vers cette section">&para;</a>'


@pytest.mark.parametrize("heading, name", [
    ('<h2 id="a">Mes épreuves{link}</h2>', "Mes épreuves"),
    ('<h3 id="a"><code>operations.yml</code> · <code>x&#91;0&#93;</code>{link}</h3>', "operations.yml · x&#91;0&#93;"),
    ('<h2 id="a">Le "dossier"\n  E4{link}</h2>', "Le &quot;dossier&quot; E4"),
])
def test_the_link_is_named_after_the_headings_text(heading, name):
    named = named_heading_links(heading.format(link=LINK.format("a")))
    assert f'aria-label="Lien vers la section «\u00a0{name}\u00a0»"' in named
    assert named.replace(f' aria-label="Lien vers la section «\u00a0{name}\u00a0»"', "") == heading.format(link=LINK.format("a"))


def test_other_links_and_pages_without_one_are_left_alone():
    html = '<h2 id="a">Titre</h2><p><a class="headerlink" href="#a">&para;</a></p>'
    assert named_heading_links(html) == html
    assert named_heading_links("<p>Rien</p>") == "<p>Rien</p>"

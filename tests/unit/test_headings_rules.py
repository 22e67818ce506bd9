"""Fast tier: each heading's « ¶ » link kept from screen readers and the Tab key (handbook.headings), called directly."""

from __future__ import annotations

import pytest

from handbook.headings import quiet_heading_links

pytestmark = pytest.mark.unit


def test_a_headings_link_is_hidden_from_assistive_technologies_and_the_tab_key():
    html = '<h2 id="a">Mes épreuves<a class="headerlink" href="#a" title="Lien vers cette section">&para;</a></h2>'
    assert quiet_heading_links(html) == ('<h2 id="a">Mes épreuves<a class="headerlink" aria-hidden="true" tabindex="-1" '
                                         'href="#a" title="Lien vers cette section">&para;</a></h2>')


def test_other_links_are_left_alone():
    html = '<p><a href="#a">Voir</a> <a class="headerlink-x" href="#b">b</a></p>'
    assert quiet_heading_links(html) == html

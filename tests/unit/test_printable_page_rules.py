"""Fast tier: how the printable page rewrites a chapter (links, ids, headings), the hook module called directly."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import module_from_file

pytestmark = pytest.mark.unit

printable_page = module_from_file(Path(__file__).resolve().parents[2] / "hooks" / "printable_page.py", "printable_page_under_test")

PRINT_URL = "imprimer/"
SLUGS = {"": "accueil", "calendrier/": "calendrier", "oraux/": "oraux", "centres/": "centres"}


@pytest.mark.parametrize("target, page_url, expected", [
    ("../calendrier/", "oraux/", "#calendrier"),                       # a printed page: its chapter
    ("../calendrier/#ecrits", "oraux/", "#calendrier--ecrits"),        # an anchor of it: the prefixed id
    ("#e5", "oraux/", "#oraux--e5"),                                   # same page
    ("../", "calendrier/", "#accueil"),                                # the home page
    ("ozenne/", "centres/", "../centres/ozenne/"),                     # a page not printed: from /imprimer/
    ("ozenne/#oraux", "centres/", "../centres/ozenne/#oraux"),
    ("../agenda/session.ics", "calendrier/", "../agenda/session.ics"),  # a download
    ("../assets/logo.svg", "", "../assets/logo.svg"),
    ("https://www.ac-toulouse.fr/", "oraux/", "https://www.ac-toulouse.fr/"),  # outside the site: unchanged
    ("//cdn.example.org/x.js", "oraux/", "//cdn.example.org/x.js"),
    ("mailto:dec@ac-toulouse.fr", "oraux/", "mailto:dec@ac-toulouse.fr"),
])
def test_relink(target, page_url, expected):
    assert printable_page.relink(target, page_url, SLUGS, PRINT_URL) == expected


def test_relink_from_a_deeper_printable_page():
    assert printable_page.relink("ozenne/", "centres/", SLUGS, "outils/imprimer/") == "../../centres/ozenne/"


def chapter(url: str, content: str) -> str:
    return printable_page.chapter_html(SimpleNamespace(url=url, content=content), SLUGS, PRINT_URL)


def test_chapter_headings_move_down_ids_get_the_chapter_prefix():
    html = chapter("oraux/", '<h1 id="oraux">Oraux</h1>\n<h2 id="e5">E5</h2><h6>Note</h6>'
                             '<table><th id="c1">A</th><td headers="c1 c2">x</td></table>'
                             '<label for="q">Q</label><input id="q"><p aria-labelledby="e5">…</p>')
    assert html == ('<section class="handbook-print-chapter" id="oraux">\n'
                    '<h2 id="oraux--oraux">Oraux</h2>\n<h3 id="oraux--e5">E5</h3><h6>Note</h6>'
                    '<table><th id="oraux--c1">A</th><td headers="oraux--c1 oraux--c2">x</td></table>'
                    '<label for="oraux--q">Q</label><input id="oraux--q"><p aria-labelledby="oraux--e5">…</p>'
                    '\n</section>')


def test_chapter_links_point_inside_the_printable_page():
    html = chapter("oraux/", '<p><a href="../calendrier/#ecrits" title="x">dates</a> '
                             '<a href="../centres/ozenne/">Ozenne</a> <img src="../assets/a.png" alt=""></p>')
    assert '<a href="#calendrier--ecrits" title="x">' in html
    assert '<a href="../centres/ozenne/">' in html and '<img src="../assets/a.png" alt="">' in html


def test_only_real_tags_are_rewritten():
    # Text, comments and scripts that look like markup, and attributes that merely end in "id" or "href", are kept.
    content = ('<p>Écrire id="x" et href="../calendrier/" dans le texte ; &lt;h2 id="y"&gt;</p>'
               '<!-- <h2 id="z"> --><script>var s = \'<h2 id="w">\';</script>'
               '<a data-id="v" data-href="../calendrier/" href=\'../calendrier/\'>lien</a>')
    assert chapter("oraux/", content) == ('<section class="handbook-print-chapter" id="oraux">\n'
                                          + content.replace("href='../calendrier/'", "href='#calendrier'")
                                          + '\n</section>')


def test_every_other_byte_is_kept():
    # Entities, attribute spacing and unquoted values as the page wrote them.
    content = '<p class=note  title="a &amp; b">&nbsp;&#160;é</p>\n<H2 ID = "t" >T</H2 >'
    assert chapter("oraux/", content).split("\n", 1)[1] == \
        '<p class=note  title="a &amp; b">&nbsp;&#160;é</p>\n<H3 ID = "oraux--t" >T</H3 >\n</section>'

"""Fast tier: a data string reaches a page as text (handbook.render.escape_data), whatever Markdown would read in it."""

from __future__ import annotations

from html import unescape

import markdown
import pytest

from handbook.render import escape_data

pytestmark = pytest.mark.unit

# What a template may put at the start of a line, between blank lines, as docs/resultats.md does: one paragraph.
BLOCKS = {
    "liste": "- liste injectée",
    "liste-plus": "+ liste injectée",
    "liste-numerotee": "2. ordonnée",
    "titre": "# Titre injecté",
    "citation": "> citation injectée",
    "admonition": "!!! danger\n    admonition injectée",
    "soulignement": "Titre injecté\n=============",
    "code-indente": "Avant\n\n    code indenté",
    "filet": "Avant\n\n---\n\nAprès",
    "tableau": "a | b\n--- | ---\nc | d",
    "liste-en-deuxieme-ligne": "Avant\n\n- liste injectée\n- encore",
}


@pytest.mark.parametrize("name", BLOCKS)
def test_a_data_string_at_the_start_of_a_line_is_one_paragraph_of_text(name):
    text = BLOCKS[name]
    html = markdown.markdown(f"Texte de la page.\n\n{escape_data(text)}\n\nSuite.", extensions=["admonition", "tables", "attr_list"])
    assert html.count("<p>") == 3 and all(f"<{tag}" not in html for tag in ("ul", "ol", "h1", "h2", "blockquote", "pre", "hr", "table", "div")), html
    # The words as written, line breaks read as spaces.
    middle = html.split("<p>")[2].split("</p>")[0]
    assert unescape(middle) == " ".join(text.split()), middle


def test_data_without_markdown_is_left_as_it_is():
    assert escape_data("Lycée Berthelot, Toulouse") == "Lycée Berthelot, Toulouse"
    assert escape_data("2022-05-16") == "2022-05-16" and escape_data("14 h – 18 h") == "14 h – 18 h"

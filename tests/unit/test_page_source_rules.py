"""Fast tier: a page of docs/ that MkDocs would misread (handbook/page_source.py), with MkDocs' own reading of a
page's head: each case is named at its line, in French; a page MkDocs reads as staff meant passes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from handbook.page_source import code_problem, page_name, page_problem

pytestmark = pytest.mark.unit

SHOWN = "docs/contacts.md"
BODY = "# Contacts\n\nService des examens de l'académie de {{ session.info.academy }}.\n"


def problem_of(text: str | bytes) -> str | None:
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    problem = page_problem(raw, SHOWN, lambda page: get_data(page)[1])
    return None if problem is None else str(problem)


@pytest.mark.parametrize("text", [
    BODY,
    "---\ntitle: Contacts\n---\n\n" + BODY,
    "---\ntitle: Contacts\nhide: [toc]\n...\n" + BODY,
    "---\r\ntitle: Contacts\r\n---\r\n" + BODY.replace("\n", "\r\n"),
    "\ufeff---\ntitle: Contacts\n---\n" + BODY,
    "\nAttention: une ligne vide la précède, MkDocs la garde.\n",
])
def test_a_page_mkdocs_reads_as_written_passes(text):
    assert problem_of(text) is None


@pytest.mark.parametrize("text, expected", [
    # Saved in Windows' encoding: the first accented letter, at its line and column.
    (("---\ntitle: Contacts\n---\n" + BODY).encode("cp1252"),
     "docs/contacts.md:6:30: (fichier): caractère non UTF-8 (octet 0xE9, fichier enregistré en Latin-1 ou Windows ?)"),
    ("\ufeff".encode("utf-16-le") + BODY.encode("utf-16-le"), "docs/contacts.md:1: (fichier): fichier enregistré en UTF-16"),
    # A head MkDocs cannot read: it would print it in the page, a rule and a heading.
    ("---\ntitle: Accueil : session 2022\n---\n" + BODY,
     "docs/contacts.md:2:16: title: en-tête de la page illisible, MkDocs l'écrirait dans la page ; erreur de syntaxe YAML"),
    ("---\ntitle: Contacts\n" + BODY, "docs/contacts.md:1: (fichier): en-tête ouvert par « --- » et jamais fermé"),
    ("---\n- Contacts\n---\n" + BODY, "docs/contacts.md:2: (fichier): en-tête sans lignes « clé: valeur »"),
    ("---\ntitle: Contacts\n  hide: toc\n---\n" + BODY, "docs/contacts.md:3:7: (fichier): en-tête de la page illisible"),
    # First lines MkDocs takes for a MultiMarkdown head: they vanish from the page.
    ("Attention: les numéros changent.\n" + BODY,
     "docs/contacts.md:1: (fichier): première ligne « Attention: les numéros changent. » lue par MkDocs comme un en-tête caché"),
])
def test_what_mkdocs_would_misread_is_named_at_its_line(text, expected):
    assert (problem_of(text) or "").startswith(expected), problem_of(text)


@pytest.mark.parametrize("text", ["", "\n  \n\t\n", "\ufeff", "---\ntitle: Contacts\n---\n\n", "---\r\ntitle: Contacts\r\n...\r\n"])
def test_a_page_without_text_is_refused(text):
    # An emptied page (« : > docs/contacts.md », an editor's save cut short) was published blank.
    assert problem_of(text) == (
        "docs/contacts.md:1: (fichier): page sans texte (vide, ou seulement son en-tête) : le site la publierait vide — "
        "attendu : son texte, repris de la version précédente (git restore docs/contacts.md) ; ou, si la page doit "
        "disparaître, le fichier supprimé et sa ligne retirée de nav (ou de not_in_nav) dans mkdocs.yml")


def test_a_page_is_named_by_its_docs_folder():
    assert page_name("/home/staff/manuel/docs", "centres/index.md") == "docs/centres/index.md"
    assert page_name("C:\\manuel\\pages\\", "contacts.md") == "pages/contacts.md"



def code_in(markdown: str) -> str | None:
    """What would run code in a page whose Markdown is this, as the build converts it (code_problem reads the HTML)."""
    from rendered_pages import mkdocs_markdown
    problem = code_problem(mkdocs_markdown().convert(markdown), SHOWN, markdown)
    return None if problem is None else str(problem)


@pytest.mark.parametrize("markdown, expected", [
    # A page of docs/ publishes its own scripts nowhere: a link or an attribute that runs code when a reader taps or
    # loads it (data review: both were published as they were written), however it is written (review of the check).
    (BODY + "\n[ici](javascript:alert(1))\n", "docs/contacts.md:5: (fichier): lien « javascript: »"),
    (BODY + '\n<a href="JavaScript:void(0)">ici</a>\n', "docs/contacts.md:5: (fichier): lien « javascript: »"),
    (BODY + '\n<a href = " java\tscript:x">ici</a>\n', "docs/contacts.md: (fichier): lien « javascript: »"),
    (BODY + '\n<a href="&#106;avascript:alert(1)">ici</a>\n', "docs/contacts.md: (fichier): lien « javascript: »"),
    (BODY + '\n<a href="javascript&colon;alert(1)">ici</a>\n', "docs/contacts.md:5: (fichier): lien « javascript: »"),
    (BODY + '\n<a href="data:text/html,<script>alert(1)</script>">ici</a>\n', "docs/contacts.md:5: (fichier): lien « data: »"),
    (BODY + 'Contacts\n{: onclick="alert(1)" }\n', "docs/contacts.md:5: (fichier): attribut « onclick »"),
    (BODY + '\n<img src="x.png" onerror = "alert(1)">\n', "docs/contacts.md:5: (fichier): attribut « onerror »"),
    (BODY + '\n<svg/onload=alert(1)>\n', "docs/contacts.md:5: (fichier): attribut « onload »"),
    (BODY + "\n<script>alert(1)</script>\n", "docs/contacts.md:5: (fichier): élément « <script> »"),
    (BODY + '\n<base href="https://ailleurs.example/">\n', "docs/contacts.md:5: (fichier): élément « <base> »"),
    # Indented in an admonition, as the pages write them: still HTML once converted.
    (BODY + '\n!!! note\n    Voir <img src="x" onerror="alert(1)">\n', "docs/contacts.md:6: (fichier): attribut « onerror »"),
    (BODY + "\n```x``` puis\n\n<script>alert(1)</script>\n", "docs/contacts.md:7: (fichier): élément « <script> »"),
])
def test_a_page_that_would_run_code_in_the_readers_browser_is_refused(markdown, expected):
    said = code_in(markdown)
    assert said and said.startswith(expected), said


@pytest.mark.parametrize("line", ["Le bouton « on » ouvre la page : onze=11, online=\"oui\".", "Voir [les contacts](contacts.md).",
                                  "Sans JavaScript : tout reste affiché.", "Un exemple en code : `<script>`.",
                                  "    <script>affiché, pas lancé</script>", '![plan](data:image/png;base64,iVBORw0KGgo=)',
                                  "Écrire à [l'accueil](mailto:ce.dec@ac-toulouse.fr) ou au [05 36 25 71 28](tel:0536257128)."])
def test_words_and_code_shown_that_only_look_like_code_pass(line):
    assert code_in(BODY + "\n" + line + "\n") is None


def test_the_scripts_a_page_may_hold_are_those_its_macros_write():
    # A list of cards in a page of docs/ is followed by its arranging script (arrange_cards), which Markdown reads there.
    from handbook.page_source import OWN_SCRIPTS
    macros = (Path(__file__).resolve().parents[2] / "templates" / "macros.md.j2").read_text(encoding="utf-8")
    written = set(re.findall(r"\{% macro arrange_cards\(\) %\}<script>(.*?)</script>", macros))
    assert written and written <= OWN_SCRIPTS
    assert code_in(BODY + "\n<p>x</p><script>window.handbookCards && handbookCards()</script>\n") is None
    assert code_in(BODY + '\n<script src="a.js">window.handbookCards && handbookCards()</script>\n')

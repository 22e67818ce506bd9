"""Fast tier: MkDocs' warnings about docs/ and mkdocs.yml in French, with the link's file and line, and its progress lines
(handbook.mkdocs_words, called directly on MkDocs 1.6's own words)."""

from __future__ import annotations

import pytest

from handbook.mkdocs_words import french_progress, french_warning

pytestmark = pytest.mark.unit


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "contacts.md").write_text("# Contacts\n\nTexte.\n\nVoir [x](horaires.md) et [y](ecrits.md#nulle-part).\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("english, french", [
    ("Doc file 'contacts.md' contains a link 'horaires.md', but the target is not found among documentation files.",
     "docs/contacts.md:5 : lien « horaires.md » vers une page introuvable dans docs/ — attendu : le chemin d'un fichier"),
    ("Doc file 'contacts.md' contains a link 'horaires.md', but the target is not found among documentation files. "
     "Did you mean 'horaire.md'?", "docs/contacts.md:5 : lien « horaires.md » vers une page introuvable dans docs/ (voulez-vous dire « horaire.md » ?)"),
    ("Doc file 'contacts.md' contains a link 'ecrits.md#nulle-part', but the doc 'ecrits.md' does not contain an anchor '#nulle-part'.",
     "docs/contacts.md:5 : lien « ecrits.md#nulle-part » : aucun titre de docs/ecrits.md n'a l'ancre « #nulle-part »"),
    ("Doc file 'contacts.md' contains an unrecognized relative link 'horaires', it was left as is.",
     "docs/contacts.md:5 : lien relatif « horaires » non reconnu — attendu"),
    ("A reference to 'horaires.md' is included in the 'nav' configuration, which is not found in the documentation files.",
     "mkdocs.yml : la navigation (nav) nomme « horaires.md », page introuvable dans docs/"),
])
def test_known_warnings_read_in_french_at_their_line(docs, english, french):
    said = french_warning(english, docs)
    assert said.startswith(french), said
    assert "attendu" in said and "par exemple" in said


def test_the_line_is_the_links_own_not_a_line_that_contains_its_text(tmp_path):
    (tmp_path / "p.md").write_text("# P\n\n[agenda](calendrier.md)\n\n[cassé](ier.md)\n", encoding="utf-8")
    said = french_warning("Doc file 'p.md' contains a link 'ier.md', but the target is not found among documentation files.", tmp_path)
    assert said.startswith("docs/p.md:5 : lien « ier.md »"), said


def test_the_same_broken_link_twice_is_named_at_each_of_its_lines(tmp_path):
    # contacts.md deleted: MkDocs warns once per link, and both warnings named the first link's line (staff review).
    (tmp_path / "p.md").write_text("# P\n\n(page [Contacts](contacts.md)).\n\nVoir [Contacts](contacts.md).\n", encoding="utf-8")
    warning = "Doc file 'p.md' contains a link 'contacts.md', but the target is not found among documentation files."
    seen: dict = {}
    said = [french_warning(warning, tmp_path, seen) for _ in range(2)]
    assert [s.split(" : ")[0] for s in said] == ["docs/p.md:3", "docs/p.md:5"], said
    assert french_warning(warning, tmp_path).startswith("docs/p.md:3 ")   # a build of its own counts from the first


def test_a_warning_not_in_the_table_keeps_its_words(docs):
    assert french_warning("Something else happened.", docs) == "Something else happened."


def test_a_generated_page_has_no_line(docs):
    said = french_warning("Doc file 'centres/x.md' contains a link 'y.md', but the target is not found among documentation files.", docs)
    assert said.startswith("docs/centres/x.md : lien « y.md »")


@pytest.mark.parametrize("english, french", [
    ("Error reading page 'contacts.md':", "docs/contacts.md : la page n'a pas pu être construite :"),
    ("Error reading page 'contacts.md': KeyError 'x'", "docs/contacts.md : la page n'a pas pu être construite : KeyError 'x'"),
])
def test_the_line_before_a_pages_error_names_the_page_in_french(docs, english, french):
    assert french_warning(english, docs) == french


@pytest.mark.parametrize("english, french", [
    ("Building documentation...", "Construction du site…"),
    ("Cleaning site directory", "Nettoyage du dossier du site"),
    ("Building documentation to directory: /srv/manuel/site", "Construction du site dans /srv/manuel/site"),
    ("Documentation built in 1.55 seconds", "Site construit en 1,55 s"),
    ("[14:02:11] Watching paths for changes: 'docs', 'mkdocs.yml', 'data'",
     "[14:02:11] Modifications surveillées dans : 'docs', 'mkdocs.yml', 'data'"),
    ("[14:02:11] Serving on http://127.0.0.1:8000/", "[14:02:11] Aperçu sur http://127.0.0.1:8000/ (Ctrl+C pour l'arrêter)"),
    ("[14:02:11] Serving on http://127.0.0.1:8000/ and opening it in a browser",
     "[14:02:11] Aperçu sur http://127.0.0.1:8000/, ouvert dans le navigateur (Ctrl+C pour l'arrêter)"),
    ("[14:03:40] Detected file changes", "[14:03:40] Modification détectée"),
    ("[14:03:42] Reloading browsers", "[14:03:42] Pages ouvertes rechargées"),
    ("[14:03:42] Browser connected: http://127.0.0.1:8000/contacts/",
     "[14:03:42] Page ouverte dans un navigateur : http://127.0.0.1:8000/contacts/"),
    ("Shutting down...", "Arrêt de l'aperçu…"),
])
def test_progress_lines_are_french_with_their_time_of_day(english, french):
    assert french_progress(english) == french


@pytest.mark.parametrize("line", ["Page skipped: 'x.md'. Generated empty output.", "[14:02:11] Something new",
                                  "Serving on http://a/ and more", "Documentation built in a moment"])
def test_a_progress_line_the_table_does_not_know_keeps_mkdocs_words(line):
    assert french_progress(line) == line

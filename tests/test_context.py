"""The build context (hooks/handbook/build.py): created once, the one thing every hook reads."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ROOT, build

from handbook.build import PAGE_FAMILIES, BuildContext, SettingsProblem, accessibility_statement

STATEMENT = {"status": "partiellement conforme", "date": "2026-11-28"}


@pytest.fixture(scope="module")
def built(session) -> BuildContext:
    return BuildContext.create(ROOT, session, accessibility=STATEMENT)


def test_every_entity_page_is_generated_at_the_address_the_model_gives(built, session):
    entities = [*session.centre_list, *session.establishments.establishments, *session.forms]
    assert [page.src_uri for page in built.pages.values()] == [entity.page for entity in entities]
    assert all(built.pages[entity.page].url == entity.url for entity in entities)
    assert built.pages["centres/ozenne.md"].url == "centres/ozenne/"
    assert built.pages["formulaires/engagement-etudiant.md"].title == session.annex("engagement-etudiant").label
    assert {family.variable for family in PAGE_FAMILIES} == {"centre", "establishment", "form"}


def test_every_download_is_one_output_with_a_unique_path(built, session):
    paths = [output.path for output in built.outputs]
    assert len(paths) == len(set(paths))
    assert {"api/2022/calendar.json", "agenda/session.ics", "telechargements/formulaires/e4-fiche-descriptive.pdf"} <= set(paths)
    assert sum(p.startswith("agenda/") for p in paths) == len(list(built.calendars))
    assert sum(p.startswith("telechargements/formulaires/") for p in paths) == 3 * len(session.forms)
    media = {output.path.rsplit(".", 1)[1]: output.media_type for output in built.outputs}
    assert media["ics"] == "text/calendar" and media["json"] == "application/json" and media["pdf"] == "application/pdf"
    feeds = [o.media_type for o in built.outputs if o.path.startswith("flux/") and not o.path.endswith("/sitemap.xml")]
    assert feeds == ["application/atom+xml"] * (1 + len(session.centre_list) + len(session.establishments.establishments))
    assert [o.media_type for o in built.outputs if o.path.endswith("/sitemap.xml")] == ["application/xml"] * 3


def test_templates_see_exactly_the_globals_listed_in_one_place(built):
    names = set(built.renderer.env.globals) - {"range", "dict", "lipsum", "cycler", "joiner", "namespace"}
    assert names == {"session", "calendars", "form_downloads", "unconfirmed", "accessibility",
                     "written_key_date_id", "oral_key_date_id", "history", "feeds"}
    assert built.renderer.render("t.md", "{{ accessibility.date | date_long }}") == "samedi 28 novembre 2026"


@pytest.mark.parametrize("declared, message", [
    ({}, "déclaration d'accessibilité incomplète"),
    ({"status": "conforme", "date": "2026-11-28"}, "« conforme » inconnu"),
    ({"status": "non conforme", "date": "2026-02-30"}, "n'est pas une date — attendu : AAAA-MM-JJ"),
])
def test_a_wrong_accessibility_statement_is_refused_in_french(declared, message):
    with pytest.raises(SettingsProblem, match=re.escape(message)):
        accessibility_statement(declared)


def test_a_date_read_by_yaml_is_kept():
    assert accessibility_statement({"status": "non conforme", "date": dt.date(2026, 1, 5)}).date == dt.date(2026, 1, 5)


def reorder_hooks(project: Path, order) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    block = re.search(r"^hooks:\n((?:  - .*\n)+)", text, flags=re.M)
    lines = block.group(1).splitlines(keepends=True)
    config.write_text(text.replace(block.group(1), "".join(order(lines))), encoding="utf-8")


@pytest.mark.e2e
def test_hooks_work_in_any_order(project, site, tmp_path):
    """The context is created first by priority, not by its place in mkdocs.yml."""
    reorder_hooks(project, lambda lines: list(reversed(lines)))
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "centres/ozenne/index.html", "agenda/session.ics", "api/2022/centres.json"):
        assert (tmp_path / "site" / page).read_bytes() == (site / page).read_bytes(), page


@pytest.mark.e2e
def test_without_the_session_hook_the_build_says_which_hook_is_missing(project, tmp_path):
    reorder_hooks(project, lambda lines: [line for line in lines if "session_model" not in line])
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "contexte du manuel absent : hooks/session_model.py doit figurer dans la liste `hooks:`" in result.stderr
    assert "Traceback" not in result.stderr

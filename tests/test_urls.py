"""A published URL never moves: every URL of tests/published_urls.txt exists in the built site."""

from __future__ import annotations

import pytest
import yaml
from conftest import CIRCULAR_2022, build
from data_edits import break_file
from published import LIST, published, target


def test_no_published_url_disappears(site):
    missing = [url for url in published() if not target(site, url).is_file()]
    assert not missing, f"URL publiées disparues : {missing}"


def test_every_built_page_is_in_the_published_list(site):
    """A new page must be added to the list, so that the list stays the full record of what was published."""
    pages = {"/" + str(p.parent.relative_to(site)).replace(".", "").strip("/") + "/" for p in site.rglob("index.html")}
    pages = {p.replace("//", "/") for p in pages}
    unlisted = sorted(pages - set(published()) - {"/search/"})
    assert not unlisted, f"pages à ajouter à {LIST.name} : {unlisted}"


# Folders of the built site whose files are published URLs too (subscribed calendars, JSON for tools).
PUBLISHED_FILE_FOLDERS = ("agenda", "api", "telechargements")


def test_every_published_download_is_in_the_list(site):
    files = {"/" + str(p.relative_to(site)) for folder in PUBLISHED_FILE_FOLDERS for p in (site / folder).rglob("*") if p.is_file()}
    unlisted = sorted(files - set(published()))
    assert files and not unlisted, f"fichiers à ajouter à {LIST.name} : {unlisted}"


@pytest.mark.e2e
def test_renaming_a_centre_or_an_establishment_keeps_its_url(project, tmp_path):
    data = project / "data" / "2022"
    break_file(data, "centres.yml", "name: Lycée Pierre d'Aragon", "name: Lycée polyvalent Pierre d'Aragon")
    break_file(data, "establishments.yml", "name: PURPLE CAMPUS RODEZ", "name: PURPLE CAMPUS DE RODEZ")
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    assert "Lycée polyvalent Pierre d'Aragon" in (site / "centres" / "pierre-d-aragon" / "index.html").read_text(encoding="utf-8")
    assert "PURPLE CAMPUS DE RODEZ" in (site / "etablissements" / "purple-campus-rodez" / "index.html").read_text(encoding="utf-8")
    assert not [url for url in published() if not target(site, url).is_file()]


def test_ids_that_make_urls_are_declared_in_data():
    """Slugs are declared once in data (never derived from a display name at build time)."""
    root = CIRCULAR_2022
    centres = yaml.safe_load((root / "centres.yml").read_text(encoding="utf-8"))["centres"]
    establishments = yaml.safe_load((root / "establishments.yml").read_text(encoding="utf-8"))["establishments"]
    listed = set(published())
    assert {f"/centres/{c['id']}/" for c in centres} <= listed
    assert {f"/etablissements/{e['id']}/" for e in establishments} <= listed

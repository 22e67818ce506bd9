"""Calendar downloads (.ics): read back from the built site as a calendar app would read them."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin
from zoneinfo import ZoneInfo

import icalendar
import pytest
from conftest import build, copy_project, main_text, page_overflow

from handbook.load import load_session
from handbook.outputs.ics import Calendars

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC


def read(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def events(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


def by_summary(calendar: icalendar.Calendar, *words: str) -> list[icalendar.Event]:
    return [e for e in events(calendar) if all(w in str(e["SUMMARY"]) for w in words)]


def category(event: icalendar.Event) -> str:
    return event["CATEGORIES"].cats[0]


@pytest.fixture(scope="module")
def ics_files(site) -> dict[str, Path]:
    """Every .ics of the built site, by its path under the site root."""
    return {path.relative_to(site).as_posix(): path for path in sorted((site / "agenda").rglob("*.ics"))}


# --- every file ------------------------------------------------------------

# A candidate's own files, per written centre: every language, then each other choice of the three language orals.
LANGUAGE_CHOICES = ["toutes", "e2-anglais", "e2-espagnol", "langues", "e2-anglais--e2-espagnol", "e2-anglais--langues",
                    "e2-espagnol--langues"]


def test_one_file_for_the_session_each_centre_each_establishment_each_exam(ics_files, session):
    expected = {"agenda/session.ics"}
    expected |= {f"agenda/centres/{c.id}.ics" for c in session.centre_list}
    expected |= {f"agenda/etablissements/{e.id}.ics" for e in session.establishments.establishments}
    expected |= {f"agenda/epreuves/{e.id}.ics" for e in session.exams.exams if session.key_dates_for(e.id)}
    written_centres = [w.centre.id for w in session.written_centres]
    expected |= {f"agenda/centres/{c}/{e}.ics" for c in written_centres for e in ("e3", "e1", "e5-ecrit")}
    expected |= {f"agenda/candidats/{c}/{choice}.ics" for c in written_centres for choice in LANGUAGE_CHOICES}
    assert set(ics_files) == expected
    # 14 centres with a role, 35 establishments, 10 exams with a date (counted in the circular); at each of the
    # 12 written centres, 3 written sittings and 7 choices of languages (no line writes at two centres in 2022).
    assert len(ics_files) == 1 + 14 + 35 + 10 + 12 * 3 + 12 * 7


def test_every_file_parses_and_every_event_is_well_formed(ics_files, session):
    stamp = dt.datetime.combine(session.info.published, dt.time(0), UTC)
    for name, path in ics_files.items():
        calendar = read(path)
        assert str(calendar["X-WR-CALNAME"]).startswith("BTS Négociation et Digitalisation de la Relation Client 2022"), name
        assert calendar["NAME"] == calendar["X-WR-CALNAME"]
        assert "session 2022" in str(calendar["X-WR-CALDESC"])
        # Subscribed agendas re-read the file daily, so corrections reach them (RFC 7986 form).
        assert calendar.refresh_interval == dt.timedelta(days=1)
        assert b"REFRESH-INTERVAL;VALUE=DURATION:P1D" in path.read_bytes()
        timed = False
        uids = [str(e["UID"]) for e in events(calendar)]
        assert uids and len(uids) == len(set(uids)), name
        for event in events(calendar):
            start = event["DTSTART"].dt
            assert event["DTSTAMP"].dt == stamp, f"{name}: DTSTAMP vient des données, pas de l'horloge"
            assert str(event["UID"]).startswith("2022-") and str(event["UID"]).endswith(".invalid")
            if isinstance(start, dt.datetime):
                timed = True
                assert event["DTSTART"].params["TZID"] == "Europe/Paris", name
                if "DTEND" in event:
                    assert event["DTEND"].params["TZID"] == "Europe/Paris"
                    assert event["DTEND"].dt > start, f"{name}: {event['SUMMARY']} finit avant de commencer"
            else:
                end = event["DTEND"].dt
                assert not isinstance(end, dt.datetime) and end >= start + dt.timedelta(days=1), \
                    f"{name}: {event['SUMMARY']} : DTEND d'une journée entière est exclusif"
            assert "Source : circulaire académique d'organisation, académie de Toulouse, session 2022." in event["DESCRIPTION"]
        zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
        assert zones == (["Europe/Paris"] if timed else []), name


# The text properties our files hold (RFC 5545 3.3.11 and RFC 7986): in their values ; , and \ are escaped.
TEXT_PROPERTIES = ("NAME", "X-WR-CALNAME", "X-WR-CALDESC", "DESCRIPTION", "SUMMARY", "LOCATION")
UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*[;,]")


def test_every_text_value_escapes_its_separators(ics_files):
    # A calendar's name holds « ; » (« écrits au … ; Anglais, Espagnol »): unescaped, a reader may cut it there.
    names_with_separators = 0
    for name, path in ics_files.items():
        lines = path.read_bytes().decode("utf-8").replace("\r\n ", "").split("\r\n")   # unfolded content lines
        for line in lines:
            prop, _, value = line.partition(":")
            if prop.split(";")[0] in TEXT_PROPERTIES:
                assert not UNESCAPED.search(value), f"{name}: {line}"
                names_with_separators += prop == "NAME" and "\\;" in value
    assert names_with_separators > 0    # the test read such names


def test_session_file_holds_every_key_date_with_its_span(ics_files, session):
    calendar = read(ics_files["agenda/session.ics"])
    found = {str(e["UID"]).split("@")[0]: e for e in events(calendar)}
    assert set(found) == {f"2022-{d.id}" for d in session.key_dates}
    for d in session.key_dates:
        event = found[f"2022-{d.id}"]
        if d.start_time:
            assert event["DTSTART"].dt == dt.datetime.combine(d.start, d.start_time, PARIS)
            if d.end_time:
                assert event["DTEND"].dt == dt.datetime.combine(d.start, d.end_time, PARIS)
        else:
            assert event["DTSTART"].dt == d.start
            assert event["DTEND"].dt == (d.end or d.start) + dt.timedelta(days=1)


# --- facts of the circular, written here independently of data/ ------------

def test_e3_starts_16_may_2022_at_14h_paris_and_ends_at_18h(ics_files):
    for name in ("agenda/session.ics", "agenda/epreuves/e3.ics", "agenda/centres/jean-durroux.ics",
                 "agenda/etablissements/lp-jean-durroux.ics"):
        (e3,) = by_summary(read(ics_files[name]), "écrit", "E3 :")
        assert e3["DTSTART"].dt == dt.datetime(2022, 5, 16, 14, 0, tzinfo=ZoneInfo("Europe/Paris")), name
        assert e3["DTEND"].dt == dt.datetime(2022, 5, 16, 18, 0, tzinfo=ZoneInfo("Europe/Paris")), name
        # Summer time in Paris: 14 h there is 12 h UTC.
        assert e3["DTSTART"].dt.astimezone(UTC) == dt.datetime(2022, 5, 16, 12, 0, tzinfo=UTC)
    raw = ics_files["agenda/session.ics"].read_text(encoding="utf-8")
    assert "DTSTART;TZID=Europe/Paris:20220516T140000" in raw
    assert "DTEND;TZID=Europe/Paris:20220516T180000" in raw
    assert "TZOFFSETTO:+0200" in raw


def test_deadlines_and_windows_as_the_circular_gives_them(ics_files):
    calendar = read(ics_files["agenda/session.ics"])
    (deposit,) = by_summary(calendar, "Dépôt des dossiers")
    assert (deposit["DTSTART"].dt, deposit["DTEND"].dt) == (dt.date(2022, 3, 28), dt.date(2022, 4, 19))
    (closing,) = by_summary(calendar, "Clôture du dépôt")
    assert "avant minuit" in closing["SUMMARY"]
    assert (closing["DTSTART"].dt, closing["DTEND"].dt) == (dt.date(2022, 4, 18), dt.date(2022, 4, 19))
    (livrets,) = by_summary(calendar, "livrets scolaires")
    assert (livrets["DTSTART"].dt, livrets["DTEND"].dt) == (dt.date(2022, 6, 10), dt.date(2022, 6, 11))
    assert livrets["LOCATION"] == "Lycée Berthelot, Toulouse"
    (results,) = by_summary(calendar, "Résultats")
    assert results["DTSTART"].dt == dt.datetime(2022, 7, 1, 14, 0, tzinfo=PARIS)
    assert "DTEND" not in results and "à partir de 14 h" in results["DESCRIPTION"]
    (e4,) = by_summary(calendar, "oral", "E4 :")
    assert (e4["DTSTART"].dt, e4["DTEND"].dt) == (dt.date(2022, 6, 13), dt.date(2022, 6, 18))
    assert e4["LOCATION"] == "Lycée ISSEC Pigier, 8 rue Françoise d'Eaubonne 31200 Toulouse"
    e5 = by_summary(calendar, "oral", "E5 :")
    assert [(e["DTSTART"].dt, e["DTEND"].dt) for e in e5] == [(dt.date(2022, 5, 10), dt.date(2022, 5, 14)),
                                                             (dt.date(2022, 5, 23), dt.date(2022, 5, 26))]
    assert all("quelle période correspond à quel centre" in e["DESCRIPTION"] for e in e5)
    for written in by_summary(calendar, "écrit"):
        assert written["LOCATION"] == "Centre d'écrit selon l'établissement d'origine (voir la convocation)"
        assert "Lycée Jean Durroux : Ferrières sur Ariège, adresse non précisée par la circulaire" in written["DESCRIPTION"]
        assert "indiquée sur la convocation" not in written["DESCRIPTION"]


@pytest.mark.parametrize("centre_id", ["issec-pigier", "pierre-d-aragon"])
def test_centre_files_leave_the_e5_oral_pairing_open(ics_files, centre_id):
    """The circular gives E5 (2ème partie) two periods and two centres without pairing them: no centre file decides."""
    e5 = by_summary(read(ics_files[f"agenda/centres/{centre_id}.ics"]), "oral", "E5 :")
    assert len(e5) == 2
    for event in e5:
        assert "Lycée ISSEC Pigier" in event["LOCATION"] and "Lycée Pierre d'Aragon" in event["LOCATION"]
        assert " ou " in event["LOCATION"]


def test_a_centre_without_town_or_address_says_so(ics_files):
    calendar = read(ics_files["agenda/centres/ozenne.ics"])
    (oral,) = events(calendar)
    assert oral["LOCATION"] == "Lycée Ozenne"
    assert "Lycée Ozenne : commune et adresse non précisées par la circulaire (voir la convocation)" in oral["DESCRIPTION"]
    assert (oral["DTSTART"].dt, oral["DTEND"].dt) == (dt.date(2022, 5, 9), dt.date(2022, 5, 14))


# --- what each file holds ----------------------------------------------------

def test_each_establishment_file_holds_exactly_its_own_centres_writtens(ics_files, session):
    written_centres = {w.centre.name for w in session.written_centres}
    oral_periods = sum(len(o.periods) for o in session.oral_exams)
    for establishment in session.establishments.establishments:
        calendar = read(ics_files[f"agenda/etablissements/{establishment.id}.ics"])
        own = {p.centre.name for p in session.placements_of(establishment.id)}
        writtens = [e for e in events(calendar) if category(e) == "Épreuve écrite"]
        assert len(writtens) == len(session.written_exams), establishment.id
        for event in writtens:
            named = {c for c in written_centres if c in event["LOCATION"]}
            assert named == own, f"{establishment.id}: {event['LOCATION']}"
        # Every oral, the deposit and the results concern its candidates too; the livrets are a school's to send,
        # and the centres' material goes to the centres: neither is in the file of individual candidates.
        assert len([e for e in events(calendar) if category(e) == "Épreuve orale"]) == oral_periods
        for words in (("Dépôt des dossiers",), ("Clôture du dépôt",), ("Résultats",)):
            assert len(by_summary(calendar, *words)) == 1, (establishment.id, words)
        assert len(by_summary(calendar, "livrets scolaires")) == (0 if establishment.individual else 1), establishment.id
        assert not by_summary(calendar, "matériel centre"), establishment.id


def test_establishment_files_literally(ics_files):
    durroux = read(ics_files["agenda/etablissements/lp-jean-durroux.ics"])
    writtens = [e for e in events(durroux) if category(e) == "Épreuve écrite"]
    assert [e["DTSTART"].dt.date() for e in writtens] == [dt.date(2022, 5, 16), dt.date(2022, 5, 17), dt.date(2022, 5, 18)]
    assert {e["LOCATION"] for e in writtens} == {"Lycée Jean Durroux, Ferrières sur Ariège"}
    assert str(durroux["X-WR-CALNAME"]).endswith("– LP JEAN DURROUX")
    pigier = read(ics_files["agenda/etablissements/ltp-issec-pigier.ics"])
    assert {e["LOCATION"] for e in events(pigier) if category(e) == "Épreuve écrite"} == \
        {"Lycée ISSEC Pigier, 8 rue Françoise d'Eaubonne 31200 Toulouse"}


def test_each_centre_file_holds_what_happens_there(ics_files, session):
    for centre in session.centre_list:
        calendar = read(ics_files[f"agenda/centres/{centre.id}.ics"])
        assert events(calendar), centre.id
        for event in events(calendar):
            assert centre.name in str(event["LOCATION"]), (centre.id, event["LOCATION"])
    durroux = read(ics_files["agenda/centres/jean-durroux.ics"])
    assert [category(e) for e in events(durroux)] == ["Épreuve écrite"] * 3
    pigier = read(ics_files["agenda/centres/issec-pigier.ics"])
    assert [str(e["SUMMARY"]).split(" : ")[0] for e in events(pigier)] == \
        ["BTS oral – E5", "BTS écrit – E3", "BTS écrit – E1", "BTS écrit – E5", "BTS oral – E5", "BTS oral – E4"]
    berthelot = read(ics_files["agenda/centres/berthelot.ics"])
    assert by_summary(berthelot, "livrets scolaires")


def test_each_exam_file_holds_its_sittings_and_its_dossier_deadlines(ics_files):
    e4 = read(ics_files["agenda/epreuves/e4.ics"])
    assert [category(e) for e in events(e4)] == ["Période", "Échéance", "Épreuve orale"]
    e3 = read(ics_files["agenda/epreuves/e3.ics"])
    assert [str(e["SUMMARY"]) for e in events(e3)] == ["BTS écrit – E3 : Culture économique, juridique et managériale"]
    ef2 = read(ics_files["agenda/epreuves/ef2.ics"])
    assert [category(e) for e in events(ef2)] == ["Période", "Échéance"]


def test_an_establishment_split_between_two_centres_sees_both(tmp_path):
    data = Path(copy_project(tmp_path / "p") / "data" / "2022")
    centres = data / "centres.yml"
    text = centres.read_text(encoding="utf-8")
    # Move "EAD 31" (3 candidates) from Pierre d'Aragon to ISSEC Pigier, totals kept right.
    text = text.replace("      - {establishment: individuels-ead-dept-31, label: EAD 31, candidates: 3}\n", "")
    text = text.replace("  - centre: issec-pigier\n    candidates: 114\n    origins:\n",
                        "  - centre: issec-pigier\n    candidates: 117\n    origins:\n"
                        "      - {establishment: individuels-ead-dept-31, label: EAD 31, candidates: 3}\n")
    text = text.replace("  - centre: pierre-d-aragon\n    candidates: 94\n", "  - centre: pierre-d-aragon\n    candidates: 91\n")
    centres.write_text(text, encoding="utf-8")
    calendars = Calendars(load_session(data))
    calendar = icalendar.Calendar.from_ical(calendars.ical(calendars.establishments["individuels-ead-dept-31"]))
    writtens = [e for e in events(calendar) if category(e) == "Épreuve écrite"]
    assert len(writtens) == 3
    for event in writtens:
        assert "Lycée ISSEC Pigier" in event["LOCATION"] and "Lycée Pierre d'Aragon" in event["LOCATION"]
        assert "(voir la convocation)" in event["LOCATION"] and "selon l'établissement" not in event["LOCATION"]


# --- reproducible, and reachable from the pages -------------------------------

# Every folder of downloads: calendars, forms (PDF, ODT, DOCX: zip containers carry dates), JSON.
DOWNLOAD_FOLDERS = ("agenda", "telechargements", "api")


@pytest.mark.e2e
def test_two_builds_give_identical_downloads(site, tmp_path, monkeypatch):
    # Another folder, another moment, another machine time zone: no downloaded byte may move.
    project = copy_project(tmp_path / "again")
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr

    def downloads(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes()
                for folder in DOWNLOAD_FOLDERS for p in (root / folder).rglob("*") if p.is_file()}

    first, again = downloads(site), downloads(tmp_path / "site")
    assert set(first) == set(again) and any(name.endswith(".docx") for name in first)
    assert not [name for name in first if first[name] != again[name]]


HREF = re.compile(r'href="([^"]+\.ics)"')


# A link that follows the boxes ticked on the page: its base (to the site root) and its files by choice.
CHOICE_LINK = re.compile(r'data-choice-base="([^"]*)" data-choice-files="([^"]+)"')


def test_links_on_the_pages_reach_existing_files(site, session):
    """Every calendar file is offered by some page (a link, or a choice of languages), and every offer exists."""
    linked: set[str] = set()
    for page in site.rglob("*.html"):
        page_url = page.relative_to(site).as_posix()
        raw = page.read_text(encoding="utf-8")
        hrefs = HREF.findall(raw)
        for base, files in CHOICE_LINK.findall(raw):
            hrefs += [base + path for path in json.loads(html.unescape(files)).values()]
        for href in hrefs:
            target = unquote(urljoin(page_url, html.unescape(href)))
            assert (site / target).is_file(), f"{page_url} → {href}"
            linked.add(target)
    expected = {"agenda/session.ics"} | {f"agenda/centres/{c.id}.ics" for c in session.centre_list}
    expected |= {f"agenda/etablissements/{e.id}.ics" for e in session.establishments.establishments}
    expected |= {p.relative_to(site).as_posix() for p in (site / "agenda").rglob("*.ics")}
    assert linked == expected


@pytest.mark.parametrize("page, target", [
    ("calendrier/index.html", "agenda/session.ics"),
    ("centres/ozenne/index.html", "agenda/centres/ozenne.ics"),
    ("etablissements/lp-jean-durroux/index.html", "agenda/etablissements/lp-jean-durroux.ics"),
    ("ecrits/index.html", "agenda/epreuves/e3.ics"),
    ("oraux/index.html", "agenda/epreuves/e4.ics"),
    ("dossiers/index.html", "agenda/epreuves/ef2.ics"),
])
def test_pages_offer_their_calendar(site, page, target):
    raw = (site / page).read_text(encoding="utf-8")
    targets = {unquote(urljoin(page, href)) for href in HREF.findall(raw)}
    assert target in targets
    if page.startswith(("calendrier", "centres")):
        assert "Ajouter à mon agenda" in main_text(site / page)
    if page.startswith("etablissements"):   # not « mon agenda »: a candidate would take it for theirs
        text = main_text(site / page)
        assert "Ajouter l'agenda de l'établissement" in text and "Ajouter à mon agenda" not in text
        assert text.count("Ajouter mes épreuves à mon agenda") == 1


def test_calendar_page_explains_subscribing_without_a_known_address(site):
    text = main_text(site / "calendrier/index.html")
    for fact in ("Ajouter les dates à mon agenda", "S'abonner", "dépend de l'endroit où ce manuel est publié",
                 "Ajouter un calendrier avec abonnement", "À partir de l'URL", "heure de Paris"):
        assert fact in text
    assert "webcal://" not in text


@pytest.mark.e2e
def test_with_a_site_url_links_are_absolute_and_uids_unchanged(tmp_path, ics_files):
    project = copy_project(tmp_path / "published")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nsite_url: https://exemple.invalid/bts/\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    text = main_text(tmp_path / "site" / "calendrier" / "index.html")
    assert "https://exemple.invalid/bts/agenda/session.ics" in text
    raw = (tmp_path / "site" / "calendrier" / "index.html").read_text(encoding="utf-8")
    assert 'href="webcal://exemple.invalid/bts/agenda/session.ics"' in raw
    published = icalendar.Calendar.from_ical((tmp_path / "site" / "agenda" / "session.ics").read_bytes())
    (e3,) = by_summary(published, "écrit", "E3 :")
    assert "Détails : https://exemple.invalid/bts/ecrits/" in e3["DESCRIPTION"]
    assert str(e3["URL"]) == "https://exemple.invalid/bts/ecrits/"
    assert str(published["SOURCE"]) == "https://exemple.invalid/bts/agenda/session.ics"
    local = read(ics_files["agenda/session.ics"])
    assert [str(e["UID"]) for e in events(published)] == [str(e["UID"]) for e in events(local)]


# --- in Chromium, as a candidate on a phone or a desktop ----------------------

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("name, viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_centre_page_button_downloads_its_calendar(browser, site_url, screenshot, name, viewport):
    page = browser.new_page(viewport=viewport, accept_downloads=True)
    page.goto(site_url + "centres/borde-basse/")
    button = page.get_by_role("link", name="Ajouter à mon agenda")
    assert button.is_visible()
    overflow = page_overflow(page)
    assert overflow <= 0
    screenshot(page, f"agenda-centre-{name}")
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == "borde-basse.ics"
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    assert [category(e) for e in events(calendar)] == ["Épreuve écrite"] * 3 + ["Épreuve orale"]
    (e6,) = by_summary(calendar, "oral", "E6 :")
    assert (e6["DTSTART"].dt, e6["DTEND"].dt) == (dt.date(2022, 6, 20), dt.date(2022, 6, 25))
    assert e6["LOCATION"] == "Lycée Borde-Basse, Rue comte Emmanuel de las cases 81100 Castres"
    page.close()


@pytest.mark.parametrize("name, viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_calendar_page_subscription_section(browser, site_url, screenshot, name, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(site_url + "calendrier/#agenda")
    section = page.locator("#agenda")
    assert section.is_visible()
    # The section from its heading to the next h2 (or the end of the article): what a reader scrolls through.
    box = page.evaluate("""() => { const h = document.getElementById('agenda'); let end = h.nextElementSibling;
        while (end && end.tagName !== 'H2') end = end.nextElementSibling;
        const top = h.getBoundingClientRect().top + scrollY;
        const bottom = end ? end.getBoundingClientRect().top : h.closest('article').getBoundingClientRect().bottom;
        return {top, bottom: bottom + scrollY}; }""")
    screenshot(page, f"agenda-calendrier-{name}", full_page=True,
               clip={"x": 0, "y": box["top"] - 60, "width": viewport["width"], "height": box["bottom"] - box["top"] + 60})
    link = page.get_by_role("link", name="E3 : Culture économique, juridique et managériale (agenda .ics)")
    assert link.get_attribute("href").endswith("agenda/epreuves/e3.ics")
    page.close()


@pytest.mark.parametrize("page", ["oraux/", "ecrits/", "etablissements/lgt-marcelin-berthelot/"])
def test_a_cards_calendar_link_says_how_many_dates_its_file_holds(site, page):
    # « Ajouter cette épreuve à mon agenda » on a card of one period gives the exam's whole file: when it holds more
    # than that date (the other period, the dossier's deposit), the link says how many, and how many are no sitting
    # (« 3 dates » on a card of one period puzzled a reader: two were the dossier's deposit and its closing).
    raw = (site / page / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+\.ics)" type="text/calendar"[^>]*>Ajouter cette épreuve à mon agenda '
                       r'<span class="handbook-card__file">\(([^)]*)\)</span></a>', raw)
    assert links, page
    for href, said in links:
        events = icalendar.Calendar.from_ical((site / page / unquote(href)).resolve().read_bytes()).walk("VEVENT")
        deadlines = sum(1 for e in events if str(e.get("CATEGORIES").cats[0]) in ("Période", "Échéance"))
        expected = (f"{len(events)} dates" + (f", dont {deadlines} échéance{'s' if deadlines > 1 else ''}" if deadlines else "")
                    + ", .ics") if len(events) > 1 else ".ics"
        assert said == expected, (href, said, len(events))
    assert page != "oraux/" or any("dont 2 échéances" in said for _, said in links)

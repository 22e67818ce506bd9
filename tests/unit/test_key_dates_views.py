"""Fast tier: the per-centre, per-establishment and per-exam views of the key dates, on the real 2022 session."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

pytestmark = pytest.mark.unit


def ids(dates) -> list[str]:
    return [d.id for d in dates]


def centres(dates, key_id: str) -> tuple[str, ...]:
    return next(tuple(c.id for c in d.centres) for d in dates if d.id == key_id)


def test_key_dates_are_in_date_order(session):
    starts = [d.start for d in session.key_dates]
    assert starts == sorted(starts)


def test_a_written_centre_sees_its_writtens_there_alone(session):
    at = session.key_dates_at("jean-durroux")
    assert ids(at) == ["ecrit-e3", "ecrit-e1", "ecrit-e5-ecrit"]
    assert all(centres(at, key) == ("jean-durroux",) for key in ids(at))


def test_unpaired_oral_periods_keep_every_centre(session):
    # E5 oral: two periods, two centres, and the circular does not say which goes where.
    at = session.key_dates_at("pierre-d-aragon")
    assert ids(at) == ["oral-e5-oral-1", "ecrit-e3", "ecrit-e1", "ecrit-e5-ecrit", "oral-e5-oral-2"]
    assert centres(at, "oral-e5-oral-1") == centres(at, "oral-e5-oral-2") == ("issec-pigier", "pierre-d-aragon")
    assert centres(at, "ecrit-e1") == ("pierre-d-aragon",)


def test_a_paired_oral_is_located_at_the_centre_alone(session):
    # Languages: one period at two centres, pairing given: each centre's view names itself only.
    assert centres(session.key_dates_at("ozenne"), "oral-langues-1") == ("ozenne",)
    assert centres(session.key_dates_at("sainte-marie-de-st-sernin"), "oral-langues-1") == ("sainte-marie-de-st-sernin",)
    assert centres(session.key_dates_at("issec-pigier"), "oral-e4-1") == ("issec-pigier",)


def test_the_livrets_centre_sees_the_livrets_deadline(session):
    at = session.key_dates_at("berthelot")
    assert "livrets" in ids(at) and centres(at, "livrets") == ("berthelot",)
    assert "livrets" not in ids(session.key_dates_at("issec-pigier"))


# The one date that is the exam centres' alone: the anonymity labels sent to them (operations.yml concerns).
CENTRES_ONLY = ["operation-materiel-centre"]


def test_an_establishment_sees_its_writtens_at_its_own_centre_and_every_other_date(session):
    of = session.key_dates_of("lp-jean-durroux")
    # Every oral, deadline and operation concerns its candidates or the school, except what is sent to the centres.
    assert ids(of) == [key for key in ids(session.key_dates) if key not in CENTRES_ONLY]
    assert all(centres(of, key) == ("jean-durroux",) for key in ("ecrit-e3", "ecrit-e1", "ecrit-e5-ecrit"))
    whole = {d.id: d for d in session.key_dates}
    assert all(d == whole[d.id] for d in of if d.kind != "ecrit")  # orals keep all their centres


def test_a_line_of_individual_candidates_has_no_school_deadline(session):
    of = ids(session.key_dates_of("individuels-dept-82"))
    assert "livrets" not in of and "operation-materiel-centre" not in of
    assert {"depot-dossiers", "depot-dossiers-cloture", "operation-convocations", "resultats", "ecrit-e3"} <= set(of)


def test_an_establishment_placed_nowhere_has_no_written_date(session):
    of = session.key_dates_of("etablissement-absent")
    assert ids(of) == [d.id for d in session.key_dates if d.kind != "ecrit" and d.id not in CENTRES_ONLY]


def test_a_candidate_file_keeps_the_languages_chosen(session):
    centres_ = session.written_centres_of("lgt-marcelin-berthelot")
    chosen = ids(session.candidate_key_dates(centres_, ("e2-anglais",)))
    assert "oral-e2-anglais-1" in chosen and "oral-e2-espagnol-1" not in chosen and "oral-langues-1" not in chosen
    assert {"oral-e4-1", "oral-e6-1", "oral-e5-oral-1", "ecrit-e3", "resultats"} <= set(chosen)
    assert "livrets" not in chosen   # a school's deadline, not a candidate's
    assert session.option_sets[0] == ("e2-anglais", "e2-espagnol", "langues") and len(session.option_sets) == 7


@pytest.mark.parametrize("exam_id, expected", [
    ("e4", ["depot-dossiers", "depot-dossiers-cloture", "oral-e4-1"]),   # the deposit serves the dossier exams
    ("ef2", ["depot-dossiers", "depot-dossiers-cloture"]),
    ("e3", ["ecrit-e3"]),
    ("e5-oral", ["oral-e5-oral-1", "oral-e5-oral-2"]),
    ("langues", ["oral-langues-1"]),
])
def test_key_dates_for_an_exam(session, exam_id, expected):
    assert ids(session.key_dates_for(exam_id)) == expected


def test_a_card_draws_few_centres_and_links_to_many(session):
    """An establishment's page stays small at national scale: beyond a few centres, a card links to the list."""
    from dataclasses import replace

    from handbook.model import CENTRES_DRAWN_AT_MOST
    e5 = next(d for d in session.key_dates if d.id == "oral-e5-oral-1")
    assert len(e5.centres_drawn) == 2
    many = replace(e5, centres=tuple(session.centre_list[:CENTRES_DRAWN_AT_MOST + 1]))
    assert many.centres_drawn == ()
    assert len(replace(e5, centres=tuple(session.centre_list[:CENTRES_DRAWN_AT_MOST])).centres_drawn) == CENTRES_DRAWN_AT_MOST


def test_the_centres_a_candidate_keeps_are_those_the_cards_draw_written_first(session):
    # "Garder pour le jour de l'examen": the written centre first, then each oral centre once, in date order.
    kept = [c.id for c in session.candidate_centres("lgt-marcelin-berthelot")]
    assert kept[0] == "berthelot" and len(kept) == len(set(kept))
    drawn = {c.id for d in session.candidate_sittings("lgt-marcelin-berthelot") for c in d.centres_drawn}
    assert set(kept) == drawn | {"berthelot"}
    assert {"ozenne", "issec-pigier", "pierre-d-aragon"} <= set(kept)


def test_a_candidate_keeps_no_centre_of_an_oral_held_in_too_many_centres(synthetic):
    # The synthetic session holds orals in many centres: their cards link to the list, and their centres are not kept.
    line = synthetic.establishments.establishments[0]
    sittings = synthetic.candidate_sittings(line.id)
    widely = {c.id for d in sittings if not d.centres_drawn for c in d.centres}
    drawn = {c.id for d in sittings for c in d.centres_drawn} | {c.id for c in synthetic.written_centres_of(line.id)}
    assert widely - drawn   # such centres exist: the test can fail
    kept = {c.id for c in synthetic.candidate_centres(line.id)}
    assert kept == drawn


def test_a_late_candidates_last_time_in_stays_within_the_exam_and_its_day(session):
    # « dans la limite de la première heure »: 14 h → 15 h; never after the exam's end nor past midnight (diff review).
    e3 = next(d for d in session.key_dates if d.id == "ecrit-e3")
    assert session.late_entry_until(e3) == dt.time(15, 0)
    assert session.late_entry_until(dataclasses.replace(e3, end_time=dt.time(14, 45))) is None
    assert session.late_entry_until(dataclasses.replace(e3, end_time=dt.time(15, 0))) is None
    assert session.late_entry_until(dataclasses.replace(e3, start_time=dt.time(23, 30), end_time=None)) is None
    assert session.late_entry_until(next(d for d in session.key_dates if d.kind == "oral")) is None

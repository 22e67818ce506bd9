"""Fast tier: the session's lookups by centre and establishment (indexes built once) give what a scan of
every written centre, oral exam and key date gives, on the real 2022 session and on a synthetic one
where centres write for several establishments, lines are split over two centres and orals have many centres."""

from __future__ import annotations

from dataclasses import replace

import pytest
from data_edits import edited, index_of

pytestmark = pytest.mark.unit


@pytest.fixture(params=["2022", "synthetique"])
def any_session(request, session, synthetic):
    return session if request.param == "2022" else synthetic


# What each lookup meant when it scanned everything: the reference the indexes must agree with.

def scanned_placements(session, establishment_id):
    return [p for w in session.written_centres for p in w.placements if p.establishment.id == establishment_id]


def scanned_key_dates_at(session, centre_id):
    return [d if d.pairing_unspecified else replace(d, centres=tuple(c for c in d.centres if c.id == centre_id))
            for d in session.key_dates if any(c.id == centre_id for c in d.centres)]


def test_the_synthetic_session_exercises_what_the_indexes_index(synthetic):
    assert any(len(synthetic.placements_of(e.id)) > 1 for e in synthetic.establishments.establishments)
    assert any(len(w.placements) > 5 for w in synthetic.written_centres)
    assert any(len(o.centres) > 3 for o in synthetic.oral_exams)


def test_placements_of_each_establishment(any_session):
    for e in any_session.establishments.establishments:
        assert any_session.placements_of(e.id) == scanned_placements(any_session, e.id)
    assert any_session.placements_of("etablissement-absent") == []


def test_written_centre_and_orals_of_each_centre(any_session):
    for c in any_session.centres.centres:
        assert any_session.written_centre(c.id) == next((w for w in any_session.written_centres if w.centre.id == c.id), None)
        assert any_session.orals_at(c.id) == [o for o in any_session.oral_exams if any(x.id == c.id for x in o.centres)]


def test_key_dates_of_each_centre(any_session):
    for c in any_session.centres.centres:
        assert any_session.key_dates_at(c.id) == scanned_key_dates_at(any_session, c.id)


def test_a_date_located_at_an_establishment_s_centres(any_session):
    # What key_dates_of and the candidates' calendars do to each written sitting: keep the line's own centres.
    for e in any_session.establishments.establishments:
        own = {p.centre.id for p in scanned_placements(any_session, e.id)}
        for d in any_session.key_dates:
            assert any_session.located(d, own) == replace(d, centres=tuple(c for c in d.centres if c.id in own))
    assert any_session.located(any_session.key_dates[0], set()).centres == ()


def test_a_lookup_hands_out_a_copy(session):
    # A caller that edits the list it got must not change what the next caller gets.
    first = session.placements_of("lp-jean-durroux")
    first.clear()
    assert session.placements_of("lp-jean-durroux")


def test_the_finders_example_is_the_largest_distance_line_first_in_the_table(any_session):
    lines = any_session.establishments.establishments
    individual = [e for e in lines if e.individual]
    example = any_session.largest_individual_line
    assert example in individual and example.candidates == max(e.candidates for e in individual)
    assert example == next(e for e in individual if e.candidates == example.candidates)   # the first on a tie
    # Two lines as large, the second of the table made the largest: it is the example; no such line: none.
    tie = [e.model_copy(update={"candidates": example.candidates + 1}) if e.individual and e != example else e
           for e in lines]
    tied = replace(any_session, establishments=any_session.establishments.model_copy(update={"establishments": tie}))
    assert tied.largest_individual_line == next(e for e in tie if e.individual and e.id != example.id)
    schools = [e for e in lines if not e.individual]
    alone = replace(any_session, establishments=any_session.establishments.model_copy(update={"establishments": schools}))
    assert alone.largest_individual_line is None


def test_the_dossiers_forms_are_listed_once_each_even_when_an_annex_concerns_several_exams(session):
    assert [f.annex for f in session.dossier_forms] == [a.id for a in session.annexes.annexes if a.exams][:3]
    # Annex 2 concerning E6 too: listed once, in its first exam's place, not once per exam.
    e4 = next(a.id for a in session.annexes.annexes if a.exams == ["e4"])
    both = edited(session, "annexes.yml", (("annexes", index_of(session.annexes.annexes, id=e4), "exams"), ["e4", "e6"]))
    assert [f.annex for f in both.dossier_forms] == [f.annex for f in session.dossier_forms]
    assert len({f.annex for f in both.dossier_forms}) == len(both.dossier_forms)

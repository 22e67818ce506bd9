"""Fast tier: a value and the circular's text that states it (checks.QUOTED_FACTS) — refused only when the text
states, in a form it can read, other values than this one; never a crash on an impossible date."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from handbook.checks import QUOTED_FACTS, _Files, quoted_fact

pytestmark = pytest.mark.unit

RULES = {rule.part: rule for rule in QUOTED_FACTS if rule.each is None}   # a value of the file itself


def problems(session, part: str, value, text: str) -> list[str]:
    rule = RULES[part]
    record = getattr(session, part).model_copy(update={rule.value: value, rule.text: text})
    return [str(p) for p in quoted_fact(rule, replace(session, **{part: record}), _Files("data/2022"))]


@pytest.mark.parametrize("part, value, text", [
    ("internships", 4, "le seuil dérogatoire minimal de 4 semaines de stage"),
    ("internships", 4, "entre 4 et 6 semaines de stage"),
    ("internships", 4, "le seuil minimal de quatre semaines"),              # no number it can read: not refused
    ("archiving", 5, "à conserver pendant 5 ans puis à renvoyer"),
    ("livrets", dt.date(2022, 6, 10), "pour le 10 juin 2022."),
    ("livrets", dt.date(2022, 6, 10), "pour le vendredi 10 juin."),           # no year: the session's
    ("livrets", dt.date(2022, 7, 1), "pour le 1er juillet 2022."),
    ("livrets", dt.date(2022, 7, 1), "pour le 1 juillet 2022."),
    ("livrets", dt.date(2022, 7, 1), "pour le premier juillet 2022."),
    ("livrets", dt.date(2022, 6, 30), "pour le 31 juin 2022."),              # an impossible date is no date it states
    ("livrets", dt.date(2021, 12, 15), "avant le 15 décembre."),            # no year: the day and the month agree
])
def test_a_value_the_text_states_or_cannot_be_read_for_passes(session, part, value, text):
    assert problems(session, part, value, text) == []


@pytest.mark.parametrize("part, value, text, says", [
    ("internships", 40, "le seuil dérogatoire minimal de 4 semaines de stage", "minimum_weeks vaut 40, mais le texte de la "
                                                                              "circulaire (text) dit 4"),
    ("internships", 4, "le seuil minimal de 14 semaines", "dit 14"),          # « 4 » inside « 14 » is not 4
    ("archiving", 5, "à conserver pendant 15 ans", "retention_years vaut 5, mais le texte de la circulaire (diplomas) dit 15"),
    ("livrets", dt.date(2022, 6, 9), "pour le 10 juin 2022.", "deadline vaut 2022-06-09, mais le texte de la circulaire "
                                                               "(sending) dit 2022-06-10"),
    ("livrets", dt.date(2022, 6, 9), "pour le vendredi 10 juin.", "dit 10 juin (sans année) — attendu : la même valeur "
                                                                  "aux deux endroits, par exemple deadline: 2022-06-10"),
])
def test_a_value_the_text_contradicts_is_named_at_the_value(session, part, value, text, says):
    found = problems(session, part, value, text)
    assert len(found) == 1 and says in found[0] and "attendu : la même valeur aux deux endroits" in found[0], found


def operation_problems(session, dates: dict, planned: str) -> list[str]:
    """The problems of both operations rules once the convocations' operation has these dates and this printed text."""
    operations = session.operations
    edited = [op.model_copy(update={**dates, "planned": planned}) if op.id == "convocations" else op for op in operations.operations]
    edited_session = replace(session, operations=operations.model_copy(update={"operations": edited}))
    return [str(p) for rule in QUOTED_FACTS if rule.part == "operations" for p in quoted_fact(rule, edited_session, _Files("data/2022"))]


@pytest.mark.parametrize("dates, planned", [
    ({"from_": dt.date(2022, 4, 11), "to": dt.date(2022, 4, 15)}, "Semaine du 11 au 15 avril 2022"),
    ({"from_": dt.date(2022, 4, 11), "to": dt.date(2022, 4, 15)}, "Du 11 au 15 avril 2022"),               # a capital
    ({"from_": dt.date(2022, 4, 11), "to": dt.date(2022, 4, 15)}, "du lundi 11 au vendredi 15 avril 2022"),  # weekdays
    ({"from_": dt.date(2022, 4, 11), "to": dt.date(2022, 4, 12)}, "les 11 et 12 avril 2022"),
    ({"from_": dt.date(2022, 4, 11), "to": None}, "A partir du 11 avril (une communication sera effectuée ultérieurement)"),
    ({"from_": dt.date(2022, 3, 28), "to": dt.date(2022, 4, 1)}, "du 28 mars au 1er avril 2022"),
    ({"from_": dt.date(2022, 5, 2), "to": dt.date(2022, 5, 6)}, "entre le 2 et le 6 mai"),
    ({"from_": dt.date(2022, 12, 28), "to": dt.date(2023, 1, 3)}, "du 28 décembre 2022 au 3 janvier 2023"),  # two years
    ({"from_": dt.date(2022, 4, 11), "to": dt.date(2022, 4, 15)}, "Semaine 15, voir la note"),   # no date to read
    ({"from_": None, "to": None}, "A partir du mois de février"),
])
def test_operation_dates_the_printed_text_states_pass(session, dates, planned):
    assert operation_problems(session, dates, planned) == []


@pytest.mark.parametrize("dates, planned, says", [
    ({"from_": dt.date(2022, 4, 12), "to": dt.date(2022, 4, 15)}, "Semaine du 11 au 15 avril 2022",
     "data/2022/operations.yml: operations[1].from: operations[1].from vaut 2022-04-12, mais le texte de la circulaire "
     "(operations[1].planned) dit du 2022-04-11 au 2022-04-15, qui commence le 2022-04-11 — attendu : la même valeur aux "
     "deux endroits, par exemple from: 2022-04-11"),
    ({"from_": dt.date(2022, 4, 11), "to": dt.date(2022, 4, 25)}, "Semaine du 11 au 15 avril 2022",
     "operations[1].to vaut 2022-04-25, mais le texte de la circulaire (operations[1].planned) dit du 2022-04-11 au "
     "2022-04-15, qui finit le 2022-04-15 — attendu : la même valeur aux deux endroits, par exemple to: 2022-04-15"),
    # A day of the period, but not its first: the site would show a period the text does not.
    ({"from_": dt.date(2022, 4, 15), "to": dt.date(2022, 4, 15)}, "Semaine du 11 au 15 avril 2022",
     "operations[1].from vaut 2022-04-15, mais le texte de la circulaire (operations[1].planned) dit du 2022-04-11 au "
     "2022-04-15, qui commence le 2022-04-11"),
    ({"from_": dt.date(2022, 11, 11), "to": dt.date(2023, 1, 3)}, "Du lundi 11 au vendredi 15 avril 2022",
     "par exemple from: 2022-04-11"),
    ({"from_": dt.date(2023, 1, 3), "to": dt.date(2023, 1, 3)}, "du 28 décembre 2022 au 3 janvier 2023",
     "dit du 2022-12-28 au 2023-01-03, qui commence le 2022-12-28 — attendu : la même valeur aux deux endroits, par "
     "exemple from: 2022-12-28"),
])
def test_operation_dates_the_printed_text_contradicts_are_named_at_the_date(session, dates, planned, says):
    found = operation_problems(session, dates, planned)
    assert any(says in problem for problem in found), found


def test_a_text_left_from_the_previous_session_is_the_one_to_update(session):
    # A 2023 draft whose dates moved and whose text still says 2022: the example set the 2023 date back to 2022.
    drafted = replace(session, info=session.info.model_copy(update={"year": 2023}))
    found = operation_problems(drafted, {"from_": dt.date(2023, 4, 10), "to": dt.date(2023, 4, 14)}, "Semaine du 11 au 15 avril 2022")
    assert found and all("mis à jour pour la session 2023 (ses dates sont de 2022)" in problem for problem in found), found
    assert not any("par exemple from: 2022" in problem for problem in found), found


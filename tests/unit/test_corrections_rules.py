"""Fast tier: corrections.yml applied to the data (each slip fixed once, or a located problem), on the real 2022 session."""

from __future__ import annotations

import pytest

from handbook.corrections import apply_corrections, facts, meaning_change
from handbook.model import SESSION_FILES, Correction, CorrectionsFile

pytestmark = pytest.mark.unit


def parts_with(session, *corrections: Correction) -> dict:
    """The session's validated files, as the loader holds them, with the given corrections in place of its own."""
    parts = {attribute: session.part(name) for name, (attribute, _) in SESSION_FILES.items()}
    parts["corrections"] = CorrectionsFile(corrections=list(corrections))
    return parts


def fix(file: str, field: str, before: str, after: str) -> Correction:
    return Correction(file=file, field=field, before=before, after=after, why="règle")


def test_a_correction_changes_its_words_and_nothing_else(session):
    parts = parts_with(session, fix("operations.yml", "operations[3].planned", "(une communication", "(une COMMUNICATION"))
    problems, changed = apply_corrections(parts, "data/2022")
    assert problems == []
    planned = parts["operations"].operations[3].planned
    assert planned == session.operations.operations[3].planned.replace("(une communication", "(une COMMUNICATION")
    assert parts["operations"].operations[3].from_ == session.operations.operations[3].from_   # dates kept
    assert [(t.file, t.field, t.original, t.shown) for t in changed] == \
        [("operations.yml", "operations[3].planned", session.operations.operations[3].planned, planned)]


def test_two_corrections_of_one_text_show_it_once_before_and_after(session):
    original = session.livrets.duplication
    parts = parts_with(session, fix("livrets.yml", "duplication", "session 2015", "session 2015 (sic)"),
                       fix("livrets.yml", "duplication", "chaque établissement", "chaque établissement scolaire"))
    problems, changed = apply_corrections(parts, "data/2022")
    assert problems == [] and len(changed) == 1 and len(changed[0].corrections) == 2
    assert changed[0].original == original and "(sic)" in changed[0].shown and "établissement scolaire" in changed[0].shown


@pytest.mark.parametrize("before, after", [("14h00", "14 h"), ("09 juin", "9 juin"), ("premier juin", "1er juin"),
                                           ("2 022", "2022"), ("A partir du 11 avril", "À partir du 11 avril"),
                                           ("en premier lieu", "d'abord"), ("en 2022 120 candidats", "en 2022, 120 candidats"),
                                           ("à 14:00", "à 14 h"), ("fevrier", "février"), ("Lundi 9 Mai", "lundi 9 mai"),
                                           ("en mai", "au mois de mai"), ("premier fevrier", "1er février"),
                                           ("premier aout", "1er août"), ("fin sept.", "fin septembre"),
                                           ("lun. 9 mai", "lundi 9 mai"), ("en mars", "en mars")])
def test_a_correction_of_form_may_rewrite_a_number_or_a_date_it_keeps(before, after):
    assert facts(before) == facts(after)


@pytest.mark.parametrize("before, after", [("11 avril", "18 avril"), ("du 11 au 15", "du 15 au 11"), ("5 ans", "cinq ans"),
                                           ("2 candidats", "20 candidats"), ("coefficient 0,5", "coefficient 5"),
                                           ("1,05 point", "1,5 point"), ("note de 0 sur 20", "note sur 20"),
                                           # a date in words: the month, the day of the week, their order
                                           ("fin du mois de septembre", "fin du mois de juin"), ("lundi 9 mai", "mardi 9 mai"),
                                           ("en mai et juin", "en juin et mai"), ("fin septembre", "fin"),
                                           ("mar. 10 mai", "mer. 10 mai"), ("fin sept.", "fin oct.")])
def test_a_correction_that_changes_a_number_or_a_date_is_told_apart(before, after):
    assert facts(before) != facts(after)


@pytest.mark.parametrize("before, after", [
    ("fournit ultérieurement", "fourni ultérieurement"), ("ANNULLATION", "ANNULATION"), ("Etiquettes", "Étiquettes"),
    ("mes services", "les services du rectorat"), ("La non conformité", "La non-conformité"),
    ("sera effectué par", "sera effectuée par"), ("n'est pas interdite", "n’est pas interdit"), ("les premiers", "les Premières"),
    # a slip inside a word of the rule itself, letters swapped, words split or joined
    ("interdtie", "interdite"), ("autorsé", "autorisé"), ("deus", "deux"), ("lse candidats", "les candidats"), ("ets", "est"),
    ("nest pas", "n'est pas"), ("convo- cation", "convocation"), ("aujourdhui", "aujourd'hui"),
    ("Le (la) candidat (e)", "Le (la) candidat(e)"), ("session 2015", "session 2015 (sic)"),
    ("fin sept.", "fin septembre"),   # a month's abbreviation written whole (the date check keeps the month)
    ("il est précisé que", "il est précisé"),   # a « que » with no « ne » before it restricts nothing
    ("n'est pas autorisée que", "n'est pas autorisé que"),   # the « que » of « ne … que » kept
])
def test_a_correction_of_form_keeps_the_words_and_the_rule(before, after):
    assert meaning_change(before, after) is None


@pytest.mark.parametrize("before, after, said", [
    ("sera strictement interdite", "sera autorisée", ("interdite", "autorisée")),
    ("sera interdite", "ne sera pas interdite", ("", "ne")),
    ("la première heure", "les deux premières heures", ("première", "deux")),
    ("seuls les candidats", "les candidats", ("seuls", "")),
    ("une annonce sera faite", "une annonce sera lue", ("faite", "lue")),
    ("il le sera", "il ne sera", ("", "ne")),              # « le » is too short to be a slip of « ne »
    ("possible", "impossible", ("possible", "impossible")), ("valide", "invalide", ("valide", "invalide")),
    ("inclus", "exclus", ("inclus", "exclus")), ("minimum", "maximum", ("minimum", "maximum")),
    ("accepté", "excepté", ("accepté", "excepté")), ("sixième", "dixième", ("sixième", "dixième")),
    ("avant le", "après le", ("avant", "après")), ("doit", "peut", ("doit", "peut")),
    # « ne … que » restricts: without « que » the rule says the opposite; with one added, it becomes a restriction
    ("n'est autorisée que pendant la première heure", "n'est autorisée pendant la première heure", ("que", "")),
    ("ne sont admis qu'avec leur convocation", "ne sont admis avec leur convocation", ("qu'", "")),
    ("ne peut sortir avant la fin", "ne peut sortir qu'avant la fin", ("", "qu'")),
])
def test_a_correction_that_changes_a_word_or_the_rule_is_told_what(before, after, said):
    assert meaning_change(before, after) == said


@pytest.mark.parametrize("preceding, before, after, said", [
    # The words a correction quotes are few: the « ne » of « ne … que » is often in the field before them.
    ("La calculatrice n'est ", "autorisée que pendant la première heure", "autorisée pendant la première heure",
     ("que", "")),
    ("Ils ne sont ", "admis qu'avec leur convocation", "admis avec leur convocation", ("qu'", "")),
    ("Il ne faut pas l'oublier. Il est précisé ", "que les candidats", "les candidats", None),   # another clause's « ne »
    ("Il ne faut pas l'oublier ; ", "il est précisé que", "il est précisé", None),
    ("", "Il ne faut pas l'oublier. Il est précisé que", "Il ne faut pas l'oublier. Il est précisé", None),
])
def test_a_que_restricts_only_after_a_ne_of_its_own_clause(preceding, before, after, said):
    assert meaning_change(before, after, preceding) == said


def test_a_corrections_words_are_read_after_the_fields_text_before_them(session):
    # In the data: the field says « ne … que », the correction quotes only the words after « ne » and drops the « que ».
    parts = parts_with(session, fix("rules.yml", "oral.network", "garanti que dans la salle", "garanti dans la salle"))
    oral = parts["rules"].oral.model_copy(update={"network": "Le réseau ne peut être garanti que dans la salle."})
    parts["rules"] = parts["rules"].model_copy(update={"oral": oral})
    problems, _ = apply_corrections(parts, "data/2022")
    assert [(p.field, "retire « que »" in p.message) for p in problems] == [("corrections[0].after", True)], problems


def test_the_same_words_corrected_twice_is_told_as_such(session):
    # The second used to be « introuvable »: the first had already changed its words.
    twice = fix("livrets.yml", "duplication", "chaque établissement", "chaque Établissement")
    problems, _ = apply_corrections(parts_with(session, twice, twice), "data/2022")
    assert [(p.path, p.message) for p in problems] == [
        (("corrections", 1, "before"), "« chaque établissement » déjà corrigé par une correction précédente de livrets.yml duplication")]


@pytest.mark.parametrize("correction, field, message", [
    (fix("operations.yml", "operations[3].planned", "introuvable ici", "x"), "before", "« introuvable ici » introuvable"),
    (fix("livrets.yml", "duplication", "les", "des"), "before", "présent"),
    (fix("operations.yml", "operations[9].planned", "A", "À"), "field", "texte introuvable « operations[9].planned »"),
    (fix("calendar.yml", "written[0].date", "2022", "2023"), "field", "texte introuvable"),   # a date is no text
    (fix("inconnu.yml", "x", "a", "b"), "file", "fichier inconnu « inconnu.yml »"),
    (fix("corrections.yml", "corrections[0].before", "a", "b"), "file", "fichier inconnu"),
    # A fact is no slip: the centre that receives the booklets, a centre's id, an e-mail, an address, an hour.
    (fix("livrets.yml", "destination", "berthelot", "gabriel-peri"), "field", "n'est pas un paragraphe de la circulaire"),
    (fix("centres.yml", "centres[4].id", "berthelot", "berthelot-x"), "field", "n'est pas un paragraphe de la circulaire"),
    (fix("contacts.yml", "contacts[0].email", "ac-toulouse", "ac-paris"), "field", "n'est pas un paragraphe de la circulaire"),
    (fix("centres.yml", "centres[3].address", "14 avenue", "16 avenue"), "field", "n'est pas un paragraphe de la circulaire"),
    (fix("dossiers.yml", "deposit.closes_at", "minuit", "midi"), "field", "n'est pas un paragraphe de la circulaire"),
    # A correction of form keeps every number of the circular's words: a day, a year, a count.
    (fix("operations.yml", "operations[3].planned", "À partir du 11 avril", "À partir du 18 avril"), "after",
     "la correction change un nombre ou une date (« À partir du 11 avril » → « À partir du 18 avril »)"),
    (fix("archiving.yml", "diplomas", "pendant 5 ans", "pendant cinq ans"), "after", "change un nombre ou une date"),
    # Nor a word that carries the rule, nor a word put in place of another (the rules of the written exams, 1.3).
    (fix("rules.yml", "written.communication", "sera strictement interdite", "sera autorisée"), "after",
     "la correction remplace « interdite » par « autorisée » (« sera strictement interdite » → « sera autorisée ») : une "
     "correction de forme corrige une lettre, un accent, une majuscule, un accord, pas un mot ni le sens d'une règle"),
    (fix("rules.yml", "written.communication", "une annonce sera faite", "une annonce sera lue"), "after",
     "la correction remplace « faite » par « lue »"),
    (fix("rules.yml", "written.communication", "sera strictement interdite", "ne sera pas strictement interdite"), "after",
     "la correction ajoute « ne »"),
    (fix("rules.yml", "written.lateness", "la première heure", "les deux premières heures"), "after",
     "(« la première heure » → « les deux premières heures »)"),
    (fix("rules.yml", "written.communication", "sera strictement interdite", "sera strictement autorisée"), "after",
     "la correction remplace « interdite » par « autorisée »"),
    # A corrected text must still be one its field takes: a paragraph of at most 3,000 characters.
    (fix("livrets.yml", "duplication", "chaque établissement", "chaque établissement" + "." * 2970), "after",   # over 3,000
     "le texte corrigé ne convient plus à livrets.yml duplication"),
])
def test_a_correction_that_cannot_apply_is_a_located_problem(session, correction, field, message):
    problems, changed = apply_corrections(parts_with(session, correction), "data/2022")
    assert len(problems) == 1 and changed == []
    assert problems[0].file == "data/2022/corrections.yml" and problems[0].path == ("corrections", 0, field)
    assert message in problems[0].message and problems[0].expected
    assert field != "before" or "par exemple before: « " in problems[0].expected

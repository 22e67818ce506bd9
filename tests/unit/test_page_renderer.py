"""Fast tier: the page renderer compiles one template per distinct page source (the generated pages of a
family share theirs), reads it back compiled from the template cache in a later build, and still names the
page being rendered when it fails."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_DATA
from data_edits import edited
from rendered_pages import every_page, mkdocs_markdown

from handbook.load import load_session
from handbook.render import PageRenderer, TemplateProblem

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.unit

STUB = "\n\n\n{{ entity.name }} – {{ entity.detail.size }}\n"


class Entity:
    def __init__(self, name: str, detail=None):
        self.name, self.detail = name, detail


class Detail:
    size = 3


@pytest.fixture
def renderer(session):
    return PageRenderer(ROOT / "templates", {"session": session})


def compiles(renderer, monkeypatch) -> list[str]:
    # The names the renderer's environments (generated pages, staff's pages) compile from source from now on.
    compiled: list[str] = []
    for env in (renderer.env, renderer.staff_env):
        monkeypatch.setattr(env, "compile", lambda *args, _compile=env.compile, **kwargs: compiled.append(args[1]) or _compile(*args, **kwargs))
    return compiled


def test_pages_with_the_same_source_share_one_compiled_template(renderer, monkeypatch):
    compiled = compiles(renderer, monkeypatch)
    pages = [renderer.render(f"centres/c{n}.md", STUB, {"entity": Entity(f"Centre {n}", Detail())}, generated=True) for n in range(50)]
    assert pages[0].strip() == "Centre 0 – 3" and pages[49].strip() == "Centre 49 – 3"
    renderer.render("docs/autre.md", "{{ session.info.year }}")
    assert [name for name in compiled if name != "macros.md.j2"] == ["centres/c0.md", "docs/autre.md"]


def test_a_page_sharing_a_compiled_template_is_named_in_its_own_error(renderer):
    renderer.render("centres/premier.md", STUB, {"entity": Entity("Premier", Detail())}, generated=True)
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("centres/second.md", STUB, {"entity": Entity("Second")}, generated=True)
    assert raised.value.where == "centres/second.md:4"


def test_a_syntax_error_names_its_page_and_line(renderer):
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("docs/calendrier.md", "# Calendrier\n\n{% if session %}\n")
    assert raised.value.where == "docs/calendrier.md:3" and "erreur de syntaxe Jinja" in str(raised.value)


# Mistakes staff make in a page of docs/, where prose comes first: (source, line named, words of the message).
PROSE_MISTAKES = {
    "bloc-jamais-ferme": ("# Titre\n\n{% if session %}\ntexte\n\nsuite\n", 3,
                          "bloc « {% if … %} » ouvert ici et jamais fermé — attendu : « {% endif %} »"),
    "bloc-ferme-par-un-autre": ("{% for centre in session.centre_list %}\n{% if centre %}\n{{ centre.name }}\n{% endfor %}\n", 2,
                                "bloc « {% if … %} » ouvert ici et pas fermé avant « {% endfor %} »"),
    "set-bloc-jamais-ferme": ("{% set annee = 2022 %}\n{% set note %}\ntexte\n", 2, "bloc « {% set … %} » ouvert ici"),
    "fin-sans-debut": ("texte\n{% endif %}\n", 2, "« {% endif %} » ferme un bloc qui n'est pas ouvert"),
    "bloc-ouvert-apres-l-erreur": ("{% for centre in session.centre_list %}\n{% if centre %}\n{% endfor %}\n{% if session %}\n", 2,
                                   "bloc « {% if … %} » ouvert ici et pas fermé avant « {% endfor %} »"),
    # A page unreadable as far as the line where Jinja stopped (a comment left open there): Jinja's line.
    "commentaire-ouvert-sur-la-ligne-de-l-erreur": ("{% for centre in session.centre_list %}{% if centre %}\n{% endfor %}{# à revoir\n",
                                                    2, "bloc « {% if … %} » ouvert ici et pas fermé avant « {% endfor %} »"),
    "fin-etrangere-dans-un-bloc": ("{% for centre in session.centre_list %}\n{% endif %}\n{% endfor %}\n", 2,
                                   "« {% endif %} » ferme un bloc qui n'est pas ouvert"),
    # Not « ferme un bloc qui n'est pas ouvert », which sent staff looking for a « {% fro … %} » (staff review).
    "fin-mal-ecrite": ("{% for centre in session.centre_list %}\n{{ centre.name }}\n{% endfro %}\n", 3,
                       "« {% endfro %} » n'est pas une balise de Jinja (faute de frappe ?) et le bloc « {% for … %} » reste "
                       "ouvert — attendu : « {% endfor %} »"),
    "balise-inconnue-dans-un-bloc": ("{% if session %}\n\n{% ici %}\n{% endif %}\n", 3, "balise « {% ici %} » inconnue"),
    "sinon-seul": ("texte\n{% else %}\n", 2, "« {% else %} » hors d'un bloc « {% if … %} »"),
    "accolades-dans-le-texte": ("Écrire {{ ici\nla date\n", 1, "« {{ » sans son « }} », ou plus d'un nom entre les accolades (« la » en trop)"),
    "parenthese-non-fermee": ("{{ session.centre_list(0 }}\n", 1, "« } » trouvé là où il manque « ) »"),
    "expression-incomplete": ("{{ 1 + }}\n", 1, "expression incomplète avant la fin des accolades"),
    "accolades-vides": ("Le {{ }} de la page\n", 1, "« {{ }} » vide"),
    "balise-inconnue": ("{% ici %}\n", 1, "balise « {% ici %} » inconnue"),
    "commentaire-ouvert": ("texte\n{# à revoir\n", 2, "« {# » ouvre un commentaire jamais fermé"),
    "apostrophe-dans-les-accolades": ("{{ l'année }}\n", 1, "caractère « ' » inattendu"),
    "condition-absente": ("{% if %}x{% endif %}\n", 1, "balise sans sa condition ou sa valeur"),
    "filtre-mal-ecrit": ("Dépôt\n{{ session.dossiers.deposit.closes | date_lng }}\n", 2,
                         "filtre « date_lng » inconnu de Jinja et du projet (faute de frappe ?)"),
    "mot-cle-mal-ecrit": ("{% for centre inn session.centre_list %}x{% endfor %}\n", 1, "« inn » trouvé là où Jinja attend « in »"),
    # « }} » or « %} » forgotten: Jinja reads on and stops lines further, on a word of the text (« # », « . »).
    "expression-sans-fermeture": ("{{ session.info.year \n\n## Toutes les dates\n\nLe {{ session.info.academy }}\n", 1,
                                  "« {{ » ouvert ligne 1 sans fermeture — attendu : « }} » à la fin de l'expression"),
    "expression-sans-fermeture-avant-une-macro": ("# Contacts\n\nAcadémie de {{ session.info.academy .\n\n{{ contacts_list() }}\n",
                                                  3, "« {{ » ouvert ligne 3 sans fermeture — attendu : « }} »"),
    "balise-sans-fermeture": ("Signé\n{% for line in session.info.signatory.delegation %{{ line }}<br>\n{% endfor %}\n", 2,
                              "« {% » ouvert ligne 2 sans fermeture — attendu : « %} » à la fin de la balise"),
    # Jinja's « expected token X, got Y », in French, its tokens named as the page writes them.
    "virgule-oubliee": ("{{ date_cards(session.written_key_dates session.info) }}\n", 1,
                        "« session » trouvé là où Jinja attend « , » (un signe oublié, ou un mot en trop ?)"),
    "nom-oublie-apres-la-barre": ("{{ session.info.year | }}\n", 1, "« }} » trouvé là où Jinja attend « nom »"),
    "egal-oublie": ("{% with annee %}{{ annee }}{% endwith %}\n", 1, "« %} » trouvé là où Jinja attend « = »"),
    "nombre-en-trop": ("{% set annee 2022 %}\n", 1, "« {% » sans son « %} », ou balise mal écrite (« nombre » en trop)"),
    # Closed on a later line, or « {{ » inside a text between quotes: not left open.
    "expression-sur-deux-lignes": ("{{ '{{' }} ici\n{{ session.info.year\n  + }}\n", 3, "expression incomplète avant la fin des accolades"),
}

# Values used wrongly in a page (Python's TypeError and the like): (page, line, the French words).
VALUE_MISTAKES = {
    "texte-plus-nombre": ("Académie\n{{ session.info.academy + session.info.year }}\n", 2,
                          "texte et un nombre mis bout à bout avec « + » — attendu : « ~ »"),
    "nombre-plus-texte": ("{{ session.info.year + session.info.academy }}\n", 1, "« + » entre un nombre et un texte"),
    "macro-trop-de-valeurs": ("Contacts\n\n{{ contacts_list(session.contacts) }}\n", 3,
                              "la macro « contacts_list » reçoit trop de valeurs entre parenthèses (0 au plus)"),
    "macro-parametre-inconnu": ("{{ finder(revel=true) }}\n", 1, "la macro « finder » n'a pas de paramètre « revel »"),
    "position-hors-de-la-liste": ("{{ session.centre_list[400].name }}\n", 1,
                                  "aucun élément 400 dans une liste — attendu : une position de la liste (la première est 0)"),
    "boucle-sur-un-nombre": ("{% for x in session.info.year %}{{ x }}{% endfor %}\n", 1,
                             "un nombre là où une liste est attendue (une boucle « {% for … in … %} »"),
    "test-mal-ecrit": ("{% if session is defind %}x{% endif %}\n", 1, "test « defind » inconnu de Jinja"),
    "test-mal-ecrit-hors-condition": ("{{ session is defind }}\n", 1, "test « defind » inconnu de Jinja"),
    "filtre-mal-ecrit-dans-une-condition": ("{% if session %}\n{{ session.livrets.deadline | date_lng }}\n{% endif %}\n", 2,
                                            "filtre « date_lng » inconnu de Jinja et du projet"),
    "valeur-vide-dans-un-filtre": ("{{ session.operations.operations[0].to | date_long }}\n", 1,
                                   "valeur vide (que les données ne donnent pas) là où une valeur est attendue"),
    "nombre-dans-join": ("{{ session.info.year | join(', ') }}\n", 1, "un nombre là où une liste est attendue"),
    "appel-d-un-nombre": ("{{ session.info.year() }}\n", 1, "parenthèses après un nombre, qui n'est pas une fonction"),
    # A page reaches the session's facts, not Python behind them (data review: a line of docs/ ran any Python at build).
    "interieur-python-d-un-objet": ("Contacts\n{{ session.__class__.__mro__ }}\n", 2,
                                    "« __class__ » : un nom en « _ » n'est pas un fait de la session"),
    "interieur-python-d-une-fonction": ("{{ session.__init__.__globals__ }}\n", 1,
                                        "« __init__ » : un nom en « _ » n'est pas un fait de la session"),
    "interieur-python-d-un-texte": ("{{ session.info.academy.__class__.__base__.__subclasses__() }}\n", 1,
                                    "« __class__ » : un nom en « _ » n'est pas un fait de la session"),
    # Nor change them for the pages rendered after it (diff review: every later page had no centre).
    "donnees-changees-par-une-page": ("Centres\n{% set x = session.centre_list.clear() %}\n", 2,
                                      "« clear » : une page lit les faits de la session, elle ne les change pas"),
    "boucle-sans-fin": ("{% for n in range(200000) %}{% endfor %}\n", 1, "range() de plus de 100 000 valeurs"),
    # What the exam office's review found in English (30 November 2026): a filter given the wrong value or count.
    "texte-a-un-filtre-de-date": ("{{ session.info.academy | date_long }}\n", 1,
                                  "le filtre « date_long » reçoit un texte — attendu : une date"),
    "bloc-a-un-filtre-de-date": ("{{ session.info | date_long }}\n", 1, "le filtre « date_long » reçoit un bloc — attendu : une date"),
    # A name misspelt before a filter is still a name misspelt (the filter's check took it for a value of the wrong kind).
    "nom-mal-ecrit-avant-un-filtre-de-date": ("{{ session.livrets.deadlin | date_long }}\n", 1,
                                              "nom inconnu : « deadlin » n'existe pas dans session.livrets"),
    "texte-a-un-filtre-d-heure": ("{{ session.info.academy | clock }}\n", 1, "le filtre « clock » reçoit un texte — attendu : une heure"),
    "filtre-trop-de-valeurs": ("{{ session.dossiers.deposit.closes | date_long(1) }}\n", 1,
                               "« date_long » reçoit trop de valeurs entre parenthèses"),
    "filtre-valeur-manquante": ("{{ session.info.academy | replace('a') }}\n", 1,
                                "« replace » demande plus de valeurs entre parenthèses"),
    "filtre-texte-au-lieu-d-un-nombre": ("{{ session.info.academy | truncate('x') }}\n", 1,
                                         "qui ne se comparent pas"),
    # A bare name between brackets is read as a name of the model: « academy » is unknown there.
    "nom-entre-crochets": ("Académie\n{{ session.info[academy] }}\n", 2,
                           "nom inconnu : « academy » n'existe pas (entre crochets, un nom sans guillemets est lu comme une "
                           "valeur) — attendu : {{ session.info.academy }}"),
    "nom-entre-crochets-apres-une-position": ("{{ session.centre_list[0][name] }}\n", 1, "attendu : {{ session.centre_list[0].name }}"),
    "nom-entre-crochets-d-une-liste": ("{{ session.centre_list[premier].name }}\n", 1,
                                       "nom inconnu : « premier » n'existe pas (entre crochets, un nom sans guillemets est lu "
                                       "comme une valeur) — attendu : une position de la liste (la première est 0), par exemple "
                                       "{{ session.centre_list[0] }}"),
    "position-dans-un-bloc": ("{{ session.info[0] }}\n", 1, "aucun élément 0 dans cette valeur — attendu : une position de la liste"),
    "valeur-vide": ("Lien\n\nLien direct : {{ session.dossiers.deposit.platform_url }}\n", 3,
                    "valeur vide : « {{ session.dossiers.deposit.platform_url }} » n'a pas de valeur dans les données "
                    "(la circulaire ne la donne pas), la page afficherait « None » — attendu : "
                    "{% if session.dossiers.deposit.platform_url %}…{% endif %} autour, ou la valeur dans data/"),
}


@pytest.mark.parametrize("mistake", list(PROSE_MISTAKES))
def test_a_syntax_mistake_in_a_page_is_named_in_french_where_staff_made_it(renderer, mistake):
    source, line, words = PROSE_MISTAKES[mistake]
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("docs/contacts.md", source)
    assert raised.value.where == f"docs/contacts.md:{line}"
    assert f"erreur de syntaxe Jinja : {words}" in str(raised.value)


@pytest.mark.parametrize("source", ["Lien : {{ 'https://' ~ session.dossiers.deposit.platform_url }}\n",
                                    "Lien : {{ '(%s)' % session.dossiers.deposit.platform_url }}\n", "{{ none }}\n",
                                    # « None » in the page's code is no text of the page: the check still sees the one printed.
                                    "{{ clock_range(None) if false else '' }}Lien : {{ 'lien ' ~ session.dossiers.deposit.platform_url }}\n"])
def test_an_empty_value_joined_to_text_stops_the_page_too(renderer, source):
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("docs/contacts.md", source)
    assert str(raised.value).startswith("docs/contacts.md: « None » dans la page : une valeur vide")


@pytest.mark.parametrize("mistake", list(VALUE_MISTAKES))
def test_a_value_used_wrongly_in_a_page_is_named_in_french_at_its_line(renderer, mistake):
    source, line, words = VALUE_MISTAKES[mistake]
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("docs/contacts.md", source)
    assert raised.value.where == f"docs/contacts.md:{line}"
    assert words in str(raised.value), str(raised.value)


def test_a_block_left_open_in_a_template_is_named_where_it_opened(session, tmp_path):
    # The same words and the same line finder for the templates of templates/ as for the pages of docs/.
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    family = templates / "centre.md.j2"
    lines = family.read_text(encoding="utf-8").splitlines(keepends=True)
    family.write_text("".join(lines[:2] + ["{% if session %}\n"] + lines[2:]), encoding="utf-8")
    with pytest.raises(TemplateProblem) as raised:
        PageRenderer(templates, {"session": session}).render("centres/x.md", '{% include "centre.md.j2" %}\n')
    assert raised.value.where == f"{family}:3"
    assert "bloc « {% if … %} » ouvert ici et jamais fermé" in str(raised.value)


# A brace missing: Jinja reads the rest as text, which the site would publish as it is (« de { session.info.academy }}. »).
# (source, line named, delimiter left as text)
STRAY_DELIMITERS = {
    "accolade-ouvrante-manquante": ("# Contacts\n\nl'académie de { session.info.academy }}.\n", 3, "}}"),
    "accolade-de-balise-manquante": ("Texte\n{ % if session.info.to_confirm %}à confirmer\n", 2, "%}"),
    "texte-brut-hors-du-code": ("Texte\n\n{% raw %}{{ session }}{% endraw %}\n", 3, "{{"),
    # An admonition's indented lines are its text, not code.
    "dans-un-encadre": ("!!! note\n\n    Texte {% raw %}{% if{% endraw %}\n", 3, "{%"),
}


@pytest.mark.parametrize("mistake", list(STRAY_DELIMITERS))
def test_a_jinja_delimiter_left_as_text_stops_the_page_at_its_line(renderer, mistake):
    source, line, delimiter = STRAY_DELIMITERS[mistake]
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("docs/contacts.md", source, blocks_aside=True)
    assert raised.value.where == f"docs/contacts.md:{line}"
    assert f"« {delimiter} » resté tel quel dans le texte (« " in str(raised.value)
    assert "accolade manquante ? — attendu : deux accolades de chaque côté" in str(raised.value)


def test_code_may_show_jinja_delimiters(renderer):
    source = ("Écrire `{% raw %}{{ x }}{% endraw %}` :\n\n    x {% raw %}{% if %}{% endraw %}\n\n"
              "<code>{% raw %}}}{% endraw %}</code>\n")
    rendered = renderer.render("docs/contacts.md", source, blocks_aside=True)
    assert "`{{ x }}`" in rendered and "    x {% if %}" in rendered and "<code>}}</code>" in rendered


@pytest.mark.parametrize("rule", [None, "Tout candidat en retard à un oral est reçu en fin de demi-journée."])
def test_lateness_at_an_oral_is_the_circulars_words_or_that_it_gives_none(session, rule):
    # The 2022 circular is silent; a circular that says it is quoted, and the page no longer says it is silent.
    renderer = PageRenderer(ROOT / "templates", {"session": edited(session, "rules.yml", (("oral", "lateness"), rule))})
    oral = renderer.render("docs/oraux.md", "{{ oral_lateness() }}\n", {"base": ""})
    written = renderer.render("docs/ecrits.md", "{{ written_rules() }}\n", {"base": ""})
    silent = "La circulaire ne dit pas ce qui arrive si vous êtes en retard à un oral"
    assert (silent in oral, rule is None or rule in oral) == (rule is None, True)
    assert ("À l'oral, la circulaire ne dit rien d'un retard" in written) == (rule is None)
    assert 'href="oraux/#retards-et-absences-a-loral"' in written and 'id="retards-et-absences-a-loral"' in oral
    assert ('<a href="ecrits/#retards">sa règle des retards</a>' in oral) == (rule is None)


def test_an_expression_may_print_a_delimiter(renderer):
    # {{ '{{' }} is how the messages say to write one as text: the check refused the very advice it gave.
    rendered = renderer.render("docs/contacts.md", "Pour écrire {{ '{{' }} ou {{ '%}' }} tel quel.\n", blocks_aside=True)
    assert "Pour écrire {{ ou %} tel quel." in rendered


def test_files_of_templates_that_are_no_templates_are_not_read(session, tmp_path, monkeypatch):
    # An editor's backup holding a delimiter, a swap file, macOS's .DS_Store (UTF-16 bytes here): every page stopped on them.
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "macros.md.j2~").write_text("Année : { session.info.year }}\n", encoding="utf-8")
    (templates / ".centre.md.j2.swp").write_bytes(b"b0VIM 9.0\x00\xff\xfe")
    (templates / ".DS_Store").write_bytes("Bud1".encode("utf-16"))
    (templates / "._macros.md.j2").write_bytes(b"\x00\x05\x16\x07\xff")
    monkeypatch.chdir(tmp_path)
    rendered = PageRenderer(templates, {"session": session}).render("docs/contacts.md", "Année {{ session.info.year }}\n")
    assert rendered == f"Année {session.info.year}\n"


def test_a_jinja_delimiter_left_as_text_in_a_template_is_named_there(session, tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "essai.md.j2").write_text("{# Une famille de pages #}\n\nAnnée : { session.info.year }}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TemplateProblem) as raised:
        PageRenderer(templates, {"session": session}).render("centres/x.md", '{% include "essai.md.j2" %}\n')
    assert raised.value.where == "templates/essai.md.j2:3" and "« }} » resté tel quel" in str(raised.value)


@pytest.mark.parametrize("template", ["essai.md.j2", "macros.md.j2"])
def test_a_template_not_saved_in_utf8_is_named_at_its_line(session, tmp_path, monkeypatch, template):
    # Saved in Windows' encoding: « UnicodeDecodeError : 'utf-8' codec can't decode byte 0xf4 », under the page's name.
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "essai.md.j2").write_text("Essai\n", encoding="utf-8")
    path = templates / template
    path.write_bytes(path.read_text(encoding="utf-8").replace("Essai", "Essai\n\nRôle", 1).encode("cp1252"))
    line = next(number for number, row in enumerate(path.read_bytes().split(b"\n"), start=1) if not row.isascii())
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TemplateProblem) as raised:
        PageRenderer(templates, {"session": session}).render("centres/x.md", '{% include "essai.md.j2" %}\n')
    assert raised.value.where == f"templates/{template}:{line}"
    assert "caractère non UTF-8 (octet 0x" in str(raised.value) and "— attendu : un fichier enregistré en UTF-8" in str(raised.value)


@pytest.mark.parametrize("source, owner, closest", [("Académie\n{{ session.info.acadmy }}\n", "session.info", "academy"),
                                                    ("{{ session.centre_list[0].nme }}\n", "session.centre_list[0]", "name"),
                                                    # The same name asked of two things on the line: the object's own name.
                                                    ("{{ session.info.year }} et {{ session.year }}\n", "session", None),
                                                    ("{{ session.livrets.deadlines }}\n", "session.livrets", "deadline")])
def test_a_missing_field_is_named_as_the_page_writes_it_with_the_closest_name(renderer, source, owner, closest):
    # A name typed a letter wrong: staff read which name the page meant, among the fields of what it asked.
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("docs/contacts.md", source)
    field = re.search(r"\.(\w+) }}\n$", source).group(1)
    hint = f" — attendu : « {closest} », le nom le plus proche" if closest else ""
    assert str(raised.value) == f"docs/contacts.md:{source.count(chr(10))}: nom inconnu : « {field} » n'existe pas dans {owner}{hint}"


def test_a_missing_key_asked_in_brackets_is_named_as_the_page_writes_it(renderer):
    # « n'existe pas dans SessionInfo »: Python's name of the object, which staff never wrote (data review).
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("docs/contacts.md", "{{ session.info['nope'] }}\n")
    assert "nom inconnu : « nope » n'existe pas dans session.info" in str(raised.value), str(raised.value)
    assert "SessionInfo" not in str(raised.value)


def test_a_macro_that_calls_itself_without_end_is_said_in_french(renderer):
    # « RecursionError : maximum recursion depth exceeded »: Python's English inside the message (data review).
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("docs/contacts.md", "{% macro boucle(n) %}{{ boucle(n) }}{% endmacro %}\n{{ boucle(1) }}\n")
    assert "s'appelle elle-même" in str(raised.value) and "Recursion" not in str(raised.value), str(raised.value)


@pytest.mark.parametrize("source, closest", [("{{ sesion.info.year }}\n", "session"), ("{{ date_crads(session.key_dates) }}\n", "date_cards")])
def test_an_unknown_name_of_a_page_is_given_the_closest_name_of_the_model_or_a_macro(renderer, source, closest):
    with pytest.raises(TemplateProblem) as raised:
        renderer.render("docs/contacts.md", source)
    typed = re.match(r"{{ (\w+)", source).group(1)
    assert str(raised.value) == f"docs/contacts.md:1: nom inconnu : « {typed} » n'existe pas — attendu : « {closest} », le nom le plus proche"


def test_a_later_build_reads_its_pages_compiled_from_the_template_cache(session, tmp_path, monkeypatch):
    first = PageRenderer(ROOT / "templates", {"session": session}, cache_folder=tmp_path)
    page = first.render("docs/annee.md", "Session {{ session.info.year }}\n")
    later = PageRenderer(ROOT / "templates", {"session": session}, cache_folder=tmp_path)
    compiled = compiles(later, monkeypatch)
    assert later.render("docs/annee.md", "Session {{ session.info.year }}\n") == page == "Session 2022\n"
    assert compiled == []
    assert later.render("docs/annee.md", "Année {{ session.info.year }}\n") == "Année 2022\n"   # edited: compiled again
    assert compiled == ["docs/annee.md"]


def test_the_template_cache_key_holds_the_environment_options(tmp_path):
    import jinja2

    from handbook.render import TemplateCache
    plain, trimmed = jinja2.Environment(), jinja2.Environment(trim_blocks=True)
    assert TemplateCache(tmp_path, plain).get_cache_key("base.html") != TemplateCache(tmp_path, trimmed).get_cache_key("base.html")
    assert TemplateCache(tmp_path, plain).get_cache_key("base.html") == TemplateCache(tmp_path, jinja2.Environment()).get_cache_key("base.html")


# --- macro blocks set aside while Markdown converts a page ------------------------------------------

@pytest.mark.parametrize("which", ["2022", "2023", "synthetique"])
def test_every_page_converts_to_the_same_html_with_its_blocks_set_aside(which, session, synthetic, tmp_path):
    # 2023, the fictitious confirmed session of the fixtures, has no line of individual or distance candidates.
    sessions = {"2022": lambda: session, "2023": lambda: load_session(FIXTURE_DATA / "2023"), "synthetique": lambda: synthetic}
    renderer, pages = every_page(sessions[which](), tmp_path)
    md = mkdocs_markdown()
    set_aside = 0
    for number, (name, source, variables) in enumerate(pages):
        md.reset()
        plain = md.convert(renderer.render(name, source, dict(variables)))
        md.reset()
        marked = renderer.render(name, source, dict(variables), blocks_aside=True)
        set_aside += marked.count("data-handbook-block=")
        converted = md.convert(marked)
        if number % 2:   # as a generated page waiting to be written: held whole, compressed, with its blocks
            assert renderer.blocks.take(converted).holding(converted).unpacked() == plain, name
        else:
            assert renderer.blocks.restore(converted) == plain, name
    assert set_aside > len(pages)   # most blocks went round Markdown


def test_a_generated_page_leaves_markdown_no_html_block_to_read(synthetic, tmp_path):
    # Markdown reads an HTML block through its HTML parser, a third of an establishment page's conversion when the
    # next deadline, the forms' links and the line's facts were left to it (a macro whose HTML did not start on a
    # line of its own): at national scale, the pages of every centre and establishment send their HTML round
    # Markdown as markers (the few form pages, whose number does not grow with the session, need not).
    renderer, pages = every_page(synthetic, tmp_path)
    left = {}
    for name, source, variables in pages:
        if not name.startswith(("centres/", "etablissements/")):
            continue
        marked = renderer.render(name, source, dict(variables), blocks_aside=True)
        renderer.blocks.forget()
        found = [line[:80] for line in marked.splitlines() if line.startswith("<") and "data-handbook-block=" not in line]
        if found:
            left[name] = found
    assert not left, list(left.items())[:3]


def test_blocks_markdown_would_not_copy_stay_in_place():
    from handbook.render import as_markdown_writes
    assert as_markdown_writes('<p>a</p> <p>b</p>\n<ul>\n<li>x</li>\n\n\n<li>y</li>\n</ul>\n\n\n<hr>') == \
        '<p>a</p>\n<p>b</p>\n<ul>\n<li>x</li>\n\n\n<li>y</li>\n</ul>\n\n<hr>'
    for kept in ('<p>a</p>\ntexte libre', '<a href="x">lien</a>', '<div markdown>\n**gras**\n</div>', '<ul>\n<li>x</li>',
                 '<p>a</p></div>', '<script>if (a < b) {}</script>'):
        assert as_markdown_writes(kept) is None, kept


def test_a_block_markdown_swallowed_stops_the_page(renderer):
    marked = renderer.render("docs/essai.md", "    {{ contacts_list() }}\n", blocks_aside=True)   # indented: a code block
    assert "data-handbook-block=" in marked
    with pytest.raises(TemplateProblem, match="bloc\\(s\\) HTML de macro perdus par Markdown"):
        renderer.blocks.restore("<pre><code>&lt;div data-handbook-block=…&gt;</code></pre>")


def test_a_page_s_markdown_can_be_had_with_its_blocks_drawn(renderer):
    plain = renderer.render("docs/contacts.md", "# Contacts\n\n{{ contacts_list() }}\n")
    marked = renderer.render("docs/contacts.md", "# Contacts\n\n{{ contacts_list() }}\n", blocks_aside=True)
    assert marked != plain and renderer.blocks.drawn(marked) == plain
    assert "<ul>" in renderer.blocks.restore("<h1>Contacts</h1>\n" + marked.split("\n", 2)[2])   # still held for restore


def test_the_anchors_of_blocks_set_aside_are_still_counted(session, tmp_path):
    # MkDocs collects a page's anchors from its Markdown (for link checks): blocks set aside give theirs back.
    from html.parser import HTMLParser

    class Anchors(HTMLParser):   # as MkDocs' _HTMLHandler counts them
        def __init__(self, text):
            super().__init__()
            self.found = set()
            self.feed(text)

        def handle_starttag(self, tag, attrs):
            self.found |= {v for k, v in attrs if k == "id" or (k == "name" and tag == "a")}

    renderer, pages = every_page(session, tmp_path)
    md = mkdocs_markdown()
    for name, source, variables in pages:
        plain = renderer.render(name, source, dict(variables))
        marked = renderer.render(name, source, dict(variables), blocks_aside=True)
        collected: set[str] = set()
        md.reset()
        renderer.blocks.restore(md.convert(marked), collected)
        assert Anchors(marked).found | collected == Anchors(plain).found, name
    assert "retards" in Anchors(renderer.render("docs/x.md", "{{ written_rules() }}", {"base": ""})).found


def test_a_page_that_fails_leaves_no_block_for_the_next(renderer):
    with pytest.raises(TemplateProblem):
        renderer.render("docs/casse.md", "{{ contacts_list() }}\n\n{{ inconnu }}\n", blocks_aside=True)
    marked = renderer.render("docs/contacts.md", "{{ contacts_list() }}\n", blocks_aside=True)
    assert "<ul>" in renderer.blocks.restore(marked)   # only this page's block was held, and came back


def test_anchors_are_found_in_either_quotes_and_in_any_attribute_order():
    from handbook.render import anchor_ids
    html = """<a name="premier" href="#x">a</a> <a href='#y' name='second'>b</a> <h2 id='simple'>c</h2> <p class="x" id="double">d</p>"""
    assert anchor_ids(html) == {"premier", "second", "simple", "double"}


def test_what_a_page_does_with_a_block_is_what_it_outputs(renderer):
    # A filter on a block macro's output, a block kept in a variable and never output, a block inside
    # another macro's call: each converts to the HTML it would have without blocks set aside.
    md = mkdocs_markdown()
    for source in ("{{ contacts_list() | replace('Bureau', 'BUREAU') }}\n",
                   "{% set kept = contacts_list() %}Texte seul.\n",
                   "{% set kept = contacts_list() %}\n\n{{ kept }}\n",
                   "{{ contacts_list() | trim }}\n"):
        plain = renderer.render("docs/essai.md", source)
        md.reset()
        expected = md.convert(plain)
        marked = renderer.render("docs/essai.md", source, blocks_aside=True)
        md.reset()
        assert renderer.blocks.restore(md.convert(marked)) == expected, source
    assert "BUREAU" in renderer.render("docs/essai.md", "{{ contacts_list() | replace('Bureau', 'BUREAU') }}\n")


def test_what_to_bring_is_the_circulars_words_when_it_gives_them(session):
    rules = session.rules.model_copy(update={"written": session.rules.written.model_copy(
        update={"to_bring": "Les candidats présentent leur convocation et une pièce d'identité."})})
    given = dataclasses.replace(session, rules=rules)
    page = PageRenderer(ROOT / "templates", {"session": given}).render("docs/ecrits.md", "{{ written_to_bring() }}\n",
                                                                        {"base": ""})
    assert "Les candidats présentent leur convocation et une pièce d&#39;identité. Calculatrice : voir" in page
    assert "non précisé" not in page

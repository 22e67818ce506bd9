"""The bad-input corpus: named mutations of the real data/2022 files, as a careless or hostile editor makes them.

Every refused mutation must give, in-process and through both commands staff run:
- `handbook check` and `mkdocs build --strict` exit non-zero, print no Python traceback;
- a French message naming the file, the line of the offending value or key and the dotted field, whose
  `attendu` shows an accepted value ("par exemple …"), or says what to do where no value would be right to copy
  (an id no longer defined: any other id would be valid and wrong);
- `handbook check` within 2 s of CPU and 200 MB of memory (measured on its own process: a resource bound).
Injection cases are accepted: the site builds and the data stays inert text in every output.

Speed: the loader runs in-process for the message assertions (the fast tier); the commands run once per case
(marked e2e): `handbook check` in a process of its own forked after the imports (tests/forked_checks.py; one
case of each kind also through the real `handbook` command, which must print the same), the strict builds in
one process through MkDocs' command line (tests/strict_builds.py).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import BIN, CIRCULAR_2022, copy_project, made_once, mkdocs_env

from handbook.load import load_session
from handbook.problems import DataError, Problem

DATA = CIRCULAR_2022
MEASURED_RUN = Path(__file__).resolve().parent.parent / "scripts" / "measured_run.py"
CPU_SECONDS = 2.0
MEMORY_BYTES = 200 * 1024 * 1024
# Words that betray a message left in PyYAML's or pydantic's English.
ENGLISH = re.compile(r"\b(expected|found|while|could not|but|not allowed|unexpected|scalar|token|should|Input|Field required|"
                     r"mapping|sequence|invalid|character)\b")


@dataclass(frozen=True)
class Case:
    """One mutation: which file, how it changes, and what the message must say where."""

    kind: str
    name: str
    file: str                                  # under data/2022/
    change: Callable[[bytes], bytes]
    field: str                                 # the dotted field the message names
    words: str                                 # a piece of its French message
    reported: str | None = None             # the file reported, if not the one changed
    at: str | None = None                   # text on the reported line (default: the first changed line)
    example: bool = True                    # False: no value is right to copy, the `attendu` has no « par exemple »


def replace(old: str, new: str, count: int = 1) -> Callable[[bytes], bytes]:
    def change(raw: bytes) -> bytes:
        text = raw.decode("utf-8")
        assert old in text, f"{old!r} absent"
        return text.replace(old, new, count).encode("utf-8")
    return change


def append(extra: str) -> Callable[[bytes], bytes]:
    return lambda raw: raw + extra.encode("utf-8")


def whole(text: str) -> Callable[[bytes], bytes]:
    return lambda raw: text.encode("utf-8")


def alias_bomb(levels: int = 10) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


C = Case
# The message of a reserved id, written out here: the ids a data file may not use, and what each would replace.
RESERVED = ("identifiant réservé (index : la page qui liste les autres ; sitemap : le plan du site ; toutes : l'agenda d'un "
            "candidat avec toutes ses langues)")
R = replace
BIG_NAME = "Lycée " + "très " * 20_000
CASES: list[Case] = [
    # --- YAML syntax -------------------------------------------------------------------------------
    C("yaml", "deux-points-dans-une-valeur", "contacts.yml", R("    phone: 05 36 25 71 07", "    phone: 05: 36"),
      "contacts[1].phone", "« : » inattendu"),
    C("yaml", "guillemet-non-ferme", "news.yml", R('title: "Nouveautés session 2022 : certification obligatoire en anglais et certification « PIX »"',
                                                    'title: "Nouveautés session 2022 : certification obligatoire'),
      "title", "guillemet ouvert ici et jamais fermé"),
    # The quote runs on to the next line's quote, where the parser fails: the message names the line it opened on.
    C("yaml", "guillemet-non-ferme-sur-sa-ligne", "calendar.yml", R('start: "14:00"', 'start: "14:00'),
      "written[0].start", "guillemet ouvert ici et jamais fermé sur sa ligne"),
    C("yaml", "apostrophe-non-fermee-sur-sa-ligne", "centres.yml",
      R("    town: Toulouse\n    department: \"31\"\n    address: 8 rue", "    town: 'Toulouse\n    department: \"31\"\n    address: 8 rue"),
      "centres[2].town", "guillemet ouvert ici et jamais fermé sur sa ligne"),
    # A quote inside a quoted value of a « {…} » line closes it: the brace was blamed, and the line's first key.
    C("yaml", "apostrophe-entre-apostrophes-en-accolades", "centres.yml",
      R("{id: jeanne-d-arc-mazamet, name: Lycée Jeanne d'Arc,", "{id: jeanne-d-arc-mazamet, name: 'Lycée Jeanne d'Arc',"),
      "centres[9].name", "guillemet fermé trop tôt"),
    C("yaml", "guillemets-entre-guillemets-en-accolades", "establishments.yml",
      R('display_name: "Purple Campus Foix"', 'display_name: "Purple "Campus" Foix"'),
      "establishments[2].display_name", "guillemet fermé trop tôt"),
    # Only the comma missing after a quoted value: the brace's message, which says so, not a quote closed too early.
    C("yaml", "virgule-manquante-apres-des-guillemets", "centres.yml",
      R("{id: jeanne-d-arc-mazamet, name: Lycée Jeanne d'Arc, town: Mazamet,", "{id: jeanne-d-arc-mazamet, name: \"Lycée Jeanne d'Arc\"town: Mazamet,"),
      "centres[9]", "« , » ou « } » manquant"),
    C("yaml", "crochet-non-ferme", "calendar.yml", R("centres: [pradeau-la-sede]", "centres: [pradeau-la-sede"),
      "oral[2].centres", "liste entre crochets ouverte ici"),
    C("yaml", "accolade-non-fermee", "establishments.yml", R("name: LP JEAN DURROUX, candidates: 12}",
                                                             "name: LP JEAN DURROUX, candidates: 12"),
      "establishments[1]", "bloc entre accolades ouvert ici"),
    C("yaml", "tabulation", "calendar.yml", R("    date: 2022-05-17", "\tdate: 2022-05-17"), "written[1]", "tabulation dans l'indentation"),
    C("yaml", "cle-mal-indentee", "centres.yml", R("    town: Muret", "     town: Muret"), "centres[3]", "ligne mal indentée"),
    C("yaml", "tiret-mal-aligne", "calendar.yml", R("  - exam: e1\n", "   - exam: e1\n"), "written[0]", "indentation incohérente d'un élément de liste"),
    C("yaml", "deux-points-oublie", "session.yml", R("academy: Toulouse", "academy Toulouse"), "", "« : » manquant"),
    # On a list item's first key: the next line, indented under it, reads as the rest of its text, and YAML stops at
    # that line's « : » (reported there, as a colon to quote, before 30 November 2026).
    C("yaml", "deux-points-oublie-sur-la-premiere-cle-d-un-element", "calendar.yml", R("  - exam: e3\n", "  - exam e3\n"),
      "written[0]", "« : » manquant après « exam »", at="  - exam e3"),
    # A text on several lines with a « : » on its second: the colon to quote, not a key on the first line.
    C("yaml", "deux-points-dans-la-suite-d-un-texte", "results.yml",
      R("address_change: Tout changement", "address_change:\n  tout changement\n  d'adresse : au service"),
      "", "« : » inattendu dans une valeur", at="  d'adresse : au service"),
    C("yaml", "alias-inconnu", "livrets.yml", R("destination: berthelot", "destination: *nope"), "destination", "alias inconnu « *nope »"),
    C("yaml", "etiquette-python", "internships.yml", R("minimum_weeks: 4", "minimum_weeks: !!python/object/apply:os.system [ls]"),
      "minimum_weeks", "étiquette YAML « tag:yaml.org,2002:python/object/apply:os.system » non acceptée"),
    C("yaml", "etiquette-locale", "results.yml", R("  platform: Cyclades", "  platform: !cyclades Cyclades"), "results.platform",
      "étiquette YAML « !cyclades » non acceptée"),
    C("yaml", "deux-documents", "archiving.yml", append("---\nretention_years: 6\n"), "", "plusieurs documents", at="---"),
    C("yaml", "echappement-inconnu", "results.yml", R("  platform: Cyclades", '  platform: "C:\\cyclades"'), "results.platform",
      "barre oblique inverse"),
    C("yaml", "arobase-en-debut", "exams.yml", R("title: Culture Générale et Expression", "title: @Culture Générale"),
      "exams[0].title", "caractère « @ » interdit"),
    C("yaml", "accent-grave-en-debut", "exams.yml", R("title: Culture Générale et Expression", "title: `Culture`"),
      "exams[0].title", "caractère « ` » interdit"),
    C("yaml", "esperluette-seule", "centres.yml", R("name: CFA Commerce & Services", "name: & Services"), "centres[6].name",
      "« & » ou « * » en début de valeur"),
    C("yaml", "bloc-texte-mal-ecrit", "dossiers.yml", R("  intro: >-", "  intro: >x"), "deposit.intro", "bloc de texte"),
    C("yaml", "directive", "internships.yml", lambda raw: b"%YAML 2.0\n---\n" + raw, "", "directive", at="%YAML"),
    C("yaml", "fichier-vide", "archiving.yml", whole(""), "(fichier)", "fichier vide", at=None),
    C("yaml", "commentaires-seulement", "archiving.yml", whole("# rien\n"), "(fichier)", "fichier vide"),
    C("yaml", "tiret-apres-valeur", "session.yml", R("  role: La Directrice des Examens et Concours",
                                                    "  role: La Directrice\n  - des Examens"), "signatory", "indentation incohérente",
      at="  - des Examens"),
    C("yaml", "texte-apres-le-guillemet", "exams.yml", R("title: Culture Générale et Expression", 'title: "Culture Générale" et Expression'),
      "exams[0].title", "texte après le guillemet fermant"),
    # --- encoding ----------------------------------------------------------------------------------
    C("encoding", "latin-1", "centres.yml", lambda raw: raw.decode("utf-8").encode("latin-1"), "(fichier)",
      "caractère non UTF-8 (octet 0xE9"),
    C("encoding", "windows-1252-apostrophe", "exams.yml", lambda raw: raw.replace("Culture Générale".encode(), b"Culture \x92G", 1),
      "(fichier)", "octet 0x92", at="Culture"),
    C("encoding", "utf-16", "rules.yml", lambda raw: raw.decode("utf-8").encode("utf-16"), "(fichier)", "fichier enregistré en UTF-16",
      at=None),
    C("encoding", "utf-16-sans-marque", "rules.yml", lambda raw: raw.decode("utf-8").encode("utf-16-le"), "(fichier)",
      "fichier enregistré en UTF-16 ou UTF-32 (sans marque d'ordre)", at=None),
    C("encoding", "fichier-d-octets-nuls", "annexes.yml", lambda raw: b"\x00" * len(raw), "(fichier)",
      "fichier fait d'octets nuls, sans texte"),
    C("encoding", "octet-nul", "news.yml", R("title: Certification en anglais", "title: Certification\x00 en anglais"), "(fichier)",
      "caractère invisible interdit (U+0000)"),
    C("encoding", "caractere-de-controle", "operations.yml", R("operation: Matériel Candidat", "operation: Matériel\x1b[31m Candidat"),
      "(fichier)", "caractère invisible interdit (U+001B)"),
    C("encoding", "espace-sans-largeur", "centres.yml", R("name: Lycée Berthelot", "name: \u200b"), "(fichier)",
      "caractère invisible interdit (U+200B)"),
    C("encoding", "inversion-du-sens-d-ecriture", "establishments.yml", R("name: TSGE VIDAL,", "name: TSGE \u202eLADIV,"),
      "(fichier)", "caractère invisible interdit (U+202E)"),
    # The same characters written as escapes between double quotes: the file's bytes are clean, the value is not.
    C("encoding", "inversion-ecrite-par-echappement", "centres.yml", R("name: Lycée Gabriel Péri,", 'name: "Lycée \\u202eirép leirbaG",'),
      "centres[5].name", "caractère invisible interdit (U+202E, écrit par un échappement"),
    C("encoding", "controles-ecrits-par-echappement", "operations.yml", R("planned: Semaine du 11 au 15 avril 2022",
                                                                       'planned: "Semaine du 11\\0 au 15\\e[2J avril 2022"'),
      "operations[1].planned", "caractère invisible interdit (U+0000, écrit par un échappement"),
    C("encoding", "tabulation-verticale-ecrite-par-echappement", "forms/engagement-etudiant.yml",
      R('label: "Intitulé de la mission :"', 'label: "Intitulé de la mission\\x0b :"'),
      "sheets[0].sections[3].items[0].text.label", "caractère invisible interdit (U+000B, écrit par un échappement"),
    C("encoding", "non-caractere-ecrit-par-echappement", "session.yml", R("specialty: Négociation et Digitalisation de la Relation Client",
                                                                         'specialty: "Négociation et Digitalisation de la Relation Client\\uFFFF"'),
      "specialty", "caractère invisible interdit (U+FFFF, écrit par un échappement"),
    C("encoding", "retour-chariot-ecrit-par-echappement", "operations.yml", R("planned: Semaine du 11 au 15 avril 2022",
                                                                            'planned: "Semaine X\\r\\nBEGIN:VALARM\\r\\nEND:VALARM"'),
      "operations[1].planned", "caractère invisible interdit (U+000D, écrit par un échappement"),
    C("encoding", "separateur-de-ligne", "centres.yml", R("town: Cahors", "town: Ca\u2028hors"), "(fichier)",
      "caractère invisible interdit (U+2028)"),
    C("encoding", "suite-utf8-coupee", "livrets.yml", lambda raw: raw.replace(b"sorting: Les", b"sorting: \xc3Les"), "(fichier)",
      "caractère non UTF-8 (octet 0xC3", at="sorting:"),
    # What the PDF forms' font cannot print (a black square in its place), in a form or in what their headers print.
    C("encoding", "case-a-cocher-dans-un-libelle", "forms/engagement-etudiant.yml",
      R('label: "Nom de l\'organisme :"', 'label: "\u2610 Nom de l\'organisme :"'),
      "sheets[0].sections[1].items[0].text.label", "caractère « ☐ » (U+2610) que les formulaires PDF ne savent pas imprimer"),
    C("encoding", "lettre-hors-police-des-pdf", "session.yml", R("specialty: Négociation et Digitalisation de la Relation Client",
                                                                "specialty: Négociation et Digitalisation de la Relation Client Łódź"),
      "specialty", "caractère « Ł » (U+0141) que les formulaires PDF ne savent pas imprimer"),
    # --- structure and types -----------------------------------------------------------------------
    C("structure", "cle-obligatoire-absente", "establishments.yml", R("{id: tsge-adonis, name: TSGE ADONIS, candidates: 3}",
                                                                     "{id: tsge-adonis, name: TSGE ADONIS}"),
      "establishments[17].candidates", "champ obligatoire absent"),
    C("structure", "bloc-obligatoire-absent", "dossiers.yml", R("conformity:", "conformite:"), "conformite", "clé inconnue"),
    C("structure", "liste-au-lieu-de-texte", "calendar.yml", R("centres: [pradeau-la-sede]", "centres: pradeau-la-sede"),
      "oral[2].centres", "liste attendue"),
    C("structure", "texte-au-lieu-de-bloc", "results.yml", R("results:\n  date: 2022-07-01\n  from: \"14:00\"\n  platform: Cyclades\n",
                                                             "results: le 1er juillet\n"), "results", "bloc attendu"),
    C("structure", "nombre-en-lettres", "establishments.yml", R("candidates: 29}", "candidates: vingt-neuf}"),
      "establishments[5].candidates", "nombre entier attendu"),
    C("structure", "nombre-a-virgule", "establishments.yml", R("candidates: 29}", "candidates: 29.5}"),
      "establishments[5].candidates", "nombre entier attendu"),
    C("structure", "nombre-negatif", "establishments.yml", R("candidates: 29}", "candidates: -29}"),
      "establishments[5].candidates", "nombre trop petit"),
    C("structure", "nombre-entre-guillemets", "session.yml", R("year: 2022", 'year: "2022"'), "year", "nombre entier attendu"),
    # YAML 1.1 reads 010 as eight and 0x0C as twelve: staff who write them mean ten and… something else.
    C("structure", "nombre-avec-zero-en-tete", "archiving.yml", R("retention_years: 5", "retention_years: 010"), "retention_years",
      "nombre entier attendu : « 010 »"),
    C("structure", "nombre-hexadecimal", "internships.yml", R("minimum_weeks: 4", "minimum_weeks: 0x0C"), "minimum_weeks",
      "nombre entier attendu : « 0x0C »"),
    # YAML 1.1 reads 2_9 as twenty-nine: a slip between two keys, or two numbers, never a number staff meant (data review).
    C("structure", "nombre-avec-soulignement", "establishments.yml", R("candidates: 29}", "candidates: 2_9}"),
      "establishments[5].candidates", "nombre entier attendu : « 2_9 »"),
    # Typed in Word or a mail, then pasted: the curly quotes stay in the name, on every page (data review).
    C("structure", "guillemets-typographiques", "establishments.yml", R('display_name: "TSGE Vidal"', "display_name: “TSGE Vidal”"),
      "establishments[10].display_name", "guillemets typographiques « “ » et « ” » autour de la valeur"),
    C("structure", "annee-hors-bornes", "session.yml", R("year: 2022", "year: 1999"), "year", "nombre trop petit"),
    C("structure", "booleen-en-francais", "livrets.yml", R("imperative: true", "imperative: peut-être"), "imperative", "booléen attendu"),
    # Quoted or as a number, pydantic would read these as yes or no without a word: "no" was false, 1 true.
    C("structure", "booleen-entre-guillemets", "livrets.yml", R("imperative: true", 'imperative: "no"'), "imperative",
      "booléen attendu : « no »"),
    C("structure", "booleen-en-chiffre", "establishments.yml", R("individual: true", "individual: 1"),
      "establishments[0].individual", "booléen attendu : « 1 »"),
    C("structure", "valeur-non-prevue", "exams.yml", R("mode: écrit", "mode: ecrit"), "exams[0].mode", "valeur non prévue"),
    C("structure", "texte-vide", "centres.yml", R("name: Lycée Berthelot", 'name: ""'), "centres[4].name", "texte vide"),
    C("structure", "valeur-nulle", "centres.yml", R("name: Lycée Berthelot", "name: ~"), "centres[4].name", "texte attendu"),
    C("structure", "cle-complexe", "internships.yml", append("? [a, b]\n: c\n"), "", "clé complexe", at="? [a, b]"),
    C("structure", "cle-nombre-dans-departments", "centres.yml", R('  "31": Haute-Garonne', "  31: Haute-Garonne"),
      "departments.31", "clé « 31 » lue comme un nombre"),
    # Named as typed (« yes »), not as YAML reads it (« true »).
    C("structure", "cle-booleenne", "internships.yml", append("yes: 4\n"), "yes", "clé « yes » lue comme un booléen", at="yes: 4"),
    # « <<: » merges another block into this one in YAML; the reader takes it as a key named « << ».
    C("structure", "cle-de-fusion", "contacts.yml", R("    role: Chef de Bureau", "    role: Chef de Bureau\n    <<: {note: x}"),
      "contacts[1].<<", "clé de fusion « << » non acceptée", at="    <<:"),
    C("structure", "fichier-liste", "news.yml", whole("- a\n- b\n"), "(fichier)", "bloc attendu"),
    C("structure", "periodes-vides", "calendar.yml", R("    periods:\n      - {start: 2022-05-31, end: 2022-06-03}", "    periods: []"),
      "oral[2].periods", "liste trop courte"),
    C("structure", "element-de-formulaire-double", "forms/e4-fiche-descriptive.yml",
      R('- text: {id: titre, label: "TITRE :"}', '- text: {id: titre, label: "TITRE :"}\n            date: {id: jour, label: Jour}'),
      "sheets[0].sections[0].items[1]", "élément sans type ou de plusieurs types", at='- text: {id: titre, label: "TITRE :"}'),
    C("structure", "lignes-hors-bornes", "forms/engagement-etudiant.yml", R("label: \"Intitulé de la mission :\"}",
                                                                           "label: \"Intitulé de la mission :\", lines: 100}"),
      "sheets[0].sections[3].items[0].text.lines", "nombre trop grand"),
    C("structure", "stage-zero-semaine", "internships.yml", R("minimum_weeks: 4", "minimum_weeks: 0"), "minimum_weeks", "nombre trop petit"),
    C("structure", "date-nombre", "livrets.yml", R("deadline: 2022-06-10", "deadline: 20220610"), "deadline", "date invalide"),
    # A no-break space is read as a space (pasted text): alone, the value is still empty.
    C("structure", "espace-insecable-seule", "centres.yml", R("town: Cahors", 'town: "\u00a0"'), "centres[7].town",
      "texte vide : « [espace] »"),
    C("structure", "texte-lu-comme-oui-non", "centres.yml", R("town: Cahors", "town: Off"), "centres[7].town",
      "texte attendu, lu comme oui ou non : « Off »"),   # quoted as typed, not as YAML read it (false)
    # A key's mistake is quoted as the key, though its value (here one YAML reads as yes) has the same path.
    C("structure", "cle-invalide-a-valeur-oui-non", "centres.yml", R('  "09": Ariège', '  "999": yes'), "departments.999",
      "format invalide : « 999 »"),
    # « # » typed in a value without quotes, one space before it: YAML keeps « 14 rue Mesclin » and drops the rest.
    C("yaml", "diese-dans-une-valeur", "centres.yml", R("    address: 14 rue Mesclin 65000 Tarbes",
                                                        "    address: 14 rue Mesclin #bâtiment B 65000 Tarbes"),
      "centres[8].address", "« # » collé à un mot après une valeur sans guillemets : YAML lit « #bâtiment B 65000 Tarbes » comme "
      "un commentaire, et la valeur s'arrête à « 14 rue Mesclin »"),
    # Two spaces before « #3 »: YAML reads a comment there too, and the address lost its town without a word (data review).
    C("yaml", "diese-apres-deux-espaces", "centres.yml", R("    address: 14 rue Mesclin 65000 Tarbes",
                                                           "    address: 14 rue Mesclin  #3 65000 Tarbes"),
      "centres[8].address", "YAML lit « #3 65000 Tarbes » comme un commentaire, et la valeur s'arrête à « 14 rue Mesclin »"),
    # A comma ends a value without quotes inside « {…} »: « Toulouse » was reported as an unknown key, « par exemple aliases ».
    C("yaml", "virgule-dans-une-valeur-en-accolades", "establishments.yml",
      R('display_name: "TSGE Vidal"', "display_name: TSGE Vidal, Toulouse"),
      "establishments[10].display_name", "une virgule coupe la valeur de display_name"),
    # A list item copied without its « - »: its keys were five duplicates, each « supprimer … ce second », which deleted it.
    C("yaml", "tiret-oublie", "calendar.yml", R("  - exam: e1\n", "    exam: e1\n"), "written[0].exam",
      "un « - » manque sans doute en début de ligne 8"),
    # An address written over two lines as a block: its quote shows the line break as a space, so the message says it.
    C("structure", "adresse-sur-deux-lignes", "centres.yml", R("    address: 14 rue Mesclin 65000 Tarbes",
                                                               "    address: |\n      14 rue Mesclin\n      65000 Tarbes"),
      "centres[8].address", "texte sur plusieurs lignes là où une seule est attendue : « 14 rue Mesclin 65000 Tarbes »"),
    C("structure", "aucune-epreuve", "exams.yml", whole("exams: []\n"), "exams", "liste trop courte", at="exams:"),
    # A value cleared to paste another, then left empty: YAML read no value and the site said the circular gives none.
    C("structure", "valeur-effacee", "centres.yml", R("    address: 14 rue Mesclin 65000 Tarbes", "    address:"),
      "centres[8].address", "valeur vide après « address: »", example=False),
    C("structure", "valeur-effacee-avant-un-commentaire", "centres.yml",
      R("    address: 14 rue Mesclin 65000 Tarbes", "    address:    # à recoller"),
      "centres[8].address", "valeur vide après « address: »", example=False),
    C("structure", "valeur-effacee-entre-accolades", "centres.yml", R('town: Ferrières sur Ariège, department: "09"}',
                                                                     'town: , department: "09"}'),
      "centres[0].town", "valeur vide après « town: »", example=False),
    C("structure", "element-de-liste-vide", "archiving.yml", R("  - circulaire rectorale du 8 juillet 2014", "  -"),
      "circulars[0]", "élément de liste vide", example=False),
    # A quote at one end only: kept as text, it showed on every page, calendar and export (« 65000 Tarbes" »).
    C("structure", "guillemet-seul-a-la-fin", "centres.yml",
      R("    address: 14 rue Mesclin 65000 Tarbes", '    address: 14 rue Mesclin 65000 Tarbes"'),
      "centres[8].address", "guillemet « \" » seul à la fin de la valeur"),
    C("structure", "guillemet-typographique-seul-au-debut", "centres.yml",
      R("    address: 14 rue Mesclin 65000 Tarbes", "    address: “14 rue Mesclin 65000 Tarbes"),
      "centres[8].address", "guillemet « “ » seul au début de la valeur"),
    C("structure", "guillemet-typographique-seul-a-la-fin", "centres.yml",
      R("    address: 14 rue Mesclin 65000 Tarbes", "    address: 14 rue Mesclin 65000 Tarbes”"),
      "centres[8].address", "guillemet « ” » seul à la fin de la valeur"),
    # « 2, rue du Lycée »: the comma after a house number cut the value, and « 2 » was refused as a number besides.
    # A count before the comma is a number staff meant: no advice to quote « 3, environ », which a count refuses.
    C("unknown-key", "virgule-apres-un-effectif", "establishments.yml",
      R("name: TSGE ADONIS, candidates: 3}", "name: TSGE ADONIS, candidates: 3, environ}"),
      "establishments[17].environ", "clé inconnue « environ »"),
    C("yaml", "virgule-apres-un-numero", "centres.yml",
      R('town: Mazamet, department: "81"}', 'town: Mazamet, department: "81", address: 2, rue du Lycée, 81200 Mazamet}'),
      "centres[9].address", "une virgule coupe la valeur de address"),
    # --- unknown keys ------------------------------------------------------------------------------
    C("unknown-key", "espace-en-fin-de-cle", "centres.yml", R("    town: Muret", '    "town ": Muret'), "centres[3].town[espace]",
      "clé inconnue « town[espace] »"),
    C("unknown-key", "cle-traduite", "establishments.yml", R("{id: tsge-adonis, name:", "{id: tsge-adonis, nom:"),
      "establishments[17].nom", "clé inconnue « nom »"),
    C("unknown-key", "cle-en-trop-en-tete", "session.yml", R("academy: Toulouse", "academy: Toulouse\nacademie: Toulouse"),
      "academie", "clé inconnue « academie »", at="academie:"),
    C("unknown-key", "cle-majuscule", "centres.yml", R("    town: Muret", "    Town: Muret"), "centres[3].Town", "clé inconnue « Town »"),
    C("unknown-key", "cle-de-formulaire", "forms/e4-fiche-descriptive.yml", R('{id: titre, label: "TITRE :"}', '{id: titre, libelle: "TITRE :"}'),
      "sheets[0].sections[0].items[1].text.libelle", "clé inconnue « libelle »"),
    C("unknown-key", "salle-inventee", "calendar.yml", R("    note: copies dématérialisées\n", "    note: copies dématérialisées\n    room: B12\n"),
      "written[0].room", "clé inconnue « room »", at="room: B12"),
    C("unknown-key", "fichier-inconnu", "centres.yml", lambda raw: raw, "(fichier)", "fichier inconnu", reported="centers.yml"),
    # --- identifiers -------------------------------------------------------------------------------
    C("identifier", "majuscules-et-espace", "centres.yml", R("{id: gabriel-peri,", "{id: Gabriel Peri,"), "centres[5].id",
      "format invalide : « Gabriel Peri »"),
    C("identifier", "accents", "centres.yml", R("{id: gabriel-peri,", "{id: gabriel-péri,"), "centres[5].id", "format invalide"),
    C("identifier", "index-prend-la-page-de-liste", "establishments.yml", R("{id: tsge-vidal,", "{id: index,"),
      "establishments[10].id", RESERVED + " : « index »"),
    C("identifier", "sitemap-prend-la-place-d-un-plan", "centres.yml", R("{id: gabriel-peri,", "{id: sitemap,"), "centres[5].id",
      RESERVED + " : « sitemap »"),
    # The file name of a candidate's calendar with every language: an exam of that name silently replaced it (data review).
    C("identifier", "toutes-prend-la-place-d-un-agenda", "exams.yml", R("  - id: langues", "  - id: toutes"), "exams[9].id",
      RESERVED + " : « toutes »"),
    C("identifier", "chemin-remontant", "establishments.yml", R("{id: tsge-vidal,", "{id: ../../etc/passwd,"), "establishments[10].id",
      "format invalide"),
    C("identifier", "barre-oblique", "news.yml", R("  - id: pix", "  - id: pix/2022"), "items[1].id", "format invalide"),
    C("identifier", "trop-long", "centres.yml", R("{id: gabriel-peri,", "{id: " + "gabriel-peri-" * 23 + "x,"), "centres[5].id",
      "texte trop long (300 caractères, 64 au plus)"),
    C("identifier", "tiret-final", "exams.yml", R("  - id: e1\n", "  - id: e1-\n"), "exams[0].id", "format invalide"),
    C("identifier", "tiret-bas", "operations.yml", R("id: materiel-centre", "id: materiel_centre"), "operations[3].id", "format invalide"),
    C("identifier", "identifiant-vide", "contacts.yml", R("id: jordi-llorens", 'id: ""'), "contacts[1].id", "format invalide"),
    C("identifier", "identifiant-nombre", "annexes.yml", R("id: attestation-de-stage", "id: 1"), "annexes[0].id", "texte attendu"),
    C("identifier", "identifiant-de-champ", "forms/engagement-etudiant.yml", R("{id: mission,", "{id: Mission,"),
      "sheets[0].sections[3].items[0].text.id", "format invalide"),
    C("identifier", "renvoi-en-majuscules", "calendar.yml", R("centres: [pradeau-la-sede]", "centres: [Pradeau]"),
      "oral[2].centres[0]", "format invalide"),
    # --- references --------------------------------------------------------------------------------
    C("reference", "etablissement-inconnu", "centres.yml", R("{establishment: tsge-adonis,", "{establishment: tsge-adonys,"),
      "written_centres[2].origins[5].establishment", "établissement inconnu « tsge-adonys »"),
    C("reference", "centre-oral-inconnu", "calendar.yml", R("centres: [pradeau-la-sede]", "centres: [pradeau]"), "oral[2].centres[0]",
      "centre inconnu « pradeau »", example=False),
    # A slip of a letter or two of one known id, and only one: that id is the example.
    C("reference", "centre-d-oral-mal-orthographie", "calendar.yml", R("centres: [issec-pigier, pierre-d-aragon]",
                                                                     "centres: [issec-pigeir, pierre-d-aragon]"),
      "oral[1].centres[0]", "centre inconnu « issec-pigeir »"),
    C("reference", "origine-mal-orthographiee", "centres.yml", R("{establishment: tsge-vidal,", "{establishment: tsge-vidall,"),
      "written_centres[3].origins[1].establishment", "établissement inconnu « tsge-vidall »"),
    # An establishment's line deleted, its origin left: no other establishment is its example (« tsge-adonis » was;
    # staff followed it, then the counts' messages, and published wrong counts).
    C("reference", "etablissement-retire", "establishments.yml",
      R('  - {id: tsge-vidal, display_name: "TSGE Vidal", name: TSGE VIDAL, candidates: 24}\n', ""),
      "written_centres[3].origins[1].establishment", "établissement inconnu « tsge-vidal »", reported="centres.yml",
      at="{establishment: tsge-vidal,", example=False),
    C("reference", "epreuve-ecrite-inconnue", "calendar.yml", R("  - exam: e3\n", "  - exam: e33\n"), "written[0].exam",
      "épreuve inconnue « e33 »"),
    C("reference", "epreuve-d-annexe-inconnue", "annexes.yml", R("exams: [e6]", "exams: [e7]"), "annexes[2].exams[0]",
      "épreuve inconnue « e7 »", example=False),
    C("reference", "centre-des-livrets-inconnu", "livrets.yml", R("destination: berthelot", "destination: bertelot"), "destination",
      "centre inconnu « bertelot »"),
    C("reference", "departement-inconnu", "centres.yml", R('town: Rodez, department: "12"', 'town: Rodez, department: "13"'),
      "centres[1].department", "département inconnu « 13 »", example=False),
    C("reference", "note-de-formulaire-inconnue", "forms/engagement-etudiant.yml", R("heading_note: article", "heading_note: articel"),
      "sheets[0].heading_note", "note inconnue « articel »"),
    C("reference", "epreuve-de-formulaire-inconnue", "forms/engagement-etudiant.yml", R("              exam: e6", "              exam: e9"),
      "sheets[0].sections[0].items[0].statement.exam", "épreuve inconnue « e9 »", example=False),
    C("reference", "annexe-inconnue", "forms/engagement-etudiant.yml", R("annex: engagement-etudiant", "annex: engagement"), "annex",
      "annexe inconnue « engagement »", example=False),
    C("reference", "epreuve-de-dossier-inconnue", "dossiers.yml", R("    - exam: e4\n", "    - exam: e44\n"),
      "deposit.requirements[0].exam", "épreuve inconnue « e44 »"),
    C("reference", "epreuve-d-interdiction-inconnue", "rules.yml", R("    - exam: e5-ecrit\n", "    - exam: e5\n"),
      "written.exit_bans[0].exam", "épreuve inconnue « e5 »", example=False),
    C("reference", "oral-publie-en-ecrit", "calendar.yml", R("  - exam: e1\n", "  - exam: e4\n"), "written[1].exam",
      "l'épreuve « e4 » n'est pas écrite (mode: oral"),
    C("reference", "ecrit-sans-date", "calendar.yml", R("  - exam: e1\n", "  - exam: e4\n"), "written",
      "l'épreuve écrite « e1 » n'a pas de date", at="written:"),
    C("reference", "ecrit-publie-en-oral", "calendar.yml", R("  - exam: e4\n    periods", "  - exam: e1\n    periods"),
      "oral[4].exam", "l'épreuve « e1 » n'est pas orale (mode: écrit"),
    # An oral exam without its entry was on no page and in no calendar, without a word.
    C("reference", "oral-sans-date", "calendar.yml",
      R("  - exam: e6\n    periods:\n      - {start: 2022-06-20, end: 2022-06-24}\n    centres: [borde-basse]\n", ""),
      "oral", "l'épreuve orale « e6 » n'a pas de date dans oral", at="oral:"),
    # --- dates and times ---------------------------------------------------------------------------
    C("date", "date-impossible", "calendar.yml", R("date: 2022-05-17", "date: 2022-02-30"), "written[1].date", "date invalide",
      example=False),
    C("date", "oral-un-dimanche", "calendar.yml", R("{start: 2022-06-08, end: 2022-06-10}", "{start: 2022-06-19, end: 2022-06-19}"),
      "oral[3].periods[0]", "l'oral « e2-espagnol » n'a aucun jour ouvré : le 2022-06-19, un dimanche"),
    C("date", "oral-un-jour-ferie", "calendar.yml", R("{start: 2022-05-09, end: 2022-05-13}", "{start: 2022-05-08, end: 2022-05-08}"),
      "oral[0].periods[0]", "l'oral « langues » n'a aucun jour ouvré : le 2022-05-08, un jour férié (8 mai)"),
    C("date", "convocations-apres-les-epreuves", "operations.yml",
      R("    from: 2022-04-11\n    to: 2022-04-15\n    concerns: [candidats, etablissements]",
        "    from: 2022-09-11\n    to: 2022-09-15\n    concerns: [candidats, etablissements]"),
      "operations[1].from", "les convocations sont mises à disposition le 2022-09-11, trop tard : la première épreuve"),
    C("date", "livrets-apres-les-resultats", "livrets.yml", R("deadline: 2022-06-10", "deadline: 2022-07-20"), "deadline",
      "les livrets sont attendus le 2022-07-20, trop tard : les résultats sont publiés le 2022-07-01"),
    C("date", "date-a-la-francaise", "calendar.yml", R("date: 2022-05-17", "date: 17/05/2022"), "written[1].date", "date invalide"),
    C("date", "heure-sans-deux-points", "calendar.yml", R('end: "17:00"', 'end: "17h"'), "written[2].end", "heure invalide"),
    # Quoted as typed, not as YAML read it (17.0).
    C("date", "heure-avec-un-point", "calendar.yml", R('end: "17:00"', "end: 17.00"), "written[2].end", "heure invalide : « 17.00 »"),
    C("date", "heure-impossible", "results.yml", R('from: "14:00"', 'from: "25:00"'), "results.from", "heure invalide"),
    C("date", "heure-de-nuit", "calendar.yml", R('start: "14:00"', 'start: "04:00"'), "written[0].start",
      "heure hors de la journée d'examen : « 04:00 »"),
    C("date", "heure-nombre", "results.yml", R('from: "14:00"', "from: 14"), "results.from", "heure invalide"),
    C("date", "fin-avant-debut-ecrit", "calendar.yml", R('end: "17:00"', 'end: "13:00"'), "written[2].end", "finit (13:00) avant de commencer"),
    C("date", "fin-au-debut-ecrit", "calendar.yml", R('end: "17:00"', 'end: "14:00"'), "written[2].end",
      "finit (14:00) à l'heure où elle commence (14:00)"),
    C("date", "fin-avant-debut-oral-en-bloc", "calendar.yml", R("      - {start: 2022-05-23, end: 2022-05-25}",
                                                                "      - start: 2022-05-23\n        end: 2022-05-20"),
      "oral[1].periods[1].end", "la fin (2022-05-20) précède le début", at="        end: 2022-05-20"),
    # Two periods of one oral that overlap, or are written in the wrong order: « période 1 sur 2 » would be the later one.
    C("date", "periodes-d-un-oral-qui-se-chevauchent", "calendar.yml", R("      - {start: 2022-05-23, end: 2022-05-25}",
                                                                         "      - {start: 2022-05-12, end: 2022-05-25}"),
      "oral[1].periods[1].start", "la période 2022-05-12 – 2022-05-25 de l'oral « e5-oral » chevauche periods[0] "
      "(2022-05-10 – 2022-05-13)"),
    C("date", "periodes-d-un-oral-dans-le-desordre", "calendar.yml",
      R("      - {start: 2022-05-10, end: 2022-05-13}\n      - {start: 2022-05-23, end: 2022-05-25}",
        "      - {start: 2022-05-23, end: 2022-05-25}\n      - {start: 2022-05-10, end: 2022-05-13}"),
      "oral[1].periods[1].start", "est écrite après periods[0] (2022-05-23 – 2022-05-25), qu'elle précède",
      at="      - {start: 2022-05-10, end: 2022-05-13}"),
    # A value the circular's text states beside it, changed alone: the site would show both.
    C("date", "livrets-date-contredite-par-le-texte", "livrets.yml", R("deadline: 2022-06-10", "deadline: 2022-06-09"), "deadline",
      "deadline vaut 2022-06-09, mais le texte de la circulaire (sending) dit 2022-06-10"),
    C("count", "stages-semaines-contredites-par-le-texte", "internships.yml", R("minimum_weeks: 4", "minimum_weeks: 40"),
      "minimum_weeks", "minimum_weeks vaut 40, mais le texte de la circulaire (text) dit 4"),
    # An address copied from another centre: candidates sent to Toulouse for a centre in Tarbes.
    C("count", "adresse-d-un-autre-departement", "centres.yml",
      R("address: 14 rue Mesclin 65000 Tarbes", "address: 8 rue Françoise d'Eaubonne 31200 Toulouse"), "centres[8].address",
      "le code postal 31200 de l'adresse n'est pas du département du centre (65 – Hautes-Pyrénées)", example=False),
    C("count", "departement-d-un-autre-centre", "centres.yml", R('town: Tarbes\n    department: "65"', 'town: Tarbes\n    department: "31"'),
      "centres[8].address", "le code postal 65000 de l'adresse n'est pas du département du centre (31 – Haute-Garonne)",
      example=False, at="address: 14 rue Mesclin"),
    # « jusqu'à 14 h 30 » on every written card under « dans la limite de la première heure ».
    C("count", "retard-en-minutes-contredit-par-le-texte", "rules.yml", R("late_entry_minutes: 60", "late_entry_minutes: 30"),
      "written.late_entry_minutes", "written.late_entry_minutes vaut 30, mais le texte de la circulaire (written.lateness) dit 60"),
    C("count", "retard-en-minutes-sans-duree-dans-le-texte", "rules.yml",
      R("autorisé dans la limite de la première heure", "autorisé pendant un certain temps"), "written.late_entry_minutes",
      "written.late_entry_minutes vaut 60, mais le texte de la circulaire (written.lateness) ne dit pas de durée", example=False,
      at="late_entry_minutes: 60"),
    C("date", "operation-date-contredite-par-le-texte", "operations.yml", R("    from: 2022-04-11\n    to: 2022-04-15",
                                                                            "    from: 2022-04-12\n    to: 2022-04-15"),
      "operations[1].from", "operations[1].from vaut 2022-04-12, mais le texte de la circulaire (operations[1].planned) dit "
      "du 2022-04-11 au 2022-04-15"),
    C("count", "archivage-annees-contredites-par-le-texte", "archiving.yml", R("retention_years: 5", "retention_years: 50"),
      "retention_years", "retention_years vaut 50, mais le texte de la circulaire (diplomas) dit 5"),
    C("date", "cloture-avant-ouverture", "dossiers.yml", R("  closes: 2022-04-18", "  closes: 2022-03-18"), "deposit.closes",
      "la fin (2022-03-18) précède le début"),
    C("date", "operation-a-l-envers", "operations.yml", R("    to: 2022-04-15", "    to: 2022-04-01"), "operations[1].to",
      "la fin (2022-04-01) précède le début"),
    # A wrong year in session.yml: every correct date was said outside the session, « par exemple 2023-05-16 ».
    C("date", "annee-de-session-fausse", "session.yml", R("year: 2022", "year: 2023"), "year",
      "année 2023, mais les 26 dates de la session sont de 2022"),
    C("date", "annee-de-session-precedente", "session.yml", R("year: 2022", "year: 2021"), "year",
      "année 2021, mais les 26 dates de la session sont de 2022"),
    C("date", "livrets-hors-session", "livrets.yml", R("deadline: 2022-06-10", "deadline: 2023-06-10"), "deadline", "date hors de la session"),
    # A Sunday of 2021: the only advice is a date of 2022 (not the Monday after, in 2021, nor convocations in 2021).
    C("date", "ecrit-l-annee-precedente", "calendar.yml", R("date: 2022-05-16", "date: 2021-05-16"), "written[0].date",
      "date hors de la session : 2021-05-16"),
    C("date", "resultats-hors-session", "results.yml", R("  date: 2022-07-01", "  date: 2021-07-01"), "results.date",
      "date hors de la session"),
    C("date", "oral-hors-session", "calendar.yml", R("{start: 2022-06-20, end: 2022-06-24}", "{start: 2022-06-20, end: 2023-06-24}"),
      "oral[5].periods[0].end", "date hors de la session : 2023-06-24"),
    C("date", "ecrits-qui-se-chevauchent", "calendar.yml", R("date: 2022-05-17", "date: 2022-05-16"), "written[1].date",
      "l'épreuve « e1 » (14:00-18:00) chevauche « e3 » (written[0], 14:00-18:00) le 2022-05-16"),
    C("date", "ecrit-un-dimanche", "calendar.yml", R("date: 2022-05-17", "date: 2022-05-15"), "written[1].date",
      "l'épreuve « e1 » est le 2022-05-15, un dimanche", example=False),
    C("date", "ecrit-un-jour-ferie", "calendar.yml", R("date: 2022-05-17", "date: 2022-05-26"), "written[1].date",
      "l'épreuve « e1 » est le 2022-05-26, un jour férié (Ascension)", example=False),
    C("date", "resultats-avant-les-epreuves", "results.yml", R("  date: 2022-07-01", "  date: 2022-03-01"), "results.date",
      "les résultats du 2022-03-01 ne suivent pas la fin des épreuves : la dernière (« e6 ») finit le 2022-06-24"),
    C("date", "cloture-apres-les-oraux-a-dossier", "dossiers.yml", R("  closes: 2022-04-18", "  closes: 2022-06-30"), "deposit.closes",
      "le dépôt des dossiers ferme le 2022-06-30, trop tard : le premier oral à dossier (« e4 ») commence le 2022-06-13"),
    # A non-conforming dossier is told « au moins 1 semaine avant le début de l'épreuve »: the deposit closes a week
    # before the first oral with a dossier (e4, 13 June); the example is a weekday (6 June 2022 is Whit Monday: the 3rd).
    C("date", "cloture-moins-d-une-semaine-avant-l-oral", "dossiers.yml", R("  closes: 2022-04-18", "  closes: 2022-06-07"),
      "deposit.closes", "le dépôt des dossiers ferme le 2022-06-07, trop tard : le premier oral à dossier (« e4 ») commence "
      "le 2022-06-13 (oral[4].periods[0].start dans data/2022/calendar.yml), et un dossier non conforme est signalé au moins "
      "1 semaine avant l'épreuve (deposit.nonconformity_notice)"),
    C("date", "operation-sans-debut", "operations.yml", R("    from: 2022-04-11\n    to: 2022-04-15\n", "    to: 2023-04-15\n"),
      "operations[1].to", "l'opération « convocations » a une fin (to: 2023-04-15) sans début"),
    # --- counts and totals -------------------------------------------------------------------------
    C("count", "etablissement-surcompte", "establishments.yml", R("name: PURPLE CAMPUS RODEZ, candidates: 29",
                                                                  "name: PURPLE CAMPUS RODEZ, candidates: 30"),
      "establishments[5].candidates", "compte 30 candidats mais a 29 candidats placés"),
    # An establishment without candidates is not on the circular's list: it would have a page with no written exam.
    C("count", "etablissement-sans-candidat", "establishments.yml", R("name: TSGE ADONIS, candidates: 3}",
                                                                      "name: TSGE ADONIS, candidates: 0}"),
      "establishments[17].candidates", "nombre trop petit : « 0 »"),
    C("count", "total-de-centre", "centres.yml", R("candidates: 46\n", "candidates: 47\n"), "written_centres[1].candidates",
      "annonce 47 candidats"),
    C("count", "total-de-session", "session.yml", R("candidate_total: 595", "candidate_total: 596"), "candidate_total",
      "la session annonce 596 candidats mais ses établissements en totalisent 595"),
    C("count", "etablissement-non-place", "centres.yml", R("{establishment: esarc-evolution-toulouse,", "{establishment: esicad-toulouse,"),
      "establishments[14].candidates", "n'est placé dans aucun centre d'écrit", reported="establishments.yml",
      at="{id: esarc-evolution-toulouse"),
    # A new establishment in no written centre: « par exemple candidates: 0 » was advised, which check refuses.
    C("count", "etablissement-sans-origine", "establishments.yml",
      append('  - {id: lycee-nouveau, display_name: "Lycée Nouveau", name: LYCEE NOUVEAU, candidates: 3}\n'),
      "establishments[35].candidates", "n'est placé dans aucun centre d'écrit", at="lycee-nouveau"),
    C("count", "archivage-negatif", "archiving.yml", R("retention_years: 5", "retention_years: -5"), "retention_years", "nombre trop petit"),
    C("count", "annexe-numero-zero", "annexes.yml", R("  - number: 1\n", "  - number: 0\n"), "annexes[0].number", "nombre trop petit"),
    # --- duplicates --------------------------------------------------------------------------------
    C("duplicate", "cle-en-double", "internships.yml", R("minimum_weeks: 4\n", "minimum_weeks: 4\nminimum_weeks: 8\n"), "minimum_weeks",
      "clé en double", at="minimum_weeks: 8"),
    C("duplicate", "centre-en-double", "centres.yml", R("{id: gabriel-peri,", "{id: berthelot,"), "centres[5].id",
      "identifiant en double « berthelot »", example=False),
    C("duplicate", "etablissement-en-double", "establishments.yml", R("{id: tsge-vidal,", "{id: lp-gabriel-peri,"),
      "establishments[10].id", "identifiant en double « lp-gabriel-peri »", example=False),
    # Changed to the id of a line further down: that line is named too, and renaming it is not the advice (its page
    # /etablissements/tsge-adonis/ is published).
    C("duplicate", "identifiant-change-en-un-autre", "establishments.yml", R("{id: tsge-vidal,", "{id: tsge-adonis,"),
      "establishments[17].id", "identifiant en double « tsge-adonis »", at="{id: tsge-adonis, name: TSGE ADONIS", example=False),
    # Two names the site shows alike: a reader could not tell the two apart in the finder or the search.
    C("duplicate", "centres-au-meme-nom", "centres.yml", R("{id: gabriel-peri, name: Lycée Gabriel Péri,", "{id: gabriel-peri, name: Lycée Berthelot,"),
      "centres[5].name", "nom de centre affiché en double « Lycée Berthelot – Toulouse »"),
    C("duplicate", "etablissements-au-meme-nom", "establishments.yml", R('display_name: "Purple Campus Rodez"', 'display_name: "Purple Campus Foix"'),
      "establishments[5].display_name", "nom d'établissement affiché en double « Purple Campus Foix »"),
    # Names that only look different (data review): two spaces, a no-break space, another case, accents typed apart.
    # The second of the two in the file is named, with the first as it is written (the line edited is line 28).
    *(C("duplicate", f"etablissements-au-nom-presque-pareil-{n}", "establishments.yml",
        R('display_name: "TSGE Vidal"', f'display_name: "{written}"'), "establishments[15].display_name", words,
        at="{id: lycee-saliege")
      for n, (written, words) in enumerate([
          ("Lycée  Saliège", "nom d'établissement affiché en double « Lycée Saliège », qui se lit comme « Lycée[espace][espace]Saliège »"),
          ("Lycée\\u00a0Saliège", "nom d'établissement affiché en double « Lycée Saliège », qui se lit comme « Lycée[espace insécable]Saliège »"),
          ("LYCÉE SALIÈGE", "nom d'établissement affiché en double « Lycée Saliège », qui se lit comme « LYCÉE SALIÈGE »"),
          # Accents typed apart (pasted from a PDF, a Mac): the same text once read (NFC), so the same name.
          ("Lyce\u0301e Salie\u0300ge", "nom d'établissement affiché en double « Lycée Saliège »")])),
    C("duplicate", "ecrit-en-double", "calendar.yml", R("  - exam: e1\n", "  - exam: e3\n"), "written[1].exam",
      "épreuve écrite en double « e3 »"),
    C("duplicate", "centre-en-double-dans-un-oral", "calendar.yml", R("centres: [pradeau-la-sede]", "centres: [pradeau-la-sede, pradeau-la-sede]"),
      "oral[2].centres[1]", "centre en double « pradeau-la-sede »"),
    C("duplicate", "oral-en-double", "calendar.yml", R("  - exam: e2-espagnol\n", "  - exam: e2-anglais\n"), "oral[3].exam",
      "épreuve orale en double « e2-anglais »"),
    C("duplicate", "periode-en-double", "calendar.yml", R("      - {start: 2022-05-23, end: 2022-05-25}",
                                                          "      - {start: 2022-05-10, end: 2022-05-13}"),
      "oral[1].periods[1].start", "période en double « 2022-05-10 2022-05-13 »"),
    C("duplicate", "option-en-double", "forms/e4-fiche-descriptive.yml", R("{id: evenement-commercial,", "{id: negociation-vente,"),
      "sheets[0].sections[0].items[0].row.fields[1].choice.options[1].id", "option ou colonne en double « negociation-vente »",
      example=False),
    C("duplicate", "origine-en-double", "centres.yml", R("{establishment: purple-campus-rodez, label: Purple campus Rodez, candidates: 29}",
                                                         "{establishment: lgt-alexis-monteil, label: Lycée Alexis Monteil, candidates: 29}"),
      "written_centres[1].origins[1].establishment", "origine en double « lgt-alexis-monteil Lycée Alexis Monteil »"),
    C("duplicate", "centre-d-ecrit-en-double", "centres.yml", R("  - centre: alexis-monteil\n", "  - centre: jean-durroux\n"),
      "written_centres[1].centre", "centre d'écrit en double « jean-durroux »"),
    C("duplicate", "numero-d-annexe-en-double", "annexes.yml", R("  - number: 2\n", "  - number: 1\n"), "annexes[1].number",
      "numéro d'annexe en double « 1 »"),
    C("duplicate", "operation-en-double", "operations.yml", R("id: materiel-centre", "id: convocations"), "operations[3].id",
      "identifiant en double « convocations »", example=False),
    C("duplicate", "epreuve-d-annexe-en-double", "annexes.yml", R("exams: [e6]", "exams: [e6, e6]"), "annexes[2].exams[1]",
      "épreuve en double « e6 »"),
    C("duplicate", "nom-de-champ-en-double", "forms/engagement-etudiant.yml", R("{id: mission,", "{id: organisme,"),
      "sheets[0].sections[3].items[0].text.id", "nom de champ en double « organisme »", example=False),
    # --- URLs, e-mails, phones ---------------------------------------------------------------------
    C("url", "javascript", "dossiers.yml", R("platform_url: null", "platform_url: javascript:alert(1)"), "deposit.platform_url",
      "format invalide : « javascript:alert(1) »"),
    C("url", "sans-protocole", "dossiers.yml", R("platform_url: null", "platform_url: www.demarches-simplifiees.fr/commencer/bts"),
      "deposit.platform_url", "format invalide"),
    C("url", "http-en-clair", "dossiers.yml", R("platform_url: null", "platform_url: http://www.demarches-simplifiees.fr/"),
      "deposit.platform_url", "format invalide"),
    C("url", "data-url", "annexes.yml", R("external_url: null", "external_url: \"data:text/html,<script>alert(1)</script>\""),
      "annexes[0].external_url", "format invalide"),
    C("url", "guillemet-dans-l-adresse", "annexes.yml", R("external_url: null", "external_url: 'https://x.fr/\" onmouseover=\"alert(1)'"),
      "annexes[0].external_url", "format invalide"),
    C("url", "adresse-relative", "annexes.yml", R("external_url: null", "external_url: /telechargements/modele.pdf"),
      "annexes[0].external_url", "format invalide"),
    C("url", "adresse-trop-longue", "dossiers.yml", R("platform_url: null", "platform_url: https://x.fr/" + "a" * 600),
      "deposit.platform_url", "texte trop long"),
    C("url", "courriel-sans-arobase", "contacts.yml", R("email: Justine.roudout@ac-toulouse.fr", "email: Justine.roudout.ac-toulouse.fr"),
      "contacts[0].email", "format invalide"),
    # A mailto: link to it would not open: two dots in a row, or a dot that ends the name.
    # A domain cut short: « .f » is no domain a mail reaches (data review).
    C("url", "courriel-domaine-coupe", "contacts.yml", R("email: Justine.roudout@ac-toulouse.fr", "email: Justine.roudout@ac-toulouse.f"),
      "contacts[0].email", "format invalide"),
    C("url", "courriel-deux-points-de-suite", "contacts.yml", R("email: Justine.roudout@ac-toulouse.fr", "email: Justine..roudout@ac-toulouse.fr"),
      "contacts[0].email", "format invalide"),
    C("url", "courriel-point-avant-arobase", "contacts.yml", R("email: Justine.roudout@ac-toulouse.fr", "email: Justine.roudout.@ac-toulouse.fr"),
      "contacts[0].email", "format invalide"),
    C("url", "courriel-mailto", "contacts.yml", R("email: Justine.roudout@ac-toulouse.fr", "email: mailto:Justine.roudout@ac-toulouse.fr"),
      "contacts[0].email", "format invalide"),
    C("url", "courriel-avec-parametres", "contacts.yml", R("email: Justine.roudout@ac-toulouse.fr",
                                                          "email: \"x@ac-toulouse.fr?subject=<b>\""),
      "contacts[0].email", "format invalide"),
    C("url", "telephone-avec-lettres", "contacts.yml", R("phone: 05 36 25 71 28", "phone: 05 36 AB 71 28"), "contacts[0].phone",
      "format invalide"),
    C("date", "fin-d-ecrit-avant-son-debut", "calendar.yml", R('end: "18:00"', 'end: "13:00"'), "written[0].end",
      "l'épreuve finit (13:00) avant de commencer (14:00)"),
    C("url", "telephone-trop-court", "contacts.yml", R("phone: 05 36 25 71 28", "phone: 05 36 25"), "contacts[0].phone",
      "format invalide"),
    C("url", "telephone-javascript", "contacts.yml", R("phone: 05 36 25 71 28", "phone: \"javascript:alert(1)\""), "contacts[0].phone",
      "format invalide"),
    # --- sizes and resource limits -----------------------------------------------------------------
    C("limit", "bombe-d-alias", "internships.yml", append(alias_bomb()), "a4[0]", "alias trop nombreux ou trop gros", at="a4: &a4"),
    C("limit", "alias-recursif", "internships.yml", append("boucle: &b [1, *b]\n"), "boucle[1]", "alias récursif « *b »", at="boucle:"),
    C("limit", "alias-nombreux", "internships.yml", append("x: &x 1\n" + "".join(f"y{n}: *x\n" for n in range(150))),
      "y100", "alias trop nombreux", at="y100: *x"),
    C("limit", "imbrication-5000", "internships.yml", append("profond: " + "[" * 5000 + "]" * 5000 + "\n"), "profond" + "[0]" * 29,
      "imbrication trop profonde", at="profond:"),
    C("limit", "imbrication-en-blocs", "internships.yml", append("".join(f"{'  ' * n}n{n}:\n" for n in range(40)) + "  " * 40 + "fin: 1\n"),
      ".".join(f"n{n}" for n in range(30)), "imbrication trop profonde", at="  " * 30 + "n30:"),
    C("limit", "fichier-de-3-mo", "news.yml", append("# " + "x" * 3_000_000 + "\n"), "(fichier)", "fichier trop gros", at="# Nouveautés"),
    C("limit", "nom-de-100-ko", "centres.yml", R("name: Lycée Berthelot", f"name: {BIG_NAME}"), "centres[4].name",
      "texte trop long (100005 caractères, 200 au plus)"),
    C("limit", "paragraphe-trop-long", "results.yml", R("address_change: Tout", "address_change: " + "Tout " * 1000), "address_change",
      "texte trop long"),
    C("limit", "cle-de-500-caracteres", "internships.yml", append("k" * 500 + ": 1\n"), "", "clé de 500 caractères", at="kkkk"),
    C("limit", "cle-de-10-ko", "internships.yml", append("k" * 10_000 + ": 1\n"), "", "« : » manquant", at="kkkk"),
    C("limit", "trop-de-valeurs", "news.yml", whole("x: [" + "a," * 500_000 + "a]\n"), "x[499997]",
      "fichier trop grand : plus de 500 000 valeurs", at="x:"),
    # --- injection refused: what would break an output's syntax cannot be a name ---------------------
    C("injection", "saut-de-ligne-dans-un-nom", "centres.yml", R("name: Lycée Clément Marot",
                                                                'name: "Lycée X\\nBEGIN:VALARM\\nTRIGGER:-PT5M"'),
      "centres[7].name", "texte sur plusieurs lignes là où une seule est attendue : « Lycée X BEGIN:VALARM TRIGGER:-PT5M »"),
    C("injection", "tabulation-dans-un-titre", "exams.yml", R("title: Culture Générale et Expression", 'title: "Culture\\tGénérale"'),
      "exams[0].title", "format invalide"),
    C("limit", "titre-de-page-trop-long", "exams.yml", R("title: Culture Générale et Expression", "title: " + "Culture " * 40),
      "exams[0].title", "texte trop long"),
]
# Where a message names the file itself, not a field.
FILE_FIELD = "(fichier)"


def case_id(index: int, case: Case) -> str:
    return f"{index:03d}-{case.kind}-{case.name}"


def mutated_session(target: Path, case: Case) -> Path:
    """A copy of data/2022 with the case's mutation."""
    shutil.copytree(DATA, target)
    path = target / case.file
    changed = case.change(path.read_bytes())
    if case.reported == "centers.yml":       # an unknown file beside the real ones
        (target / "centers.yml").write_bytes(changed)
    else:
        path.write_bytes(changed)
    return target


def expected_line(session: Path, case: Case) -> int | None:
    """The line the message must name: where `at` is in the reported file, else the first changed line."""
    reported = session / (case.reported or case.file)
    if case.reported == "centers.yml":
        return None
    text = reported.read_bytes().decode("utf-8", errors="replace")
    if case.at is not None:
        assert case.at in text, f"{case.at!r} absent de {reported.name}"
        return text[: text.index(case.at)].count("\n") + 1
    if case.reported:
        return None
    original = (DATA / case.file).read_bytes().decode("utf-8", errors="replace").split("\n")
    for number, (before, after) in enumerate(zip(original, text.split("\n"), strict=False), start=1):
        if before != after:
            return number
    return 1 if not text.strip() else None


def check_and_build_every_case(work: Path) -> None:
    """Every case's session in one project copy, checked by `handbook check` (each in a process of its own, forked
    after the imports, measured: tests/forked_checks.py) and built strictly (one process for all builds:
    tests/strict_builds.py); the results by case id in results.json."""
    project = copy_project(work / "project")
    names = [case_id(index, case) for index, case in enumerate(CASES)]
    for name, case in zip(names, CASES, strict=True):
        mutated_session(project / "data" / name, case)
    results: dict[str, dict] = {name: {} for name in names}
    for script, key in (("forked_checks.py", "check"), ("strict_builds.py", "build")):
        ran = subprocess.run([sys.executable, str(Path(__file__).parent / script), str(project), *names],
                             capture_output=True, text=True, env=mkdocs_env(), timeout=1200)
        assert ran.returncode == 0, ran.stderr[-2000:]
        for line in ran.stdout.splitlines():
            result = json.loads(line)
            results[result["session"]][key] = result
    (work / "results.json").write_text(json.dumps(results), encoding="utf-8")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict:
    """The project holding every case's session, and what both commands did with each (made once per test run)."""
    work = made_once(tmp_path_factory, "bad-input-corpus", check_and_build_every_case)
    return {"project": work / "project", "cases": json.loads((work / "results.json").read_text(encoding="utf-8"))}


def measured(command: list[str], cwd: Path, tmp_path: Path) -> dict:
    """Run a command; its exit code, output, CPU seconds and peak memory, read from its own rusage (through
    scripts/measured_run.py: started from this test worker, it would report the worker's peak as its own)."""
    output = tmp_path / "output.txt"
    launched = subprocess.run([sys.executable, str(MEASURED_RUN), str(output), *command], cwd=cwd, env=mkdocs_env(),
                              capture_output=True, text=True, check=True)
    return {**json.loads(launched.stdout), "output": output.read_text(encoding="utf-8", errors="replace")}


def load_problems(session: Path) -> list[Problem]:
    """The loader's problems: it may only raise the project's DataError."""
    with pytest.raises(DataError) as caught:
        load_session(session, label="data/2022")
    return caught.value.problems


def reported(session: Path, case: Case) -> Problem:
    """The loader's problem about the case: in the reported file, saying the case's words."""
    problems = load_problems(session)
    file = f"data/2022/{case.reported or case.file}"
    matching = [p for p in problems if p.file == file and case.words in p.message]
    assert matching, f"aucun message de {file} ne dit {case.words!r} : {[str(p) for p in problems]}"
    return matching[0]


CASE_IDS = [case_id(i, c) for i, c in enumerate(CASES)]


@pytest.mark.parametrize("index, case", list(enumerate(CASES)), ids=CASE_IDS)
def test_refused_with_file_line_field_in_french(tmp_path, index, case):
    session = mutated_session(tmp_path / "2022", case)
    line = expected_line(session, case)
    problem = reported(session, case)
    assert problem.line == line, str(problem)
    assert problem.field == (case.field or FILE_FIELD), str(problem)
    assert problem.expected and ("par exemple" in problem.expected) == case.example, str(problem)
    assert not ENGLISH.search(str(problem)), str(problem)
    assert len(str(problem)) < 600, f"message de {len(str(problem))} caractères"


@pytest.mark.parametrize("name, nearest", [("centre-des-livrets-inconnu", "berthelot"), ("etablissement-inconnu", "tsge-adonis"),
                                           ("centre-d-oral-mal-orthographie", "issec-pigier"), ("origine-mal-orthographiee", "tsge-vidal"),
                                           ("epreuve-ecrite-inconnue", "e3"), ("note-de-formulaire-inconnue", "article")])
def test_an_unknown_id_is_answered_with_the_nearest_known_one(tmp_path, name, nearest):
    # The example was the file's first id (« jean-durroux » for « issec-pigeir »): copied in haste, valid and wrong.
    case = next(case for case in CASES if case.name == name)
    assert reported(mutated_session(tmp_path / "2022", case), case).expected.endswith(f"par exemple « {nearest} »")


@pytest.mark.parametrize("name, defined_in", [("etablissement-retire", "establishments.yml"), ("centre-oral-inconnu", "centres.yml"),
                                              ("epreuve-d-annexe-inconnue", "exams.yml"), ("annexe-inconnue", "annexes.yml")])
def test_an_id_that_is_no_slip_of_one_known_id_is_answered_with_what_to_do(tmp_path, name, defined_in):
    # « tsge-vidal » removed was answered « par exemple « tsge-adonis » », another line: the message says where the id
    # is missing and what to do, and names no other id.
    case = next(case for case in CASES if case.name == name)
    problem = reported(mutated_session(tmp_path / "2022", case), case)
    value = re.search(r"« (.*) »", problem.message).group(1)
    assert f"{defined_in} ; « {value} » n'y est pas (ou plus)" in problem.expected, str(problem)
    assert re.findall(r"« ([^»]*) »", problem.expected) == [value], str(problem)


@pytest.mark.e2e
@pytest.mark.parametrize("index, case", list(enumerate(CASES)), ids=CASE_IDS)
def test_both_commands_refuse_it_with_the_same_message(tmp_path, corpus, index, case):
    # The loader's message through both commands, with their exit codes; no traceback; within the resource bound.
    name = case_id(index, case)
    shown = str(reported(mutated_session(tmp_path / "2022", case), case)).replace("data/2022/", f"data/{name}/")
    check, build = corpus["cases"][name]["check"], corpus["cases"][name]["build"]
    assert check["code"] == 1 and shown in check["output"] and "Traceback" not in check["output"], check["output"][-2000:]
    assert check["cpu"] < CPU_SECONDS and check["memory"] < MEMORY_BYTES, (check["cpu"], check["memory"])
    assert build["code"] != 0 and shown in build["output"] and "Traceback" not in build["output"], build["output"][-2000:]


# One case of each kind also through the real `handbook` command, a fresh process: what the forked checks measure
# and print is what staff get.
FIRST_OF_EACH_KIND = [(index, case) for index, case in enumerate(CASES)
                      if case.kind not in {c.kind for c in CASES[:index]}]


@pytest.mark.e2e
@pytest.mark.parametrize("index, case", FIRST_OF_EACH_KIND, ids=[case_id(i, c) for i, c in FIRST_OF_EACH_KIND])
def test_the_handbook_command_says_what_the_forked_check_says(corpus, tmp_path, index, case):
    name = case_id(index, case)
    real, forked = measured([str(BIN / "handbook"), "check", name], corpus["project"], tmp_path), corpus["cases"][name]["check"]
    assert (real["code"], real["output"]) == (forked["code"], forked["output"])
    assert real["cpu"] < CPU_SECONDS and real["memory"] < MEMORY_BYTES, (real["cpu"], real["memory"])


@pytest.mark.parametrize("name, shown, other", [("identifiant-change-en-un-autre", "tsge-adonis", 28),
                                               ("etablissement-en-double", "lp-gabriel-peri", 27),
                                               ("nom-de-champ-en-double", "organisme", 22)])
def test_a_duplicate_id_names_both_lines_and_renames_neither(tmp_path, name, shown, other):
    # « tsge-vidal » changed to « tsge-adonis » on line 28 was reported on line 35 alone, « par exemple tsge-adonis-2 »:
    # followed, it renamed the untouched line and moved its published page.
    case = next(case for case in CASES if case.name == name)
    problem = reported(mutated_session(tmp_path / "2022", case), case)
    assert f"en double « {shown} » (aussi ligne {other})" in str(problem), str(problem)
    assert f"{shown}-2" not in problem.expected and "sans renommer l'autre" in problem.expected, str(problem)


# One mistake, one message: no advice is built on what another message reports as wrong. With « tsge-vidall » in an
# origin, « tsge-vidal » was said placed nowhere, « par exemple candidates: 0 » (which check then refuses); with a
# sitting on 2021-05-16, a date of 2022 was asked, then 2021-05-17 (a working day), then convocations in 2021.
@pytest.mark.parametrize("name", ["origine-mal-orthographiee", "etablissement-inconnu", "ecrit-l-annee-precedente",
                                  "resultats-hors-session", "oral-hors-session", "annee-de-session-fausse", "annee-de-session-precedente",
                                  "tiret-oublie", "virgule-dans-une-valeur-en-accolades", "virgule-apres-un-numero",
                                  "epreuve-ecrite-inconnue"])
def test_one_mistake_is_answered_once(tmp_path, name):
    case = next(case for case in CASES if case.name == name)
    problems = load_problems(mutated_session(tmp_path / "2022", case))
    assert [problem.field for problem in problems] == [case.field], [str(problem) for problem in problems]


@pytest.mark.parametrize("name", ["etablissement-non-place", "etablissement-sans-origine"])
def test_an_establishment_placed_nowhere_is_not_told_a_count_check_refuses(tmp_path, name):
    # « par exemple candidates: 0 ici si les origines sont justes »: followed, check said « nombre trop petit : « 0 » ».
    case = next(case for case in CASES if case.name == name)
    problem = reported(mutated_session(tmp_path / "2022", case), case)
    assert "candidates: 0" not in problem.expected and "origins" in problem.expected, str(problem)
    assert "retirer" in problem.expected, str(problem)


def test_a_wrong_session_year_names_what_to_check(tmp_path):
    # One message, at session.yml's year: the likely year and the other possibility, not one guess said as fact.
    case = next(case for case in CASES if case.name == "annee-de-session-fausse")
    problem = reported(mutated_session(tmp_path / "2022", case), case)
    assert "par exemple year: 2022" in problem.expected and "2023" in problem.expected, str(problem)


def test_the_corpus_covers_every_kind_of_mistake():
    kinds = {case.kind for case in CASES}
    assert kinds == {"yaml", "encoding", "structure", "unknown-key", "identifier", "reference", "date", "count", "duplicate",
                     "url", "limit", "injection"}
    assert len(CASES) + len(ACCEPTED) + len(INJECTIONS) >= 100
    assert len({case_id(i, c) for i, c in enumerate(CASES)}) == len(CASES)


# --- accepted as written: the same session as the real files ---------------------------------------

ACCEPTED: list[tuple[str, str, Callable[[bytes], bytes]]] = [
    ("bom-utf8", "centres.yml", lambda raw: b"\xef\xbb\xbf" + raw),
    ("fins-de-ligne-windows", "calendar.yml", lambda raw: raw.replace(b"\n", b"\r\n")),
    ("fins-de-ligne-mac", "calendar.yml", lambda raw: raw.replace(b"\n", b"\r")),
    ("heure-sans-guillemets", "calendar.yml", R('start: "14:00"', "start: 14:00", 3)),
    ("etiquette-texte", "results.yml", R("  platform: Cyclades", "  platform: !!str Cyclades")),
    ("commentaires-et-espaces", "livrets.yml", R("imperative: true", "imperative: true    # à vérifier\n\n# fin")),
    ("blocs-au-lieu-d-accolades", "establishments.yml",
     R('  - {id: lp-jean-durroux, display_name: "Lycée professionnel Jean-Durroux, Ferrières sur Ariège", '
       'name: LP JEAN DURROUX, candidates: 12}',
       '  - id: lp-jean-durroux\n    display_name: "Lycée professionnel Jean-Durroux, Ferrières sur Ariège"\n'
       '    name: LP JEAN DURROUX\n    candidates: 12')),
    ("ancre-et-alias", "calendar.yml", R("    centres: [issec-pigier]\n", "    centres: &un-centre [issec-pigier]\n")),
    ("espace-fine-insecable-d-un-traitement-de-texte", "forms/engagement-etudiant.yml",
     R('label: "Nom de l\'organisme :"', 'label: "Nom de l\'organisme\u202f:"')),
    # Pasted from a word processor: no-break spaces in an address and a phone number (one went into the map link).
    ("espaces-insecables-d-un-traitement-de-texte", "centres.yml",
     R("    address: 14 rue Mesclin 65000 Tarbes", "    address: 14\u00a0rue Mesclin\u202f65000 Tarbes")),
    ("espaces-insecables-dans-un-telephone", "contacts.yml", R("phone: 05 36 25 71 28", "phone: 05\u00a036\u00a025\u202f71 28")),
    # After an id in braces, as a plain space there: the id is the one typed.
    ("espace-insecable-apres-un-identifiant", "centres.yml", R("{id: gabriel-peri,", "{id: gabriel-peri\u00a0,")),
    ("texte-replie", "results.yml", R("address_change: Tout changement d'adresse",
                                      "address_change: >-\n  Tout changement\n  d'adresse")),
]


@pytest.mark.parametrize("name, file, change", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_accepted_as_the_real_data(tmp_path, session, name, file, change):
    changed = mutated_session(tmp_path / "2022", Case("accepted", name, file, change, "", ""))
    loaded = load_session(changed, label=session.source_name)
    assert loaded.part(file) == session.part(file)


# --- injection: accepted, and inert in every output ------------------------------------------------

SCRIPT = "<script>alert('centre')</script>"
IMG = "<img src=x onerror=alert(1)>"
PLATFORM_URL = "https://www.demarches-simplifiees.fr/commencer/bts_ndrc-2022?x=1&y=2"
# A closing parenthesis would end a Markdown link's address: the rest would show as a second, made-up link.
ANNEX_URL = "https://eduscol.education.fr/modeles_attestation?session=2022&bts=ndrc)[clic](https://evil.example/"
PDF_BREAK = "Nom) /JavaScript (app.alert(1)) /S /JavaScript >> endobj (x"
XML_BREAK = "Nom</w:t><w:t>injecté</text:p>&amp;"
JINJA = "{{ 6 * 7077 }}{% raw %}"
MARKDOWN_LINK = "[cliquez ici](javascript:alert(1))"
MARKDOWN_TABLE = "Origine | # Titre | *gras* _souligné_ `code`"
# Through the theme's templates (<title>, header, every page's source line), which do not escape by themselves.
SPECIALTY = "Négociation <script>alert('specialite')</script> \" onmouseover=\"alert(2)"
ACADEMY = "Toulouse<img src=x onerror=alert('academie')>"
# A block of text whose lines Markdown would read as a list, an ordered list, a heading, an indented code block, a
# Material admonition and a rule; docs/resultats.md puts it at the start of a line.
MARKDOWN_BLOCKS = ("- Avant\n\n- liste injectée\n2. ordonnée\n\nTitre injecté\n=============\n\n    code indenté\n\n"
                   "!!! danger\n    admonition injectée\n\n---")
# Markdown's attr_list: « {: …} » at the end of a paragraph or a heading would set its attributes.
ATTRIBUTES = "{: onclick=alert(3) style=position:fixed;inset:0 }"

# (name, file, old, new): every injection goes into one session, built once.
INJECTIONS = [
    ("script-dans-un-nom-de-centre", "centres.yml", "name: Lycée Berthelot", f'name: "{SCRIPT}"'),
    ("image-dans-un-nom-d-etablissement", "establishments.yml", "name: TSGE VIDAL,", f'name: "{IMG}",'),
    ("rupture-d-agenda", "operations.yml", "planned: Semaine du 11 au 15 avril 2022",
     'planned: "Semaine X\\nBEGIN:VALARM\\nTRIGGER:-PT5M\\nEND:VALARM"'),
    ("lien-de-plateforme", "dossiers.yml", "platform_url: null", f'platform_url: "{PLATFORM_URL}"'),
    ("lien-de-modele", "annexes.yml", "external_url: null", f'external_url: "{ANNEX_URL}"'),
    ("pdf-dans-un-libelle", "forms/engagement-etudiant.yml", 'label: "Intitulé de la mission :"', f'label: "{PDF_BREAK}"'),
    ("xml-dans-un-libelle", "forms/engagement-etudiant.yml", 'label: "Nom de l\'organisme :"', f'label: "{XML_BREAK}"'),
    ("jinja-dans-un-texte", "news.yml", "title: Certification en anglais", f'title: "{JINJA}"'),
    ("lien-markdown-dans-un-texte", "results.yml",
     "address_change: Tout changement d'adresse devra être indiqué dans les plus brefs délais au service des examens.",
     f'address_change: "{MARKDOWN_LINK}"'),
    ("blocs-markdown-dans-un-paragraphe", "results.yml",
     "transcripts: >-\n  Les relevés de notes seront disponibles sur l'espace Cyclades des candidats\n"
     "  dès le lendemain de la publication des résultats.",
     "transcripts: |-\n" + "".join(f"  {line}\n" if line else "\n" for line in MARKDOWN_BLOCKS.split("\n"))),
    ("tableau-markdown-dans-une-origine", "centres.yml", "label: ADONIS,", f'label: "{MARKDOWN_TABLE}",'),
    ("script-dans-la-specialite", "session.yml", "specialty: Négociation et Digitalisation de la Relation Client",
     "specialty: " + json.dumps(SPECIALTY, ensure_ascii=False)),
    ("image-dans-l-academie", "session.yml", "academy: Toulouse", f'academy: "{ACADEMY}"'),
    ("attributs-markdown-apres-un-texte", "archiving.yml", "  - circulaire rectorale du 8 juillet 2014",
     f'  - "circulaire rectorale du 8 juillet 2014\\n{ATTRIBUTES}"'),
    ("attributs-markdown-dans-un-titre", "establishments.yml", 'display_name: "ESICAD Toulouse"',
     f'display_name: "ESICAD Toulouse {ATTRIBUTES}"'),
]


def build_with_every_injection(work: Path) -> None:
    project = copy_project(work / "project")
    for _, file, old, new in INJECTIONS:
        path = project / "data" / "2022" / file
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    env = {**mkdocs_env(), "HANDBOOK_SESSION": "2022"}
    env.pop("HANDBOOK_SITE_URL", None)
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(work / "site")], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def injected_site(tmp_path_factory) -> Path:
    """The site built strictly from data carrying every injection (once per test run)."""
    return made_once(tmp_path_factory, "injected", build_with_every_injection) / "site"


def texts(site: Path, suffix: str) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob(f"*{suffix}")}


def hrefs(site: Path) -> set[str]:
    """Every link target of the built pages, as the browser reads it (entities decoded)."""
    from html.parser import HTMLParser

    found: set[str] = set()

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.update(value for key, value in attrs if key in ("href", "src") and value)

    for page in texts(site, ".html").values():
        Links().feed(page)
    return found


def visible(site: Path, page: str) -> str:
    from conftest import page_text
    return page_text(site / page)


def check_script(site: Path) -> None:
    pages = texts(site, ".html")
    assert not any(SCRIPT in page or "<script>alert" in page for page in pages.values())
    assert SCRIPT in visible(site, "centres/berthelot/index.html")
    assert any(centre["name"] == SCRIPT for centre in json.loads((site / "api/2022/centres.json").read_text())["centres"])


def check_img(site: Path) -> None:
    assert not any("<img src=x" in page for page in texts(site, ".html").values())
    assert IMG in visible(site, "etablissements/tsge-vidal/index.html")


def check_ics(site: Path) -> None:
    for name, calendar in texts(site, ".ics").items():
        lines = calendar.replace("\r\n ", "").split("\r\n")       # unfolded content lines
        assert "BEGIN:VALARM" not in lines and not any(line.startswith("TRIGGER") for line in lines), name
    lines = texts(site, ".ics")["agenda/session.ics"].replace("\r\n ", "").split("\r\n")
    assert any("Semaine X" in line and "BEGIN:VALARM" in line for line in lines)     # kept as text, escaped


def check_platform_url(site: Path) -> None:
    assert PLATFORM_URL in hrefs(site)
    assert not any(link.startswith(("javascript:", "data:")) for link in hrefs(site))


def check_annex_url(site: Path) -> None:
    assert ANNEX_URL in hrefs(site) and "https://evil.example/" not in hrefs(site)


def check_pdf(site: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(site / "telechargements/formulaires/engagement-etudiant.pdf")
    catalog = reader.trailer["/Root"]
    assert "/OpenAction" not in catalog and "/AA" not in catalog and "/JavaScript" not in catalog.get("/Names", {})
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            assert "/AA" not in annotation and annotation.get("/A", {}).get("/S") != "/JavaScript", annotation
    assert any(PDF_BREAK in str(field.get("/TU", "")) for field in reader.get_fields().values())


def check_office(site: Path) -> None:
    import zipfile
    from xml.etree import ElementTree

    for suffix in ("docx", "odt"):
        with zipfile.ZipFile(site / f"telechargements/formulaires/engagement-etudiant.{suffix}") as package:
            parts = [ElementTree.fromstring(package.read(name)) for name in package.namelist() if name.endswith(".xml")]
        assert any(XML_BREAK in "".join(part.itertext()) for part in parts), suffix


def check_jinja(site: Path) -> None:
    pages = texts(site, ".html")
    assert not any("42462" in page for page in pages.values())
    assert "{{ 6 * 7077 }}{% raw %}" in visible(site, "index.html") or any(
        "{{ 6 * 7077 }}" in visible(site, name) for name in pages)


def check_markdown_link(site: Path) -> None:
    assert not any(link.startswith("javascript:") for link in hrefs(site))
    assert any(MARKDOWN_LINK in visible(site, name) for name in texts(site, ".html"))


def check_markdown_table(site: Path) -> None:
    assert MARKDOWN_TABLE in visible(site, "centres/issec-pigier/index.html")
    assert "<strong>gras</strong>" not in (site / "centres/issec-pigier/index.html").read_text(encoding="utf-8")


def check_markdown_blocks(site: Path) -> None:
    page = (site / "resultats/index.html").read_text(encoding="utf-8")
    for markup in ("<li>Avant", "<li>liste injectée", "<li>ordonnée", ">Titre injecté", "<code>code indenté", 'class="admonition',
                   "<hr"):
        assert markup not in page, markup
    # One paragraph of text: its line breaks read as spaces.
    assert " ".join(MARKDOWN_BLOCKS.split()) in visible(site, "resultats/index.html")


def event_handlers(site: Path) -> set[str]:
    """Every attribute named on… (onclick, onmouseover…) on any element of the built pages, as a browser parses them."""
    from html.parser import HTMLParser

    found: set[str] = set()

    class Handlers(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.update(f"{tag} {key}" for key, _ in attrs if key.startswith("on"))

    for page in texts(site, ".html").values():
        Handlers().feed(page)
    return found - OWN_HANDLERS


# The handlers our templates write themselves, with no data in them: a printable form never submits (form.md.j2).
OWN_HANDLERS = {"form onsubmit"}


def check_theme_texts(site: Path) -> None:
    pages = texts(site, ".html")
    assert not any("<script>alert('specialite')" in page for page in pages.values()) and event_handlers(site) == set()
    assert not any("<img src=x onerror=alert('academie')" in page for page in pages.values())
    title = re.search(r"<title>(.*?)</title>", pages["index.html"], re.S).group(1)
    assert SPECIALTY in html.unescape(title) and SPECIALTY in visible(site, "index.html")
    # In attributes too, whole and escaped once (the header's and the menu's logo links, on every page and the 404).
    for name in ("index.html", "404.html"):
        labels = re.findall(r'<a [^>]*class="md-(?:header|nav)__button md-logo"[^>]*aria-label="([^"]*)"', pages[name])
        assert len(labels) == 2 and all(html.unescape(label) == f"BTS {SPECIALTY} – session 2022" for label in labels), labels
    assert ACADEMY in visible(site, "stages/index.html")


def check_attributes(site: Path) -> None:
    assert event_handlers(site) == set()   # as text only, on no element
    assert ATTRIBUTES in visible(site, "archivage/index.html")
    assert f"ESICAD Toulouse {ATTRIBUTES}" in visible(site, "etablissements/esicad-toulouse/index.html")


INERT = {
    "script-dans-un-nom-de-centre": check_script, "image-dans-un-nom-d-etablissement": check_img, "rupture-d-agenda": check_ics,
    "lien-de-plateforme": check_platform_url, "lien-de-modele": check_annex_url, "pdf-dans-un-libelle": check_pdf,
    "xml-dans-un-libelle": check_office, "jinja-dans-un-texte": check_jinja, "lien-markdown-dans-un-texte": check_markdown_link,
    "tableau-markdown-dans-une-origine": check_markdown_table, "blocs-markdown-dans-un-paragraphe": check_markdown_blocks,
    "script-dans-la-specialite": check_theme_texts,
    "image-dans-l-academie": check_theme_texts, "attributs-markdown-apres-un-texte": check_attributes,
    "attributs-markdown-dans-un-titre": check_attributes,
}


@pytest.mark.e2e
@pytest.mark.parametrize("name", [i[0] for i in INJECTIONS])
def test_injection_is_published_as_inert_text(injected_site, name):
    INERT[name](injected_site)


# PyYAML built without libyaml falls back to its pure-Python parser. The loader sees the parser only through
# read_yaml (data, the line of each key and item, the file's problems): when every file reads the same with both
# parsers, the loader says the same. The real files are read once; each case reads its changed file.
def read_with(path: Path, parser: str, monkeypatch) -> tuple:
    """read_yaml of one file with one parser (the field search of a syntax error too), problems as tuples."""
    from handbook import yamlread

    monkeypatch.setattr(yamlread, "DEFAULT_PARSER", parser)
    data, marks, problems = yamlread.read_yaml(path, f"data/2022/{path.name}")
    return data, marks, [(p.file, p.line, p.field, p.message, p.expected) for p in problems]


def test_both_parsers_exist():
    from handbook import yamlread

    assert yamlread.DEFAULT_PARSER == ("c" if yaml.__with_libyaml__ else "python") and "python" in yamlread.PARSERS


@pytest.mark.parametrize("file", sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*.yml")))
def test_without_libyaml_the_real_files_read_the_same(monkeypatch, file):
    from handbook import yamlread

    default = read_with(DATA / file, yamlread.DEFAULT_PARSER, monkeypatch)
    assert default[0] is not None and default[1] and not default[2], file
    assert read_with(DATA / file, "python", monkeypatch) == default, file


# The value limit's case, half a million values, takes the pure-Python parser 11 s; the limit is counted by the
# composer on the events both parsers give alike (test_without_libyaml_the_real_files_read_the_same).
PARITY_CASES = [(index, case) for index, case in enumerate(CASES) if case.name != "trop-de-valeurs"]


@pytest.mark.parametrize("index, case", PARITY_CASES, ids=[case_id(i, c) for i, c in PARITY_CASES])
def test_without_libyaml_the_same_messages(tmp_path, monkeypatch, index, case):
    # Same data, lines and problems; a syntax error's column may differ by one (the two parsers stop on
    # neighbouring characters): the problem's message does not show it.
    from handbook import yamlread

    session = mutated_session(tmp_path / "2022", case)
    changed = session / ("centers.yml" if case.reported == "centers.yml" else case.file)
    assert read_with(changed, "python", monkeypatch) == read_with(changed, yamlread.DEFAULT_PARSER, monkeypatch), case.name


@pytest.mark.parametrize("old, new, advice", [
    # The whole value of its own line, not « title: Culture Générale et Expression » under a note.
    ("    note: copies dématérialisées", '    note: "copies" dématérialisées', 'par exemple note: "copies dématérialisées"'),
    # A dash at the head of a value: quoted, not « centres: - id: berthelot ».
    ("    note: copies dématérialisées", "    note: - copies", 'par exemple note: "- copies"'),
    # Closed by a word processor's quote: the example closes it with YAML's own, without the other.
    ('    start: "14:00"', '    start: "14:00”', 'par exemple start: "14:00"'),
    # A comment after the value stays after it (it brought back the other field's example; diff review).
    ("    note: copies dématérialisées", '    note: "copies" dématérialisées # salle 12', 'par exemple note: "copies dématérialisées"  # salle 12'),
    ("    note: copies dématérialisées", "    note: - copies # salle 12", 'par exemple note: "- copies"  # salle 12'),
])
def test_a_syntax_slip_is_answered_with_its_own_line_corrected(tmp_path, old, new, advice):
    # Staff review: these examples named another field, or kept the mistake in them.
    case = Case("yaml", "ligne", "calendar.yml", R(old, new), "", "")
    problems = load_problems(mutated_session(tmp_path / "2022", case))
    assert len(problems) == 1 and advice in problems[0].expected, [str(p) for p in problems]
    assert "Culture Générale" not in problems[0].expected and "”" not in problems[0].expected.split("par exemple")[-1]


@pytest.mark.parametrize("address", ["14 rue Mesclin CS 31234 65000 Tarbes Cedex", "BP 31000 14 rue Mesclin 65000 Tarbes"])
def test_a_box_number_is_no_postcode(tmp_path, address):
    # « CS 31234 », « BP 31000 » are the post office's box numbers, not the town's postcode (diff review).
    case = Case("accepted", "boite-postale", "centres.yml", R("address: 14 rue Mesclin 65000 Tarbes", f"address: {address}"), "", "")
    assert load_session(mutated_session(tmp_path / "2022", case), label="data/2022").centre("pradeau-la-sede").address == address


def test_a_count_refused_for_its_size_before_a_comma_gets_no_advice_to_quote_it(tmp_path):
    # « candidates: 0, environ »: « par exemple candidates: "0, environ" » would be refused again (diff review).
    case = Case("count", "effectif", "establishments.yml",
                R("name: TSGE ADONIS, candidates: 3}", "name: TSGE ADONIS, candidates: 0, environ}"), "", "")
    problems = [str(p) for p in load_problems(mutated_session(tmp_path / "2022", case))]
    assert problems and not [p for p in problems if "virgule" in p], problems


def test_a_value_that_may_end_with_its_quote_is_shown_how_to_keep_it(tmp_path):
    # The apostrophes' form of the value doubles its own apostrophe, as YAML reads it there (« d''Eaubonne »).
    case = Case("structure", "guillemet", "centres.yml", R("address: 8 rue Françoise d'Eaubonne 31200 Toulouse",
                                                          "address: 8 rue Françoise d'Eaubonne 31200 Toulouse\""), "", "")
    problem, = load_problems(mutated_session(tmp_path / "2022", case))
    kept = problem.expected.split("entre apostrophes, ")[1].rstrip(")")
    assert kept == "address: '8 rue Françoise d''Eaubonne 31200 Toulouse\"'", problem.expected
    assert yaml.safe_load(kept) == {"address": "8 rue Françoise d'Eaubonne 31200 Toulouse\""}

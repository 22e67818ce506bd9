"""A page of docs/ as staff saved it, checked before MkDocs reads it: MkDocs stops on a page not saved in UTF-8 with
an English traceback, drops a head (front matter) it cannot read, or swallows first lines it takes for one, without a
word, and publishes an emptied page blank. The hook (hooks/page_sources.py) says what MkDocs read as the page's head:
the core never imports MkDocs."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import yaml

from .problems import Problem, shorten
from .yamlread import Marks, YamlRefused, syntax_problem, utf8_text

# The line that opens and closes a page's head, and the other one YAML allows to close it.
FENCE = "---"
CLOSERS = ("---", "...")
HEAD_EXAMPLE = "par exemple, en haut de la page, les trois lignes « --- », « title: Contacts », « --- »"
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def page_name(docs_dir: str, src_uri: str) -> str:
    """A page of docs/ as staff name it in messages: docs/contacts.md (the docs folder by its own name)."""
    return f"{docs_dir.replace(chr(92), '/').rstrip('/').rsplit('/', 1)[-1]}/{src_uri}"


def page_problem(raw: bytes, shown: str, head_read: Callable[[str], Mapping[str, Any]]) -> Problem | None:
    """What MkDocs would misread in the page's bytes `raw`, at its line, or None. `head_read(text)` is what MkDocs
    reads as the head of that text (empty when it reads none)."""
    try:
        text = utf8_text(raw, shown).replace("\r\n", "\n")
    except YamlRefused as refused:
        return refused.problem
    return head_problem(text, shown, head_read(text)) or empty_problem(text, shown) or code_problem(text, shown)


def head_problem(text: str, shown: str, read: Mapping[str, Any]) -> Problem | None:
    """A head MkDocs did not read although the page opens one (« --- »), or first lines MkDocs read as a head
    although the page opens none (MultiMarkdown's « Clé: valeur » lines, which vanish from the page)."""
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        if not read:
            return None
        return Problem(shown, (), f"première ligne « {shorten(lines[0])} » lue par MkDocs comme un en-tête caché : elle "
                       "n'apparaît pas sur la page", "une ligne vide en haut de la page avant ce texte, ou un en-tête ; "
                       + HEAD_EXAMPLE, line=1)
    if read:
        return None
    end = next((number for number, line in enumerate(lines[1:], start=1) if line.rstrip() in CLOSERS), None)
    if end is None:
        return Problem(shown, (), "en-tête ouvert par « --- » et jamais fermé : MkDocs l'écrirait dans la page",
                       "une ligne « --- » après la dernière ligne de l'en-tête ; " + HEAD_EXAMPLE, line=1)
    head = "\n".join(lines[1:end]) + "\n"
    try:
        yaml.load(head, Loader=Loader)
    except yaml.YAMLError as error:
        problem = syntax_problem(error, head, shown, Marks())
        return replace(problem, message=f"en-tête de la page illisible, MkDocs l'écrirait dans la page ; {problem.message}",
                       line=(problem.line or 0) + 1)
    return Problem(shown, (), "en-tête sans lignes « clé: valeur » : MkDocs l'écrirait dans la page",
                   "des lignes « clé: valeur » entre les deux « --- » ; " + HEAD_EXAMPLE, line=2)


def empty_problem(text: str, shown: str) -> Problem | None:
    """A page without text: empty, or only spaces or its head (an emptied file, a save cut short), which the site
    would publish blank."""
    lines = text.split("\n")
    if lines[0].rstrip() == FENCE:
        end = next((number for number, line in enumerate(lines[1:], start=1) if line.rstrip() in CLOSERS), len(lines))
        lines = lines[end + 1:]
    if any(line.strip() for line in lines):
        return None
    return Problem(shown, (), "page sans texte (vide, ou seulement son en-tête) : le site la publierait vide",
                   f"son texte, repris de la version précédente (git restore {shown}) ; ou, si la page doit disparaître, "
                   "le fichier supprimé et sa ligne retirée de nav (ou de not_in_nav) dans mkdocs.yml", line=1)


# What would run in a reader's browser, written in a page of docs/ (in raw HTML, an attribute list or a link), and what
# the message calls it: the site's scripts are its own files, never a page's text (published to every reader, and by CI).
RUNS_CODE: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\b(javascript|vbscript)\s*:", re.I), lambda m: f"lien « {m.group(1).lower()}: »"),
    (re.compile(r"(?:^|[\s{<\"'])(on[a-z]+)(?:=[\"'\w(]|\s*=\s*[\"'])", re.I), lambda m: f"attribut « {m.group(1).lower()} »"),
    (re.compile(r"<(script|iframe|object|embed)\b", re.I), lambda m: f"élément « <{m.group(1).lower()}> »"),
]
# Code shown, not run: a fenced block's lines, an indented block's, and `inline code`.
FENCED = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`+[^`]*`+")


def code_problem(text: str, shown: str) -> Problem | None:
    """A link, an attribute or an element of the page that would run code in the reader's browser, at its line."""
    fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        if FENCED.match(line):
            fenced = not fenced
            continue
        if fenced or line.startswith(("    ", "\t")):
            continue
        for pattern, named in RUNS_CODE:
            if found := pattern.search(INLINE_CODE.sub("", line)):
                return Problem(shown, (), f"{named(found)} : un lien, un attribut ou un élément qui lancerait du code dans "
                               "le navigateur du lecteur", "du texte et des liens vers des pages ou des adresses https:// ; "
                               "un comportement de page se demande à l'équipe du manuel (docs/assets/javascripts/)", line=number)
    return None

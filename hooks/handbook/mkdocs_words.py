"""MkDocs' own warnings about what staff write in docs/ and mkdocs.yml, in French, with the file and the line;
and the line MkDocs logs before the error of a page that failed.

A link to a page or an anchor that does not exist, a navigation entry without its page: MkDocs says it in
English, naming the file but not the line. One table gives each known warning its French words; a warning
it does not know keeps MkDocs' words. hooks/french_warnings.py applies it to MkDocs' log.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

# A link's target MkDocs could not find, with the address it would have meant if it guessed one.
DID_YOU_MEAN = r"(?: Did you mean '(?P<hint>[^']*)'\?)?"


def _suggestion(found: dict[str, str]) -> str:
    return f" (voulez-vous dire « {found['hint']} » ?)" if found.get("hint") else ""


# How a heading gets its anchor, for a link to one (the anchor exists on the page the link names, not in an example).
ANCHOR_RULE = ("le titre en minuscules, sans accents ni ponctuation, des tirets entre les mots, ou l'ancre écrite après "
               "le titre ; par exemple « ## Plan d'accès » a l'ancre #plan-dacces, et « ## Plan d'accès { #plan } » l'ancre #plan")

# Each warning MkDocs gives about a page or the nav, and how staff read it: {where} is docs/<file>:<line>. (An
# absolute link MkDocs reads from docs/, as mkdocs.yml's validation says: it warns only as for a relative one.)
WARNINGS: list[tuple[re.Pattern[str], Callable[[dict[str, str]], str]]] = [(re.compile(pattern), words) for pattern, words in [
    (r"^Doc file '(?P<file>[^']+)' contains a link '(?P<link>[^']+)', but the target(?: '[^']*')? is not found among "
     r"documentation files\." + DID_YOU_MEAN + "$",
     lambda f: f"{f['where']} : lien « {f['link']} » vers une page introuvable dans docs/{_suggestion(f)} — attendu : le "
               "chemin d'un fichier de docs/, par exemple calendrier.md"),
    (r"^Doc file '(?P<file>[^']+)' contains a link '(?P<link>[^']+)', but the doc '(?P<doc>[^']+)' does not contain an "
     r"anchor '#(?P<anchor>[^']+)'\.$",
     lambda f: f"{f['where']} : lien « {f['link']} » : aucun titre de docs/{f['doc']} n'a l'ancre « #{f['anchor']} » — "
               "attendu : l'ancre d'un titre de cette page : " + ANCHOR_RULE),
    (r"^Doc file '(?P<file>[^']+)' contains a link '(?P<link>[^']+)', but there is no such anchor on this page\..*$",
     lambda f: f"{f['where']} : lien « {f['link']} » : aucun titre de cette page n'a cette ancre — attendu : l'ancre "
               "d'un de ses titres : " + ANCHOR_RULE),
    (r"^Doc file '(?P<file>[^']+)' contains an unrecognized relative link '(?P<link>[^']+)', it was left as is\."
     + DID_YOU_MEAN + "$",
     lambda f: f"{f['where']} : lien relatif « {f['link']} » non reconnu{_suggestion(f)} — attendu : le fichier .md "
               "d'une page, par exemple ../calendrier.md"),
    # A page that failed: what failed follows, on the next line (a BuildError of ours) or after the colon.
    (r"^Error reading page '(?P<file>[^']+)':(?P<detail>.*)$",
     lambda f: f"{f['where']} : la page n'a pas pu être construite :{f.get('detail', '')}"),
    (r"^A reference to '(?P<link>[^']+)' is included in the 'nav' configuration, which is not found in the "
     r"documentation files\.?$",
     lambda f: f"mkdocs.yml : la navigation (nav) nomme « {f['link']} », page introuvable dans docs/ — attendu : le "
               "chemin d'un fichier de docs/, par exemple calendrier.md"),
]]


def french_warning(message: str, docs_dir: Path) -> str:
    """MkDocs' warning in French with its file and line, or as it was if the table does not know it."""
    for pattern, words in WARNINGS:
        found = pattern.match(message)
        if found:
            fields = {name: value for name, value in found.groupdict().items() if value is not None}
            fields["where"] = where(docs_dir, fields.get("file"), fields.get("link"))
            return words(fields)
    return message


def where(docs_dir: Path, file: str | None, link: str | None) -> str:
    """docs/<file>:<line>, the line of the link when the file is on disk (a generated page is not): written as a
    Markdown link first, then as a reference or an HTML address, then anywhere."""
    if file is None:
        return "mkdocs.yml"
    shown = f"docs/{file}"
    path = docs_dir / file
    if not link or not path.is_file():
        return shown
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for written in (re.compile(rf"\]\(\s*<?{re.escape(link)}>?[\s)]"), re.compile(rf"\]:\s*<?{re.escape(link)}>?(\s|$)"),
                    re.compile(rf"(href|src)=\"{re.escape(link)}\""), re.compile(re.escape(link))):
        for number, line in enumerate(lines, start=1):
            if written.search(line):
                return f"{shown}:{number}"
    return shown

"""MkDocs' own warnings about what staff write in docs/ and mkdocs.yml, in French, with the file and the line;
the line MkDocs logs before the error of a page that failed; and the lines that say what a build or the preview
is doing (« Site construit en 1,55 s », « Aperçu sur http://127.0.0.1:8000/ »).

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


def french_warning(message: str, docs_dir: Path, seen: dict[tuple[str, str], int] | None = None) -> str:
    """MkDocs' warning in French with its file and line, or as it was if the table does not know it. `seen` counts the
    warnings of one build by file and link: MkDocs warns once per link, so the second about a link is at its second
    place in the file (both were named at the first)."""
    for pattern, words in WARNINGS:
        found = pattern.match(message)
        if found:
            fields = {name: value for name, value in found.groupdict().items() if value is not None}
            key = (fields.get("file", ""), fields.get("link", ""))
            occurrence = 0 if seen is None else seen.get(key, 0)
            if seen is not None:
                seen[key] = occurrence + 1
            fields["where"] = where(docs_dir, fields.get("file"), fields.get("link"), occurrence)
            return words(fields)
    return message


def where(docs_dir: Path, file: str | None, link: str | None, occurrence: int = 0) -> str:
    """docs/<file>:<line>, the line of the link's `occurrence`-th place (from 0) when the file is on disk (a generated
    page is not): written as a Markdown link first, then as a reference or an HTML address, then anywhere."""
    if file is None:
        return "mkdocs.yml"
    shown = f"docs/{file}"
    path = docs_dir / file
    if not link or not path.is_file():
        return shown
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for written in (re.compile(rf"\]\(\s*<?{re.escape(link)}>?[\s)]"), re.compile(rf"\]:\s*<?{re.escape(link)}>?(\s|$)"),
                    re.compile(rf"(href|src)=\"{re.escape(link)}\""), re.compile(re.escape(link))):
        places = [number for number, line in enumerate(lines, start=1) for _ in written.finditer(line)]
        if places:
            return f"{shown}:{places[min(occurrence, len(places) - 1)]}"
    return shown


# What MkDocs says while it builds and serves, and the same in French. The preview's lines start with the time
# (« [14:02:11] »), kept as it is; a line the table does not know keeps MkDocs' words.
PROGRESS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [(re.compile(pattern), words) for pattern, words in [
    (r"Building documentation\.\.\.$", lambda m: "Construction du site…"),
    (r"Cleaning site directory$", lambda m: "Nettoyage du dossier du site"),
    (r"Building documentation to directory: (?P<folder>.+)$", lambda m: f"Construction du site dans {m['folder']}"),
    (r"The directory contains stale files\. Use --clean to remove them\.$",
     lambda m: "Le dossier du site contient des fichiers d'une construction précédente (--clean les retire)"),
    (r"Documentation built in (?P<seconds>\d+)\.(?P<cents>\d+) seconds$",
     lambda m: f"Site construit en {m['seconds']},{m['cents']} s"),
    (r"Watching paths for changes: (?P<paths>.+)$", lambda m: f"Modifications surveillées dans : {m['paths']}"),
    (r"Serving on (?P<url>\S+) and opening it in a browser$",
     lambda m: f"Aperçu sur {m['url']}, ouvert dans le navigateur (Ctrl+C pour l'arrêter)"),
    (r"Serving on (?P<url>\S+)$", lambda m: f"Aperçu sur {m['url']} (Ctrl+C pour l'arrêter)"),
    (r"Detected file changes$", lambda m: "Modification détectée"),
    (r"Reloading browsers$", lambda m: "Pages ouvertes rechargées"),
    (r"Browser connected: (?P<url>\S+)$", lambda m: f"Page ouverte dans un navigateur : {m['url']}"),
    (r"Shutting down\.\.\.$", lambda m: "Arrêt de l'aperçu…"),
]]
TIME_OF_DAY = re.compile(r"\[\d{2}:\d{2}:\d{2}\] ")


def french_progress(message: str) -> str:
    """MkDocs' line about its progress in French (its time of day kept), or as it was if the table does not know it."""
    time_of_day = TIME_OF_DAY.match(message)
    prefix = time_of_day.group(0) if time_of_day else ""
    for pattern, words in PROGRESS:
        found = pattern.match(message, len(prefix))
        if found:
            return prefix + words(found)
    return message

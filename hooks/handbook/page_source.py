"""A page of docs/ as staff saved it, checked before MkDocs reads it: MkDocs stops on a page not saved in UTF-8 with
an English traceback, drops a head (front matter) it cannot read, or swallows first lines it takes for one, without a
word, and publishes an emptied page blank. The hook (hooks/page_sources.py) says what MkDocs read as the page's head:
the core never imports MkDocs."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from html.parser import HTMLParser
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
    return head_problem(text, shown, head_read(text)) or empty_problem(text, shown)


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



# What runs code in a reader's browser, found in a page's HTML as Markdown converted it: elements, attributes and the
# schemes of a link. The site's scripts are its own files; a page of docs/ is text (edited by staff, built by CI).
RUNNING_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"})
RUNNING_SCHEMES = re.compile(r"^(javascript|vbscript|data):", re.I)
SAFE_DATA = re.compile(r"^data:image/(png|jpe?g|gif|webp);", re.I)    # a picture written in the page: no code
# The site's own scripts that a macro writes inline in a page of docs/ (templates/macros.md.j2, arrange_cards), where
# Markdown reads the HTML around them: the only <script> such a page may hold, without attributes.
OWN_SCRIPTS = frozenset({"window.handbookCards && handbookCards()"})


class _CodeFinder(HTMLParser):
    """The first element, attribute or link of the HTML that would run code, as the message names it, and the word
    that finds it in the page's source."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)   # entities decoded: « &#106;avascript: » is javascript:
        self.found: tuple[str, str] | None = None
        self.script: list[str] | None = None      # the text of a <script> without attributes, while it is read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found:
            return
        if tag == "script" and not attrs:        # one of OWN_SCRIPTS, or found at its end
            self.script = []
            return
        if tag in RUNNING_ELEMENTS:
            self.found = (f"élément « <{tag}> »", f"<{tag}")
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.found = (f"attribut « {name} »", name)
                return
            url = re.sub(r"[\x00-\x20]+", "", value or "")   # browsers skip spaces and tabs in a scheme
            if name in URL_ATTRIBUTES and (scheme := RUNNING_SCHEMES.match(url)) and not SAFE_DATA.match(url):
                self.found = (f"lien « {scheme.group(1).lower()}: »", scheme.group(1))
                return

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            if "".join(self.script).strip() not in OWN_SCRIPTS and not self.found:
                self.found = ("élément « <script> »", "<script")
            self.script = None

    def close(self) -> None:
        super().close()
        if self.script is not None and not self.found:   # a script never closed
            self.found = ("élément « <script> »", "<script")


def code_problem(html: str, shown: str, source: str) -> Problem | None:
    """An element, an attribute or a link of the page's HTML (its own, before the macros' blocks are back) that would
    run code in the reader's browser, at the first line of `source` (its Markdown) that writes it, if one does."""
    finder = _CodeFinder()
    finder.feed(html)
    finder.close()
    if not finder.found:
        return None
    named, word = finder.found
    line = next((number for number, text in enumerate(source.split("\n"), start=1) if word.lower() in text.lower()), None)
    return Problem(shown, (), f"{named} : un lien, un attribut ou un élément qui lancerait du code dans le navigateur du lecteur",
                   "du texte et des liens vers des pages ou des adresses https:// ; un comportement de page se demande à "
                   "l'équipe du manuel (docs/assets/javascripts/)", line=line)

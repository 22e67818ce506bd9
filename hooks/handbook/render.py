"""Jinja rendering of pages against the session model, with data escaped for HTML."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import secrets
import traceback
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from markdown.util import BLOCK_LEVEL_ELEMENTS
from markupsafe import Markup

from .outputs.cache import code_version
from .problems import shorten
from .text import FILTERS
from .yamlread import YamlRefused, utf8_text

# One table, applied in one pass: HTML's special characters, and those Markdown would read as markup.
DATA_ENTITIES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;",
    "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "`": "&#96;", "|": "&#124;", "\\": "&#92;", "#": "&#35;",
    "{": "&#123;", "}": "&#125;",   # attr_list: « {: onclick=… } » at the end of a block would set its attributes
})


# A data string is one paragraph of text: its line breaks read as spaces, as Markdown reads a single one. A line
# of its own would let Markdown read what starts it: a list, a heading underline, an indented code block, a
# Material admonition (!!!), a rule (---).
LINE_BREAKS = re.compile(r"\s*\n\s*")
# What Markdown reads at the start of a line (where a template may put a data string), with its entity: - + = ! and
# the dot of "1." (an ordered list); # > * and the others are escaped everywhere already (DATA_ENTITIES).
LINE_START = {"-": "&#45;", "+": "&#43;", "=": "&#61;", "!": "&#33;"}
ORDERED_ITEM = re.compile(r"(\d+)\.")


def escape_data(value: Any) -> Any:
    """Escape a data string for HTML and Markdown alike, as one paragraph of text; templates' own Markup passes through."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return _escaped(value)


@lru_cache(maxsize=8192)   # a page prints some 500 values, most of them on other pages too (names, dates, rules)
def _escaped(value: str) -> Markup:
    text = value.translate(DATA_ENTITIES)
    if "\n" in text:
        text = LINE_BREAKS.sub(" ", text)
    if text[:1] in LINE_START:
        text = LINE_START[text[0]] + text[1:]
    elif text[:1].isdigit():
        text = ORDERED_ITEM.sub(r"\1&#46;", text, count=1) if ORDERED_ITEM.match(text) else text
    return Markup(text)


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept on disk between builds, in one folder per environment: parsing and compiling
    Material's templates and ours is a fifth of a build of the 2022 session. Jinja keys a template by its name
    and checks its source; the key here also holds the environment's syntax options and extensions, and
    whether it is sandboxed, which shape the compiled code too."""

    def __init__(self, folder: Path, env: jinja2.Environment):
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(str(folder))
        self.options = repr((env.block_start_string, env.block_end_string, env.variable_start_string,
                             env.variable_end_string, env.comment_start_string, env.comment_end_string,
                             env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
                             env.newline_sequence, env.keep_trailing_newline, env.finalize is not None,
                             env.autoescape if isinstance(env.autoescape, bool) else "function", sorted(env.extensions),
                             env.sandboxed))

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # The core's code too: Jinja folds filters on constants at compile time ({{ 3 | plural("candidat") }}).
        return hashlib.sha1(f"{self.options}|{name}|{filename}".encode() + code_version()).hexdigest()


# A tag or a comment of the HTML our templates write (data is escaped: no "<" or ">" inside values).
HTML_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>", re.S)
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "textarea", "pre"})
# The anchors of HTML, as MkDocs counts them: an id attribute of any element, the name of a link.
ID_ATTRIBUTE = re.compile(r'\sid=(?:"([^"]*)"|\'([^\']*)\')')
LINK_NAME = re.compile(r'<a\b[^>]*?\sname=(?:"([^"]*)"|\'([^\']*)\')')
# The start tag of an element whose content Markdown converts (md_in_html).
MARKDOWN_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\smarkdown(?:[\s=>]|/?>)")


class HeldBlock(Markup):
    """A block macro's HTML on its way to the page (HtmlBlocks.wrap). It is Markup: a filter or an expression
    works on its HTML (Markup's methods keep the class, so a replaced text stays a HeldBlock); the page's
    final output of it goes through HtmlBlocks.finalize."""


class HtmlBlocks:
    """The HTML blocks that macros draw, set aside while Markdown converts a page and put back in its HTML.

    Markdown copies raw HTML blocks, but finds where each ends by parsing it whole, at a cost that follows
    its size: at national scale, most of a build. A block macro's output (an HTML block with blank lines
    around it, templates/macros.md.j2), as the page finally outputs it (after any filter a page applies to it:
    Jinja's finalize), is replaced by a one-line marker that Markdown copies as cheaply, and
    `restore` puts back in the converted page what Markdown would have written for the block: its top-level
    elements as they are, one line break between two on adjacent lines, a blank line between two separated
    by blank lines (tests/unit/test_page_renderer.py converts pages both ways). A block Markdown would not
    simply copy is left in place: text or an inline element at its top level, an element with a `markdown`
    attribute, a style or a script with « < » in its code, tags that do not balance; and a block inside an element with a `markdown`
    attribute (Markdown rewrites the HTML inside it). Markers carry a token drawn for the build, so no text
    of a page can be taken for one."""

    def __init__(self) -> None:
        self.setting_aside = False
        self._held: dict[str, tuple[str, str]] = {}   # marker key -> (block as drawn, block as Markdown writes it)
        self._token = secrets.token_hex(8)
        self._marker = re.compile(rf'<div data-handbook-block="{self._token}-(\d+)"></div>')

    def wrap(self, macro: Callable[..., str]) -> Callable[..., str]:
        """The macro, its output a HeldBlock: what a filter or an expression makes of it is still its HTML, and
        only what the page finally outputs is set aside (`finalize`)."""
        def call(*args: Any, **kwargs: Any) -> str:
            return HeldBlock(macro(*args, **kwargs))
        return call

    def finalize(self, value: Any) -> Any:
        """Jinja's last step on each value a page outputs: a macro's block, as it is output, becomes a marker
        while a page is rendered for Markdown; data strings are escaped (escape_data)."""
        if not isinstance(value, HeldBlock):
            return escape_data(value)
        drawn = self._marker.sub(self._put_back_drawn, str(value))  # a block output inside another block's macro
        if not self.setting_aside or not drawn.startswith("\n"):
            return Markup(drawn)
        core = drawn.strip("\n")
        written = as_markdown_writes(core)
        if written is None:
            return Markup(drawn)
        key = str(len(self._held))
        self._held[key] = (core, written)
        before, after = drawn[:len(drawn) - len(drawn.lstrip("\n"))], drawn[len(drawn.rstrip("\n")):]
        return Markup(f'{before}<div data-handbook-block="{self._token}-{key}"></div>{after}')

    def _put_back_drawn(self, found: re.Match[str]) -> str:
        # A marker inside a block about to be set aside: its own block goes back, as drawn, inside the other.
        return self._held.pop(found.group(1))[0]

    def settle(self, page: str) -> str:
        """The rendered page as Markdown gets it: the blocks inside an element with a `markdown` attribute
        (whose HTML Markdown rewrites) back in place."""
        if not self._held:
            return page
        spans = [markdown_element(page, found.start()) for found in MARKDOWN_ATTRIBUTE.finditer(page)]

        def inside(found: re.Match[str]) -> bool:
            return any(start <= found.start() < end for start, end in spans)

        return self._marker.sub(lambda found: self._held.pop(found.group(1))[0] if inside(found) else found.group(0), page)

    def forget(self) -> None:
        """Drop the blocks set aside for a page that will not be converted (its rendering failed)."""
        self._held.clear()

    def drawn(self, text: str) -> str:
        """The text with each marker replaced by its block as drawn, the markers kept for `restore` (for tools
        that need a page's whole Markdown: the benchmark's same-pages baseline)."""
        return self._marker.sub(lambda found: self._held[found.group(1)][0], text)

    def restore(self, html: str, anchors: set[str] | None = None) -> str:
        """The converted page with its blocks back (see `take`); the ids they hold added to `anchors`."""
        held = self.take(html)
        if anchors is not None:
            anchors.update(held.anchors)
        return held.put_back(html)

    def take(self, html: str) -> HeldBlocks:
        """The blocks of a converted page, to put back in it now or later: every block set aside must be found,
        as a marker, exactly once."""
        taken = {key: self._held.pop(key)[1] for key in self._marker.findall(html) if key in self._held}
        if self._held:
            lost = len(self._held)
            self._held.clear()
            raise TemplateProblem("(page)", f"{lost} bloc(s) HTML de macro perdus par Markdown (une macro de bloc placée "
                                            "dans un paragraphe ou en retrait ?) — attendu : chaque appel de macro de bloc "
                                            "seul sur sa ligne, entouré de lignes vides")
        anchors = frozenset(anchor for written in taken.values() for anchor in anchor_ids(written))
        return HeldBlocks(zlib.compress(json.dumps(taken, ensure_ascii=False).encode("utf-8"), 1), self._marker, anchors)


@dataclass(frozen=True)
class HeldBlocks:
    """One page's blocks, compressed while the page waits to be written (MkDocs converts every page before
    writing any: thousands at national scale)."""

    packed: bytes
    marker: re.Pattern[str]
    anchors: frozenset[str]     # the ids they hold: MkDocs collects a page's anchors from its Markdown, where they are markers

    def put_back(self, html: str) -> str:
        """The page with its blocks in place of their markers."""
        blocks: dict[str, str] = json.loads(zlib.decompress(self.packed))
        return self.marker.sub(lambda found: blocks[found.group(1)], html)

    def holding(self, html: str) -> HeldPage:
        """The converted page itself held with them, compressed: `HeldPage.unpacked` gives it whole."""
        return HeldPage(zlib.compress(html.encode("utf-8"), 1), self)


@dataclass(frozen=True)
class HeldPage:
    """A converted page with its blocks, compressed while it waits to be written."""

    packed: bytes
    blocks: HeldBlocks

    def unpacked(self) -> str:
        """The page's whole HTML, its blocks in place."""
        return self.blocks.put_back(zlib.decompress(self.packed).decode("utf-8"))


def anchor_ids(html: str) -> set[str]:
    """The anchors an HTML fragment defines, as MkDocs counts them: every id, and the name of a link (data in
    our HTML is escaped: a quoted id="…" is always an attribute)."""
    found = ID_ATTRIBUTE.findall(html) + LINK_NAME.findall(html)
    return {unescape(double or single) for double, single in found}


def is_balanced(fragment: str) -> bool:
    """Whether every element the fragment opens, it closes (and it closes none it did not open)."""
    depth = 0
    for tag in HTML_TAG.finditer(fragment):
        closing, name, self_closing = tag.group(1), (tag.group(2) or "").lower(), tag.group(3)
        if not name or self_closing or name in VOID_ELEMENTS:
            continue
        depth += -1 if closing else 1
        if depth < 0:
            return False
    return depth == 0


def markdown_element(page: str, start: int) -> tuple[int, int]:
    """Where the element whose start tag is at `start` ends: (start, end) of the whole element; to the end of
    the page when its end tag cannot be found."""
    depth = 0
    for tag in HTML_TAG.finditer(page, start):
        closing, name, self_closing = tag.group(1), (tag.group(2) or "").lower(), tag.group(3)
        if not name or self_closing or name in VOID_ELEMENTS:
            continue
        depth += -1 if closing else 1
        if depth == 0:
            return start, tag.end()
    return start, len(page)


@lru_cache(maxsize=256)  # every establishment page draws some of the same blocks (deadlines, contacts)
def as_markdown_writes(block: str) -> str | None:
    """A block of HTML as Markdown writes it when it stands alone between blank lines, or None when Markdown
    would do more than copy it (see HtmlBlocks)."""
    if MARKDOWN_ATTRIBUTE.search(block):
        return None
    pieces: list[str] = []
    depth, start, done = 0, 0, 0
    for tag in HTML_TAG.finditer(block):
        closing, name, self_closing = tag.group(1), (tag.group(2) or "").lower(), tag.group(3)
        if not name:                      # a comment
            continue
        if name in RAW_TEXT_ELEMENTS and not (name == "script" and (closing or _plain_script(block, tag.end()))):
            return None
        if depth == 0:
            if closing or name not in BLOCK_LEVEL_ELEMENTS or block[done:tag.start()].strip():
                return None
            if pieces:                    # the gap since the previous top-level element
                pieces.append("\n\n" if block.count("\n", done, tag.start()) > 1 else "\n")
            start = tag.start()
        if closing:
            depth -= 1
        elif not self_closing and name not in VOID_ELEMENTS:
            depth += 1
        if depth < 0:
            return None
        if depth == 0:
            pieces.append(block[start:tag.end()])
            done = tag.end()
    if depth or not pieces or block[done:].strip():
        return None
    return "".join(pieces)


def _plain_script(block: str, start: int) -> bool:
    # A script whose code holds no « < » nor blank line (« window.handbookCards && handbookCards() » after each list
    # of cards): Markdown copies it as it is, and the tags around it are read as well as without it.
    end = block.find("</script>", start)
    return end >= 0 and "<" not in block[start:end] and "\n\n" not in block[start:end]


class TemplateProblem(Exception):
    """A page or template that cannot be rendered, located to its file and line."""

    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(f"{where}: {message}")


class TemplatesLoader(jinja2.FileSystemLoader):
    """The templates of templates/, read as UTF-8: one saved in another encoding (Windows, Latin-1) is named at its
    line, in French (Jinja stops on Python's UnicodeDecodeError, under the name of the page that includes it)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            path = next(Path(folder, template) for folder in self.searchpath if Path(folder, template).is_file())
            shown = _short(str(path))
            try:
                utf8_text(path.read_bytes(), shown)
            except YamlRefused as refused:
                problem = refused.problem
                raise TemplateProblem(f"{shown}:{problem.line}", f"{problem.message} — attendu : {problem.expected}") from None
            raise


class PageRenderer:
    """Renders Markdown pages (docs/ and generated) with Jinja; its globals are the build context's (build.template_globals)."""

    def __init__(self, templates_dir: Path, globals: Mapping[str, Any], cache_folder: Path | None = None):
        self._compiled: dict[tuple[bool, str], jinja2.Template] = {}
        self.blocks = HtmlBlocks()
        loader = TemplatesLoader(templates_dir)
        # The generated pages, drawn by templates/ (the project's code), in a plain environment; a page of docs/, edited
        # by staff and built by CI on every push, in a sandbox: it reads the session's facts, never the Python behind
        # them (« session.__class__ », « __globals__ »), and changes none for the pages after it (« .clear() »). The
        # sandbox checks every name a page reads: at national scale it would cost a millisecond per generated page,
        # that no one but the project's code writes.
        self.env = self._environment(jinja2.Environment, loader, globals, cache_folder)
        self.staff_env = self._environment(jinja2.sandbox.ImmutableSandboxedEnvironment, loader, globals, cache_folder)
        self._macro_names = macro_names(self.env, loader.get_source(self.env, MACROS)[0])
        self._prelude = macro_prelude(self.env, MACROS, self._macro_names)
        if stray := self._stray_in_templates():
            raise stray

    def _environment(self, kind: type[jinja2.Environment], loader: jinja2.BaseLoader, globals: Mapping[str, Any],
                     cache_folder: Path | None) -> jinja2.Environment:
        # One of the two environments: the same options, filters, globals and template cache (keyed apart).
        env = kind(loader=loader, autoescape=True, finalize=self._finalize, undefined=ClosestNameUndefined,
                   keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
        env.filters.update(FILTERS)
        env.globals.update(globals)
        if cache_folder:
            env.bytecode_cache = TemplateCache(cache_folder, env)
        return env

    def render(self, name: str, source: str, context: dict[str, Any] | None = None, blocks_aside: bool = False,
               generated: bool = False) -> str:
        """Render one page; name is its path as staff know it (docs/calendrier.md). With blocks_aside, the
        macros' HTML blocks are markers in the Markdown returned, and `blocks.restore` puts them back in its HTML.
        `generated`: a page whose source is the project's (a family's stub that includes its template), rendered
        outside the sandbox; any other source is a page staff wrote."""
        # The macros are imported on the first line itself, so reported lines stay the file's own.
        compiled_as, rendered = name, None
        self.blocks.setting_aside = blocks_aside
        try:
            template = self._template(name, self._prelude + source, self.env if generated else self.staff_env)
            compiled_as = template.name or name
            output = self.blocks.settle(template.render(**(context or {}), **{BLOCK_WRAPPER: self.blocks.wrap}))
            if "None" in output and NONE_WORD.search(output) and not NONE_WORD.search(JINJA_TAG.sub("", source)):
                raise TemplateProblem(name, NONE_JOINED)
            if (STRAY_DELIMITER.search(output) and STRAY_DELIMITER.search(outside_code(self.blocks.drawn(output)))
                    and (stray := self._stray_problem(name, source))):
                raise stray
            rendered = output
            return rendered
        except jinja2.TemplateSyntaxError as error:
            if error.filename not in (None, compiled_as):   # in a template of templates/
                line, words = _syntax_problem(self.env, self._template_source(error.name), error)
                raise TemplateProblem(f"{error.filename}:{line}", words) from None
            line, words = _syntax_problem(self.env, self._prelude + source, error)
            raise TemplateProblem(f"{name}:{line}", words) from None
        except jinja2.TemplateNotFound as error:
            raise TemplateProblem(_where(error, name, compiled_as),
                                  f"gabarit introuvable « {error.name} » — attendu : un fichier de templates/") from None
        except jinja2.UndefinedError as error:
            where = _where(error, name, compiled_as)
            names = [*self.env.globals, *(context or {}), *self._macro_names]
            raise TemplateProblem(where, _undefined_words(error, _source_line(source, where, name), names)) from None
        except NothingToPrint as error:
            where = _where(error, name, compiled_as)
            raise TemplateProblem(where, _nothing_words(_source_line(source, where, name))) from None
        except jinja2.TemplateError as error:
            raise TemplateProblem(_where(error, name, compiled_as), _runtime_words(error, "erreur de gabarit")) from None
        except TemplateProblem:
            raise
        except Exception as error:  # a model method or a macro called wrongly from a page, a value of the wrong kind
            raise TemplateProblem(_where(error, name, compiled_as), _runtime_words(error, "erreur dans une expression de la page")) from None
        finally:
            self.blocks.setting_aside = False
            if rendered is None:   # a page that failed leaves none of its blocks behind
                self.blocks.forget()

    def _finalize(self, value: Any) -> Any:
        # A value a page prints: None is a fact the data does not give (the circular is silent), never « None ».
        if value is None:
            raise NothingToPrint
        return self.blocks.finalize(value)

    def _stray_in_templates(self) -> TemplateProblem | None:
        # A delimiter left as text in a template of templates/, read once, when the renderer is made (not under the
        # name of whichever page is built first): a page's blocks drawn by its macros hold nothing else (data writes
        # braces as entities).
        return next((TemplateProblem(f"{file}:{number}", _stray_words(typed, line)) for file, text in self._template_sources()
                     if (found := stray_line(self.env, text)) for number, typed, line in [found]), None)

    def _template_sources(self) -> list[tuple[str, str]]:
        # Each template of templates/ (*.j2, not hidden: no editor's backup or swap file, .DS_Store or macOS's « ._ »
        # copies) by the name staff see, with its text.
        sources = []
        if self.env.loader:
            for template in sorted(self.env.list_templates(filter_func=_is_template)):
                text, filename, _ = self.env.loader.get_source(self.env, template)
                sources.append((_short(filename or template), text))
        return sources

    def _stray_problem(self, name: str, source: str) -> TemplateProblem | None:
        # Where a delimiter the page shows was typed as text, outside its tags; None when it was not (an expression
        # printed it: {{ '{{' }}, the way to write one), templates being read apart (_stray_in_templates).
        found = stray_line(self.env, source)
        return TemplateProblem(f"{name}:{found[0]}", _stray_words(found[1], found[2])) if found else None

    def _template_source(self, name: str | None) -> str | None:
        # The text of a template of templates/, to name where a mistake in it began (None if it cannot be read).
        try:
            return self.env.loader.get_source(self.env, name)[0] if name and self.env.loader else None
        except jinja2.TemplateNotFound:
            return None

    def _template(self, name: str, source: str, env: jinja2.Environment) -> jinja2.Template:
        # One compiled template per distinct source (and environment): the generated pages of a family (identical
        # stubs that include the family's template) share one, compiled under the name of the first of them.
        key = (env.sandboxed, source)
        template = self._compiled.get(key)
        if template is None:
            template = self._compiled[key] = env.template_class.from_code(env, self._code(name, source, env), env.make_globals(None))
        return template

    def _code(self, name: str, source: str, env: jinja2.Environment) -> Any:
        # The page's compiled code, from the template cache when it holds this very source (as Jinja's loaders do).
        cache = env.bytecode_cache
        bucket = cache.get_bucket(env, name, name, source) if cache else None
        if bucket is not None and bucket.code is not None:
            return bucket.code
        code = env.compile(source, name, name)
        if bucket is not None and cache is not None:
            bucket.code = code
            cache.set_bucket(bucket)
        return code


MACROS = "macros.md.j2"
# The name under which a page's prelude finds HtmlBlocks.wrap (in its context): not a name for templates to use.
BLOCK_WRAPPER = "_handbook_block"


def macro_names(env: jinja2.Environment, source: str) -> list[str]:
    """The macros a template file defines (its text: source), sorted."""
    return sorted(node.name for node in env.parse(source).find_all(jinja2.nodes.Macro))


def macro_prelude(env: jinja2.Environment, template: str, names: list[str]) -> str:
    """`{% from "macros.md.j2" import a, b with context %}` for every macro of the file (names), each then wrapped
    so that its HTML blocks can be set aside during Markdown (HtmlBlocks); one line, before the page's first."""
    if not names:
        return ""
    wrapped = "".join(f"{{% set {name} = {BLOCK_WRAPPER}({name}) %}}" for name in names)
    return f'{{% from "{template}" import {", ".join(names)} with context %}}' + wrapped


def _where(error: BaseException, name: str, compiled_as: str) -> str:
    # The deepest template frame of the traceback: Jinja maps its line to the template's own. A page that shares
    # another page's compiled template (compiled_as) is still reported under its own name.
    page_names = (name, compiled_as)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename in page_names or f.filename.endswith((".j2", ".md"))]
    if not frames:
        return name
    frame = frames[-1]
    return f"{name if frame.filename in page_names else _short(frame.filename)}:{frame.lineno}"


def _short(filename: str) -> str:
    path = Path(filename)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return filename


# « None » in a page whose text does not write it: an empty value joined to text (« ~ », « % ») where _finalize cannot
# see it. (A « None » in the page's Jinja code, « clock_range(None) », is no text of the page.)
NONE_WORD = re.compile(r"\bNone\b")
JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
NONE_JOINED = ("« None » dans la page : une valeur vide (que les données ne donnent pas) jointe à un texte par « ~ » ou "
               "« % » — attendu : {% if … %}…{% endif %} autour de cette valeur, ou la valeur dans data/")


# Jinja's delimiters left in a page's text: a brace missing (« { session.info.academy }} », « {% if x %} »
# typed « % if x %} ») makes Jinja read the expression as text, which the site would publish as it is. Data cannot
# write them (escape_data writes « { » as an entity); an expression may ({{ '{{' }}, the way to write one as text: the
# page's source then shows none outside its tags, and is let through); code may show them: Markdown's code spans and
# indented code blocks, HTML's code, pre, script, style and comments.
STRAY_DELIMITER = re.compile(r"\{\{|\}\}|\{%|%\}")
HTML_CODE = re.compile(r"<!--.*?-->|<(code|pre|script|style)\b.*?</\1\s*>", re.S | re.I)
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
# A line that opens a block whose indented lines are its content, not code: a list item, an admonition.
INDENTED_CONTENT = re.compile(r"\s*(?:[-*+]|\d+[.)])\s|\s*(?:!!!|\?\?\?)")
# What to write instead, for each delimiter left as text.
STRAY_EXAMPLES = {"{{": "{{ session.info.academy }}", "}}": "{{ session.info.academy }}",
                  "{%": "{% if session.info.to_confirm %}", "%}": "{% if session.info.to_confirm %}"}


def _is_template(name: str) -> bool:
    # A template staff wrote: *.j2, not a hidden file.
    return name.endswith(".j2") and not name.rsplit("/", 1)[-1].startswith(".")


def outside_code(text: str) -> str:
    """The text with its code blanked out (its line breaks kept, so lines still count): code spans, indented code
    blocks, HTML's code, pre, script, style and comments."""
    text = HTML_CODE.sub(_blank, text)
    lines = text.split("\n")
    context = ""        # the last line not indented as code: what an indented line after a blank one belongs to
    for number, line in enumerate(lines):
        indented = line.startswith(("    ", "\t"))
        if indented and number and not lines[number - 1].strip() and context and not INDENTED_CONTENT.match(context):
            lines[number] = " " * len(line)
        elif line.strip() and not indented:
            context = line
    return CODE_SPAN.sub(_blank, "\n".join(lines))


def _blank(found: re.Match[str]) -> str:
    # A piece of text as spaces, its line breaks kept.
    return re.sub(r"[^\n]", " ", found.group())


def stray_line(env: jinja2.Environment, source: str) -> tuple[int, str, str] | None:
    """The first Jinja delimiter a page's or a template's source leaves as text, outside its tags and its code (as
    `env` reads them: {% raw %} writes its content as text): its line number, the delimiter and the line's text; None
    when there is none, or when the source cannot be read."""
    if not STRAY_DELIMITER.search(source):
        return None
    pieces, lines = [], 1     # the source's text alone, each piece at its own line; the lines it has so far
    try:
        for line, kind, value in env.lex(source):
            if kind == "data":
                pieces += ["\n" * (line - lines), value]
                lines = line + value.count("\n")
            else:
                pieces.append(" ")
    except jinja2.TemplateSyntaxError:
        return None
    text = "".join(pieces)
    found = STRAY_DELIMITER.search(outside_code(text))
    if not found:
        return None
    number = text.count("\n", 0, found.start()) + 1
    return number, found.group(), source.split("\n")[number - 1]


def _stray_words(delimiter: str, line: str) -> str:
    shown = f" (« {shorten(line)} »)" if line.strip() else ""
    return (f"« {delimiter} » resté tel quel dans le texte{shown}, que le site afficherait : accolade manquante ? — "
            f"attendu : deux accolades de chaque côté, par exemple {STRAY_EXAMPLES[delimiter]} ; "
            f"pour écrire « {delimiter} » tel quel dans le texte : {{{{ '{delimiter}' }}}}")


class NothingToPrint(Exception):
    """A page printed None: a value the data leaves empty."""


def _nothing_words(line: str) -> str:
    # The expressions of the line, as the page writes them: the one that printed nothing is among them.
    printed = [" ".join(found.split()) for found in re.findall(r"\{\{-?(.+?)-?\}\}", line)]
    which = f"« {{{{ {printed[0]} }}}} »" if len(printed) == 1 else "une expression de cette ligne"
    test = f"{{% if {printed[0]} %}}" if len(printed) == 1 else "{% if … %}"
    return (f"valeur vide : {which} n'a pas de valeur dans les données (la circulaire ne la donne pas), la page "
            f"afficherait « None » — attendu : {test}…{{% endif %}} autour, ou la valeur dans data/")


# Python's words for a value used wrongly in a page, in staff words: (its message, what is wrong — what would be
# accepted). A kind of value is named as staff know it (TYPE_WORDS). First match wins.
TYPE_WORDS = {"int": "un nombre", "float": "un nombre", "str": "un texte", "NoneType": "une valeur vide", "bool": "vrai ou faux",
              "date": "une date", "time": "une heure", "list": "une liste", "dict": "un bloc", "tuple": "une liste"}
RUNTIME_WORDS: list[tuple[re.Pattern[str], str]] = [(re.compile(pattern), words) for pattern, words in [
    # The sandbox (PageRenderer): a name in « _ » is Python's, not the data's; a method that changes a list or a block
    # (« clear », « append ») would change the facts of every page rendered after this one.
    (r"access to attribute '(_\w*)' of '\w+' object is unsafe",
     "« {1} » : un nom en « _ » n'est pas un fait de la session, une page n'y a pas accès — attendu : un champ des "
     "données, par exemple session.info.academy"),
    (r"access to attribute '(\w+)' of '\w+' object is unsafe",
     "« {1} » : une page lit les faits de la session, elle ne les change pas — attendu : une lecture des données, par "
     "exemple {{{{ session.centre_list | length }}}}"),
    (r"Range too big\. The sandbox blocks ranges larger than MAX_RANGE \((\d+)\)",
     f"range() de plus de {jinja2.sandbox.MAX_RANGE:_} valeurs".replace("_", " ")   # Jinja's own limit, 100 000
     + " — attendu : une boucle sur les données, par exemple {{{{% for c in session.centre_list %}}}}…{{{{% endfor %}}}}"),
    (r'can only concatenate str \(not "(\w+)"\) to str',
     "texte et {1} mis bout à bout avec « + » — attendu : « ~ », qui met tout bout à bout en texte, par exemple "
     "{{{{ session.info.academy ~ ' ' ~ session.info.year }}}}"),
    (r"unsupported operand type\(s\) for (\S+): '(\w+)' and '(\w+)'",
     "« {1} » entre {2} et {3} — attendu : « ~ » pour mettre du texte bout à bout, ou deux nombres"),
    (r"macro '(\w+)' takes not more than (\d+) argument\(s\)",
     "la macro « {1} » reçoit trop de valeurs entre parenthèses ({2} au plus) — attendu : ses paramètres, écrits "
     "dans templates/macros.md.j2"),
    (r"macro '(\w+)' takes no keyword argument '(\w+)'",
     "la macro « {1} » n'a pas de paramètre « {2} » — attendu : un de ses paramètres, écrits dans templates/macros.md.j2"),
    (r"'(\w+)' object is not iterable",
     "{1} là où une liste est attendue (une boucle « {{% for … in … %}} », un filtre comme join) — attendu : une liste, "
     "par exemple {{% for c in session.centre_list %}}"),
    (r"'(\w+)' object is not callable",
     "parenthèses après {1}, qui n'est pas une fonction — attendu : la valeur sans « ( ) », par exemple "
     "{{{{ session.info.year }}}}"),
    (r"'(\w+)' object is not subscriptable",
     "crochets « [ ] » après {1}, qui n'est pas une liste — attendu : par exemple {{{{ session.centre_list[0].name }}}}"),
    (r"division by zero", "division par zéro — attendu : un diviseur qui n'est jamais nul"),
    # A macro that calls itself with no condition to stop (or pages that include each other): Python's RecursionError.
    (r"maximum recursion depth exceeded",
     "une macro s'appelle elle-même sans fin (ou des gabarits s'incluent l'un l'autre) — attendu : une condition qui "
     "arrête ses appels, par exemple {{% if n > 0 %}}…{{% endif %}}, ou aucun appel d'elle-même"),
    # A filter given another value, or too many or too few between its parentheses (Jinja's own are do_…).
    (r"filter '(\w+)' expects a date, got '(\w+)'",
     "le filtre « {1} » reçoit {2} — attendu : une date des données, par exemple {{{{ session.livrets.deadline | {1} }}}}"),
    (r"filter '(\w+)' expects a time, got '(\w+)'",
     "le filtre « {1} » reçoit {2} — attendu : une heure des données, par exemple {{{{ session.results.results.from_ | {1} }}}}"),
    (r"(?:do_)?(\w+)\(\) takes (?:from \d+ to )?(\d+) positional arguments? but \d+ were given",
     "« {1} » reçoit trop de valeurs entre parenthèses ({2} au plus, la valeur avant « | » comprise) — attendu : "
     "ses seules valeurs, par exemple {{{{ session.livrets.deadline | date_long }}}}"),
    (r"(?:do_)?(\w+)\(\) missing \d+ required (?:positional|keyword-only) arguments?: (.+)",
     "« {1} » demande plus de valeurs entre parenthèses (il manque {2}) — attendu : toutes ses valeurs, par exemple "
     "{{{{ session.info.academy | replace('Toulouse', 'Montpellier') }}}}"),
    (r"unhashable type: '(\w+)'",
     "{1} donné là où une seule valeur est attendue (à un filtre, par exemple) — attendu : une valeur des données, "
     "par exemple {{{{ session.info.year }}}}"),
    (r"'(\S+)' not supported between instances of '(\w+)' and '(\w+)'",
     "« {1} » entre {2} et {3}, qui ne se comparent pas (un filtre a-t-il reçu un texte au lieu d'un nombre ?) — "
     "attendu : deux valeurs de même sorte, par exemple {{{{ session.info.academy | truncate(20) }}}}"),
    # A value the data leaves empty, given to a filter or asked for a part (« none | date_long »).
    (r"'NoneType' object has no attribute '(\w+)'",
     "valeur vide (que les données ne donnent pas) là où une valeur est attendue — attendu : {{% if … %}}…{{% endif %}} "
     "autour, ou la valeur dans data/"),
]]
# Jinja looks a filter or a test up when the page compiles (a syntax error, _syntax_problem) or, inside a condition,
# when it runs: the same words either way.
LOOKUP_WORDS: list[tuple[re.Pattern[str], str]] = [(re.compile(pattern), words) for pattern, words in [
    (r"No filter named '(\w+)'",
     "filtre « {1} » inconnu de Jinja et du projet (faute de frappe ?) — attendu : par exemple "
     "{{{{ session.livrets.deadline | date_long }}}}"),
    (r"No test named '(\w+)'",
     "test « {1} » inconnu de Jinja (faute de frappe ?) — attendu : par exemple {{% if session.info.to_confirm is defined %}}"),
]]


def _runtime_words(error: Exception, unknown: str) -> str:
    # The tables' words for the error; one they do not know keeps its own words after `unknown`.
    text = str(error)
    return _table_words(RUNTIME_WORDS + LOOKUP_WORDS, text) or f"{unknown} ({type(error).__name__} : {text})"


def _table_words(table: list[tuple[re.Pattern[str], str]], text: str) -> str | None:
    # The words of the first pattern that matches, its groups named as staff know them (TYPE_WORDS).
    for pattern, words in table:
        if match := pattern.search(text):
            return words.format(None, *(TYPE_WORDS.get(group, group) for group in match.groups()))
    return None


# A bare name between brackets (« session.info[academy] »): Jinja reads it as a name of the model, unknown, and says
# « … has no element Undefined ». Searched in its message and the page's line (after a line break), where the name is.
BRACKETED = r"has no element Undefined\n.*?([A-Za-z_][\w.]*(?:\[\w+\])*)\[([A-Za-z_]\w*)\]"
BRACKETED_WORDS = "nom inconnu : « {2} » n'existe pas (entre crochets, un nom sans guillemets est lu comme une valeur) — attendu : "
UNDEFINED_WORDS: list[tuple[re.Pattern[str], str]] = [(re.compile(pattern), words) for pattern, words in [
    (r"^list object " + BRACKETED, BRACKETED_WORDS + "une position de la liste (la première est 0), par exemple {{{{ {1}[0] }}}}"),
    (BRACKETED, BRACKETED_WORDS + "{{{{ {1}.{2} }}}}"),
    (r"has no element Undefined",
     "nom inconnu entre crochets — attendu : le nom d'un champ après un point, par exemple {{{{ session.info.academy }}}}"),
]]


class ClosestNameUndefined(jinja2.StrictUndefined):
    """Jinja's strict undefined, whose message also names the field of the object asked closest to the name typed
    (« acadmy » → academy): read by _undefined_words."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        message: str = super()._undefined_message
        if self._undefined_obj is jinja2.utils.missing or not isinstance(self._undefined_name, str):
            return message
        close = closest_name(self._undefined_name, _field_names(self._undefined_obj))
        return f"{message}{CLOSEST_MARK}{close}" if close else message


# Between Jinja's message and the closest name (a separator no message of Jinja holds).
CLOSEST_MARK = "\x00closest:"


def closest_name(typed: str, names: Iterable[str]) -> str | None:
    """The name a letter or two away from the one typed (difflib's ratio 0.75 or more), or None."""
    return next(iter(difflib.get_close_matches(typed, sorted(set(names)), n=1, cutoff=0.75)), None)


def _field_names(value: Any) -> list[str]:
    # What a page may ask of a value: a mapping's keys, or an object's public attributes (fields, properties, methods).
    if isinstance(value, Mapping):
        return [key for key in value if isinstance(key, str)]
    return [name for name in dir(value) if not name.startswith("_")]


def _undefined_words(error: jinja2.UndefinedError, line: str, names: Iterable[str] = ()) -> str:
    text, _, close = str(error).partition(CLOSEST_MARK)
    hint = f" — attendu : « {close} », le nom le plus proche" if close else ""
    if words := _table_words(UNDEFINED_WORDS, f"{text}\n{line}"):
        return words
    match = re.match(r"'(.+)' is undefined", text)
    if match:
        if nearest := closest_name(match.group(1), names):
            return f"nom inconnu : « {match.group(1)} » n'existe pas — attendu : « {nearest} », le nom le plus proche"
        return f"nom inconnu : « {match.group(1)} » n'existe pas — attendu : un nom du modèle (session, …) ou une macro"
    match = re.match(r"(?:'(.+)'|(?:[\w.]+\.)?(\w+) object) has no element (.+)", text)
    if match:
        return (f"aucun élément {match.group(3)} dans {TYPE_WORDS.get(match.group(2) or '', 'cette valeur')} — attendu : une "
                "position de la liste (la première est 0) ou une clé du bloc, par exemple {{ session.centre_list[0].name }}")
    match = re.match(r"'(.+)' has no attribute '(.+)'", text)
    if match:
        # Named as the page writes it (session.info, or session.info['nope']), not as Python names the object
        # (…SessionInfo object); when the line asks the same name of two things (session.info.year, session.year), the
        # object's own name as pages know it (session.info for SessionInfo, the data of session.yml).
        asked = re.escape(match.group(2))
        written = set(re.findall(rf"([A-Za-z_][\w.\[\]]*?)(?:\.{asked}\b|\[\s*['\"]{asked}['\"]\s*\])", line))
        python = match.group(1).rsplit(".", 1)[-1].removesuffix(" object")
        owner = written.pop() if len(written) == 1 else _page_names().get(python, python)
        return f"nom inconnu : « {match.group(2)} » n'existe pas dans {owner}{hint}"
    return f"nom inconnu : {text}"


@lru_cache(maxsize=1)
def _page_names() -> dict[str, str]:
    # The model's objects as pages name them: SessionInfo (session.yml) is session.info, Session is session.
    from .model import OPTIONAL_SESSION_FILES, SESSION_FILES

    parts = {**SESSION_FILES, **OPTIONAL_SESSION_FILES}.values()
    return {**{schema.__name__: f"session.{attribute}" for attribute, schema in parts}, "Session": "session"}


def _source_line(source: str, where: str, name: str) -> str:
    # The text of the page's line named by `where` ("docs/contacts.md:3"), or "" when it names another file.
    file, _, line = where.rpartition(":")
    lines = source.splitlines()
    return lines[int(line) - 1] if file == name and line.isdigit() and 0 < int(line) <= len(lines) else ""


# Jinja's syntax errors in staff words: (its message, what is wrong — what would be accepted, where the mistake
# began). A page of docs/ is prose first: most often « {{ », « {% » or « {# » typed as text, or a block left open.
# Where: "block", the line that opened the block left open (Jinja names the line where it noticed); "print", the
# line of the last « {{ » (the value may run on to the next lines); None, Jinja's own line. First match wins.
AS_TEXT = "pour écrire « {0} » tel quel dans le texte : {{{{ '{0}' }}}}"
NAME = "{{ un nom }}, par exemple {{ session.info.year }}"
SYNTAX_WORDS: list[tuple[re.Pattern[str], str, str | None]] = [
    (re.compile(r"[Uu]nexpected end of template\. Jinja was looking for .*The innermost block that needs to be closed is '(\w+)'"),
     r"bloc « {% \1 … %} » ouvert ici et jamais fermé — attendu : « {% end\1 %} » à la fin du bloc", "block"),
    (re.compile(r"Encountered unknown tag '(end\w+)'\. You probably made a nesting mistake\..*The innermost block that needs "
                r"to be closed is '(\w+)'"),
     r"bloc « {% \2 … %} » ouvert ici et pas fermé avant « {% \1 %} » — attendu : « {% end\2 %} » à la fin du bloc", "block"),
    # An end tag mistyped inside a block (« {% endfro %} » in a « for »): no Jinja tag, not a block closed twice.
    (re.compile(r"Encountered unknown tag '(end(?!(?:if|for|set|macro|block|with|filter|call|raw|autoescape|trans)')\w+)'\. "
                r"Jinja was looking for .*The innermost block that needs to be closed is '(\w+)'"),
     r"« {% \1 %} » n'est pas une balise de Jinja (faute de frappe ?) et le bloc « {% \2 … %} » reste ouvert — attendu : "
     r"« {% end\2 %} »", None),
    (re.compile(r"Encountered unknown tag 'end(\w+)'"),
     r"« {% end\1 %} » ferme un bloc qui n'est pas ouvert — attendu : un « {% \1 … %} » plus haut, ou rien", None),
    (re.compile(r"Encountered unknown tag '(else|elif)'"),
     r"« {% \1 %} » hors d'un bloc « {% if … %} » — attendu : « {% \1 %} » entre « {% if … %} » et « {% endif %} »", None),
    (re.compile(r"Encountered unknown tag '(\w+)'"),
     r"balise « {% \1 %} » inconnue — attendu : une balise de Jinja (if, for, set…) ; " + AS_TEXT.format("{%"), None),
    (re.compile(r"expected token 'end of print statement', got '(.*)'"),
     r"« {{ » sans son « }} », ou plus d'un nom entre les accolades (« \1 » en trop) — attendu : " + NAME + " ; "
     + AS_TEXT.format("{{"), "print"),
    (re.compile(r"[Uu]nexpected end of template, expected 'end of print statement'"),
     "« {{ » sans son « }} » — attendu : " + NAME + " ; " + AS_TEXT.format("{{"), "print"),
    (re.compile(r"expected token 'end of statement block', got '(.*)'"),
     r"« {% » sans son « %} », ou balise mal écrite (« \1 » en trop) — attendu : par exemple {% if session.info.to_confirm %}", None),
    (re.compile(r"Expected an expression, got 'end of print statement'"),
     "« {{ }} » vide — attendu : " + NAME, None),
    (re.compile(r"Expected an expression, got 'end of statement block'"),
     "balise sans sa condition ou sa valeur — attendu : par exemple {% if session.info.to_confirm %}", None),
    (re.compile(r"unexpected 'end of (?:print statement|statement block)'"),
     "expression incomplète avant la fin des accolades — attendu : " + NAME, None),
    (re.compile(r"unexpected '(.)', expected '(.)'"),
     r"« \1 » trouvé là où il manque « \2 » — attendu : chaque parenthèse ou crochet refermé, par exemple "
     r"{{ session.centre_list[0].name }}", None),
    (re.compile(r"Missing end of comment tag"),
     "« {# » ouvre un commentaire jamais fermé — attendu : « #} » pour le fermer ; " + AS_TEXT.format("{#"), None),
    (re.compile(r"Missing end of raw directive"),
     "« {% raw %} » jamais fermé — attendu : « {% endraw %} » à la fin du texte à écrire tel quel", None),
    (re.compile(r"expected token '(in)', got '([^']*)'"),
     r"« \2 » trouvé là où Jinja attend « \1 » (faute de frappe ?) — attendu : par exemple {% for centre in session.centre_list %}",
     None),
    (re.compile(r"expected token '(.+?)', got '(.*)'"),
     r"« \2 » trouvé là où Jinja attend « \1 » (un signe oublié, ou un mot en trop ?) — attendu : « \1 » à cette place, "
     r"par exemple {% set annee = session.info.year %} ou {{ session.info.academy | replace('Toulouse', 'Montpellier') }}",
     None),
    (re.compile(r"[Uu]nexpected end of template, expected '(.+?)'"),
     r"la page se termine là où Jinja attend « \1 » — attendu : la balise ou l'expression complète, par exemple "
     r"{% if session.info.to_confirm %}", None),
    (re.compile(r"expected name or number"),
     "nom attendu après le point — attendu : " + NAME, None),
    (re.compile(r"unexpected char (['\"])(.+?)\1 at \d+"),
     r"caractère « \2 » inattendu dans une expression entre accolades — attendu : " + NAME + " ; " + AS_TEXT.format("{{"), None),
    (re.compile(r"unexpected '(.+?)'"),
     r"« \1 » inattendu dans une expression entre accolades — attendu : " + NAME + " ; " + AS_TEXT.format("{{"), None),
]
# Jinja's names of its tokens (« expected token 'name', got 'end of print statement' »), as the page writes them.
TOKEN_WORDS = {"end of print statement": "}}", "begin of print statement": "{{", "end of statement block": "%}",
               "begin of statement block": "{%", "end of comment": "#}", "begin of comment": "{#", "name": "nom",
               "integer": "nombre", "float": "nombre", "string": "texte entre guillemets", "end of template": "fin de la page",
               "template data / text": "texte"}
# How Jinja names the block still open when it stopped.
INNERMOST_BLOCK = re.compile(r"The innermost block that needs to be closed is '(\w+)'")
# The tags that open a block closed by « end<tag> » (set only without « = » : {% set x %}…{% endset %}).
BLOCK_TAGS = frozenset({"if", "for", "macro", "call", "filter", "with", "autoescape", "block", "set"})


# A « {{ » or « {% » left open (its « }} » or « %} » forgotten): Jinja reads on into the text and stops lines further,
# on whatever word it meets there. Named at the line where it opens, when the table does not locate the mistake itself.
LEFT_OPEN_WORDS = {
    "{{": "« {{ » ouvert ligne N sans fermeture — attendu : « }} » à la fin de l'expression, par exemple "
          "{{ session.info.year }} ; " + AS_TEXT.format("{{"),
    "{%": "« {% » ouvert ligne N sans fermeture — attendu : « %} » à la fin de la balise, par exemple "
          "{% for centre in session.centre_list %}",
}
OPENER = re.compile(r"\{\{|\{%")
# Inside a tag: a text between quotes (which may hold « }} »), a closer, or the next opener.
IN_TAG = re.compile(r"""'[^'\n]*'|"[^"\n]*"|\}\}|%\}|\{\{|\{%""")
# What Jinja reads as text, whatever it holds: comments, and what {% raw %} writes as it is.
NOT_TAGS = re.compile(r"\{#.*?#\}|\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)


def _syntax_problem(env: jinja2.Environment, source: str | None, error: jinja2.TemplateSyntaxError) -> tuple[int | None, str]:
    """The line where a syntax mistake of a page began (Jinja's own without the page's source), and what it is in
    staff words (Jinja's own for a mistake the table does not know)."""
    message = error.message or ""
    match, words, where = next(((found, words, where) for pattern, words, where in SYNTAX_WORDS
                                if (found := pattern.search(message))), (None, "", None))
    if where is None and source is not None and (left := _left_open(source, error.lineno)):
        line, opener = left
        return line, "erreur de syntaxe Jinja : " + LEFT_OPEN_WORDS[opener].replace("ligne N", f"ligne {line}", 1)
    if match is None:
        return error.lineno, f"erreur de syntaxe Jinja : {_table_words(LOOKUP_WORDS, message) or message}"
    began = _began_at(env, source, where, message, error.lineno) if where and source is not None else None
    return began or error.lineno, "erreur de syntaxe Jinja : " + _expanded(match, words)


def _expanded(match: re.Match[str], words: str) -> str:
    # The table's words, each \N the text of group N; Jinja's names of its tokens in the page's words (TOKEN_WORDS).
    def group(reference: re.Match[str]) -> str:
        text = match.group(int(reference.group(1))) or ""
        return TOKEN_WORDS.get(text, text)
    return re.sub(r"\\(\d)", group, words)


def _left_open(source: str, noticed: int | None) -> tuple[int, str] | None:
    # The last « {{ » or « {% » up to the line where Jinja stopped that is left open: another one opens before its
    # closer, or none follows. (A heuristic: a tag may run on several lines, closed on a later one.)
    text = NOT_TAGS.sub(_blank, source)
    left, at = None, 0
    while (opener := OPENER.search(text, at)) and (line := text.count("\n", 0, opener.start()) + 1) <= (noticed or 0):
        at = opener.end()
        while (part := IN_TAG.search(text, at)) and part.group()[0] in "'\"":
            at = part.end()
        if part is None or OPENER.fullmatch(part.group()):
            left = line, opener.group()
        else:
            at = part.end()
    return left


def _began_at(env: jinja2.Environment, source: str, where: str, message: str, noticed: int) -> int | None:
    # Read the page's tags up to the line where Jinja stopped: the block still open there (Jinja names it), or the
    # last « {{ ». A page whose text cannot even be read that far keeps Jinja's line.
    innermost = INNERMOST_BLOCK.search(message)
    opened: list[tuple[str, int]] = []
    last_print: int | None = None
    tag, line, assigns = "", 0, False    # the block tag being read
    try:
        for at, kind, value in env.lex(source):
            if at > noticed:
                break
            if kind == "variable_begin":
                last_print = at
            elif kind == "block_begin":
                tag, line, assigns = "", at, False
            elif kind == "name" and not tag:
                tag = value
            elif kind == "operator" and value == "=":
                assigns = True
            elif kind == "block_end" and tag.startswith("end"):
                closed = max((i for i, (name, _) in enumerate(opened) if name == tag[3:]), default=None)
                if closed is not None:
                    del opened[closed]
            elif kind == "block_end" and tag in BLOCK_TAGS and not (tag == "set" and assigns):
                opened.append((tag, line))
    except jinja2.TemplateSyntaxError:
        return None
    if where == "print":
        return last_print
    return next((line for name, line in reversed(opened) if innermost and name == innermost.group(1)), None)

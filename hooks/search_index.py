"""MkDocs hook: a French search index that finds what candidates type (see handbook/search.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any, NotRequired, TypedDict

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from handbook import search
from handbook_context import context

log = get_plugin_logger(__name__)

# Weight of a generated page (centre, establishment, form) against a written page: a key word
# (« convocation ») finds the page that explains it before the 14 centre pages that mention it,
# while a centre's own name or town, matched in its title (×1000), still finds the centre first.
GENERATED_BOOST = 0.5

# Material shows, under a result, the blocks (top-level elements) of its text that matched: a whole
# table (flattened to « Centre Commune Département Rôle CFA… ») or a whole list. For the indexer
# only, each table row and each list item becomes a paragraph: a result shows the row that matched
# (« lundi 16 mai 2022 · 14 h – 18 h · E3 : … »), cells joined by CELL_JOIN, lines of a cell by
# LINE_JOIN; a header row (thead) only names columns and is left out; a list becomes a div (which
# the indexer drops). Every element keeps its attributes, so `data-search-exclude` still excludes it.
# Material's indexer drops other block tags and would glue the words on either side of them
# (« Pigier8 rue »): a space after them keeps the words apart.
CELL_JOIN = " · "
LINE_JOIN = ", "
HEADER = re.compile(r"<thead\b.*?</thead>", re.S)
ROW = re.compile(r"<tr\b([^>]*)>(.*?)</tr>", re.S)
CELL = re.compile(r"<t([dh])\b([^>]*)>(.*?)</t\1>", re.S)
CAPTION = re.compile(r"<(/?)caption\b")
LINE_BREAK = re.compile(r"\s*<br\s*/?>\s*")
LIST = re.compile(r"<(/?)(?:ul|ol)\b")
ITEM = re.compile(r"<(/?)li\b")
EXCLUDED = "data-search-exclude"
WORD_BOUNDARY = re.compile(r"(</(?:dt|dd|div)>|<br\s*/?>)(?=\S)")
TAG = re.compile(r"<[^>]*>")
# Material's search plugin (9.8, SearchPlugin.on_page_context) removes its data-search-* attributes from the
# page once indexed (re.sub(r'\s?data-search-\w+="[^"]+"', "", …)); the page given back gets the same treatment
# (without_search_attributes), by a pattern that opens on plain text, which re finds ten times faster.
SEARCH_ATTRIBUTE = re.compile(r"data-search-\w+=\"[^\"]+\"")
# Where Material writes its index and keeps its search worker (ours, search-fr.js, beside it) and lunr's language rules.
INDEX_PATH = "search/search_index.json"
SEARCH_WORKERS = "assets/javascripts/workers/"
LUNR_RULES = "assets/javascripts/lunr/min/"


@event_priority(100)  # before Material's search plugin reads its options
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Our separator, and no lunr.fr pipeline function: the worker normalises words itself."""
    options = search_options(config)
    if not options["enabled"]:  # no index: the pages would still be prepared for it, and the search box be empty
        raise PluginError("la recherche de Material est désactivée (search: enabled: false dans mkdocs.yml) : "
                          "le manuel a besoin de son index de recherche ; retirez « enabled: false »")
    options["separator"] = search.SEPARATOR
    # lunr.fr's stemmer only runs on the index side (Material's prefix queries skip the search
    # pipeline), so « epreuve* » would miss the stem « epreuv »; its stop word filter does not
    # fold accents. The worker's own function (search.normalise_token) replaces all three.
    options["pipeline"] = []
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Note what the search box loads in a browser: the index, the workers' scripts, lunr's rules for its languages."""
    # As Material's worker loads them: none for English alone; else the stemmers' support, each other language's
    # rules, and lunr.multi for several languages.
    languages = list(search_options(config)["lang"] or ["en"])
    others = [f"lunr.{lang}.min.js" for lang in languages if lang != "en"]
    rules = (["lunr.stemmer.support.min.js", *others] if others else []) + (["lunr.multi.min.js"] if len(languages) > 1 else [])
    found = sorted(f.dest_uri for f in files if f.dest_uri.startswith(SEARCH_WORKERS) and f.dest_uri.endswith(".js"))
    found += [f"{LUNR_RULES}{name}" for name in rules if files.get_file_from_path(f"{LUNR_RULES}{name}")]
    context(config).search_files[:] = [INDEX_PATH, *found]
    return files


@event_priority(100)  # just before Material's search plugin reads the page
def _index_html(template_context: TemplateContext, page: Page, config: MkDocsConfig, **kwargs: object) -> TemplateContext:
    """The page as the search indexer should read it: rows and list items as paragraphs; for a generated
    page, without the sections another generated page already had (RepeatedSections)."""
    if (page.meta.get("search") or {}).get("exclude"):  # not indexed: nothing to prepare
        return template_context
    original = page.content or ""
    page.content = html_for_index(original)
    built = context(config)
    if page.file.src_uri in built.pages:
        page.content = built.repeated_sections.unseen(page.content, page.url)
    page.__dict__["_handbook_original"] = (original, page.content)  # our note on MkDocs' page, popped in _original_html
    return template_context


@event_priority(-100)  # after indexing, before the page is rendered: its HTML stays as built
def _original_html(context: TemplateContext, page: Page, **kwargs: object) -> TemplateContext:
    """The page's own HTML back, exactly as its templates drew it."""
    original, for_index = page.__dict__.pop("_handbook_original", (None, None))
    if original is None:
        return context
    if page.content != without_search_attributes(for_index):  # another hook changed it: its change would be lost
        raise PluginError(f"{page.file.src_uri} : la page a changé pendant son indexation pour la recherche "
                          "(un autre hook modifie page.content dans on_page_context) ; "
                          "impossible de lui rendre son HTML d'origine.")
    page.content = without_search_attributes(original)
    return context


# Two handlers on one event, around Material's search plugin.
on_page_context = CombinedEvent(_index_html, _original_html)


@event_priority(100)  # before Material's search plugin writes search/search_index.json
def _french_index(config: MkDocsConfig) -> None:
    """Material's index made French once, in memory, for Material's plugin to write: its sections less the generated
    ones repeated elsewhere, and the normalisation table for the worker (no second reading of the written file)."""
    plugin = search_plugin(config)   # whole: no --dirty build (hooks/preview.py), whose entries Material would merge
    material_index = getattr(plugin, "search_index", None)
    entries = getattr(material_index, "entries", None)
    if not isinstance(entries, list):
        raise PluginError(MATERIAL_CHANGED)
    index = {"config": index_settings(material_index), "docs": entries}
    plugin.search_index = WrittenIndex(french_index(index, config))  # Material's entries let go (tens of MB nationally)


@event_priority(-100)  # after Material's search plugin wrote search/search_index.json
def _written_index(config: MkDocsConfig) -> None:
    """Material's plugin wrote our index, where the worker looks for it."""
    written = search_plugin(config).search_index
    if not (isinstance(written, WrittenIndex) and written.taken and (Path(config.site_dir) / INDEX_PATH).exists()):
        raise PluginError(MATERIAL_CHANGED)


# Said if Material's search plugin no longer keeps or writes its index as hooks/search_index.py expects (9.8).
MATERIAL_CHANGED = ("index de recherche français non écrit : le plugin « search » de Material ne garde plus ou n'écrit "
                    "plus son index comme hooks/search_index.py l'attend (Material mis à jour ?)")


# Two handlers on one event, around Material's search plugin (as on_page_context above).
on_post_build = CombinedEvent(_french_index, _written_index)


class WrittenIndex:
    """Stands for Material's SearchIndex once our JSON is made: what the plugin's on_post_build asks of it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = False

    def generate_search_index(self, prev: object) -> str:
        # Handed over once: the plugin, kept between the preview's rebuilds, does not keep the text too.
        text, self.text, self.taken = self.text, "", True
        return text


def french_index(index: dict[str, Any], config: MkDocsConfig) -> str:
    """The index as the worker reads it: generated sections repeated elsewhere dropped, generated pages boosted less,
    the normalisation table (config.handbook_fr); serialised as Material does, accents as they are."""
    built = context(config)
    generated = {page.url for page in built.pages.values()}
    before = len(index["docs"])
    docs = without_repeats(index["docs"], generated, built.repeated_sections.repeated)
    for doc in docs:
        if doc["location"].split("#")[0] in generated:
            doc.setdefault("boost", GENERATED_BOOST)
    texts = [doc[field] for doc in docs for field in ("title", "text") if field in doc]
    settings = {**index["config"], "handbook_fr": search.table(search.indexed_words(texts))}
    log.debug("index de recherche : %d sections sur %d gardées", len(docs), before)
    return json.dumps({"config": settings, "docs": docs}, ensure_ascii=False, separators=(",", ":"), default=str)


def index_settings(material_index: Any) -> Any:
    # The "config" part of Material's index, as its own code writes it (its keys are Material's to choose).
    return json.loads(type(material_index)(**material_index.config).generate_search_index(None))["config"]


def search_plugin(config: MkDocsConfig) -> Any:
    # Material's search plugin, whatever name it was listed under (its index is not a public API: Any).
    for name in ("material/search", "search"):
        if name in config.plugins:
            return config.plugins[name]
    raise PluginError("le greffon « search » de Material est absent de mkdocs.yml")


def without_search_attributes(html: str) -> str:
    """The HTML as Material's search plugin leaves it once indexed: each data-search-*="…" attribute removed with
    one whitespace character before it, when there is one (what its \\s? takes)."""
    kept: list[str] = []
    last = 0
    for found in SEARCH_ATTRIBUTE.finditer(html):
        start = found.start()
        if start > last and html[start - 1].isspace():
            start -= 1
        kept.append(html[last:start])
        last = found.end()
    if not kept:
        return html
    kept.append(html[last:])
    return "".join(kept)


def html_for_index(html: str) -> str:
    """Each table row, caption and list item a paragraph; header rows left out; words kept apart."""
    html = HEADER.sub("", html)
    html = CAPTION.sub(r"<\1p", html)
    html = ROW.sub(lambda row: f"<p{row.group(1)}>{CELL_JOIN.join(row_cells(row.group(2)))}</p>", html)
    html = ITEM.sub(r"<\1p", LIST.sub(r"<\1div", html))
    return WORD_BOUNDARY.sub(r"\1 ", html)


def row_cells(row: str) -> list[str]:
    # The cells of a row with some text and not excluded from search, each on one line.
    cells = (LINE_BREAK.sub(LINE_JOIN, cell).strip() for _, attributes, cell in CELL.findall(row)
             if EXCLUDED not in attributes)
    return [cell for cell in cells if TAG.sub("", cell).strip()]


def search_options(config: MkDocsConfig) -> Config:
    # The search plugin's options.
    plugin: BasePlugin[Config] = search_plugin(config)
    return plugin.config


class IndexEntry(TypedDict):
    """One section in Material's search/search_index.json (the fields we read and set)."""

    location: str              # page URL, #section id for a section
    title: str
    text: str
    boost: NotRequired[float]  # GENERATED_BOOST on generated pages


def without_repeats(docs: list[IndexEntry], generated: set[str], repeated: Collection[str] = ()) -> list[IndexEntry]:
    # A section of a generated page that repeats word for word a section of another page (the rules,
    # the contacts, the calendar) would send 35 identical results: its own page carries it once. `repeated`:
    # sections whose copies on other pages were left out before indexing (RepeatedSections); each of them
    # still stands for its text, so that a copy of the same text elsewhere is dropped too.
    pages_of: dict[tuple[str, str], set[str]] = {}
    for doc in docs:
        pages_of.setdefault((doc["title"], doc["text"]), set()).add(doc["location"].split("#")[0])
    return [doc for doc in docs
            if doc["location"] not in repeated
            and ("#" not in doc["location"]
                 or doc["location"].split("#")[0] not in generated
                 or len(pages_of[(doc["title"], doc["text"])]) == 1)]

"""MkDocs hook: a French search index that finds what candidates type (see handbook/search.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.pages import Page

from handbook import search
from handbook_context import context

log = get_plugin_logger(__name__)

# Weight of a generated page (centre, establishment, form) against a written page: a key word
# (« convocation ») finds the page that explains it before the 14 centre pages that mention it,
# while a centre's own name or town, matched in its title (×1000), still finds the centre first.
GENERATED_BOOST = 0.5

# Ends of table cells and line breaks: Material's indexer drops these tags and would glue the
# words on either side (« 202214 h », « Pigier8 rue »); a space after them keeps words apart.
WORD_BOUNDARY = re.compile(r"(</(?:td|th|tr|caption|dt|dd|div)>|<br\s*/?>)(?=\S)")
ADDED_SPACE = re.compile(r"(</(?:td|th|tr|caption|dt|dd|div)>|<br\s*/?>) (?=\S)")


@event_priority(100)  # before Material's search plugin reads its options
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Our separator, and no lunr.fr pipeline function: the worker normalises words itself."""
    options = search_options(config)
    options["separator"] = search.SEPARATOR
    # lunr.fr's stemmer only runs on the index side (Material's prefix queries skip the search
    # pipeline), so « epreuve* » would miss the stem « epreuv »; its stop word filter does not
    # fold accents. The worker's own function (search.normalise_token) replaces all three.
    options["pipeline"] = []
    return config


@event_priority(100)  # just before Material's search plugin reads the page
def _space_words_for_index(context: dict, page: Page, **kwargs) -> dict:
    """A space where a table cell or a line ends, for the search indexer only."""
    original = page.content or ""
    page.content = WORD_BOUNDARY.sub(r"\1 ", original)
    page._handbook_unspaced = (original, page.content)  # type: ignore[attr-defined]
    return context


@event_priority(-100)  # after indexing, before the page is rendered: its HTML stays as built
def _unspace_page(context: dict, page: Page, **kwargs) -> dict:
    """The page's own HTML back, without the spaces added for the indexer."""
    original, spaced = page.__dict__.pop("_handbook_unspaced", (None, None))
    if original is not None:
        page.content = original if page.content == spaced else ADDED_SPACE.sub(r"\1", page.content or "")
    return context


# Two handlers on one event, around Material's search plugin.
on_page_context = CombinedEvent(_space_words_for_index, _unspace_page)


@event_priority(-100)  # after Material's search plugin wrote search/search_index.json
def on_post_build(config: MkDocsConfig) -> None:
    """Add the normalisation table for the worker; drop generated sections repeated elsewhere."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():  # the search plugin was removed or renamed: French search would silently be gone
        raise PluginError(f"index de recherche introuvable ({path}) : le plugin « search » est-il toujours dans mkdocs.yml ?")
    index = json.loads(path.read_text(encoding="utf-8"))
    before = len(index["docs"])
    generated = {page.url for page in context(config).pages.values()}
    index["docs"] = without_repeats(index["docs"], generated)
    for doc in index["docs"]:
        if doc["location"].split("#")[0] in generated:
            doc.setdefault("boost", GENERATED_BOOST)
    texts = [doc[field] for doc in index["docs"] for field in ("title", "text") if field in doc]
    index["config"]["handbook_fr"] = search.table(search.indexed_words(texts))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    log.debug("index de recherche : %d sections sur %d gardées", len(index["docs"]), before)


def search_options(config: MkDocsConfig) -> dict:
    # The search plugin's options, whatever name it was listed under.
    for name in ("material/search", "search"):
        if name in config.plugins:
            return config.plugins[name].config
    raise KeyError("le greffon « search » de Material est absent de mkdocs.yml")


def without_repeats(docs: list[dict], generated: set[str]) -> list[dict]:
    # A section of a generated page that repeats word for word a section of another page (the rules,
    # the contacts, the calendar) would send 35 identical results: its own page carries it once.
    pages_of: dict[tuple[str, str], set[str]] = {}
    for doc in docs:
        pages_of.setdefault((doc["title"], doc["text"]), set()).add(doc["location"].split("#")[0])
    return [doc for doc in docs
            if "#" not in doc["location"]
            or doc["location"].split("#")[0] not in generated
            or len(pages_of[(doc["title"], doc["text"])]) == 1]

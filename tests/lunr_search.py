"""The site's search rebuilt in Python: lunr.py over the built search_index.json, like the browser.

The browser (Material 9.8 search worker + docs/assets/javascripts/workers/search-fr.js) does:
  index: split on config.separator (HTML tags apart), lower-case, handbook.search.normalise_token;
         fields title ×1000, text ×1, tags ×1e6; b = 0 (no length normalisation);
  query: handbook.search.normalise_query, split on whitespace and config.separator, each term a
         prefix (`term*`, search pipeline skipped), then Material's boost (×(1 + boost²), boost =
         1 for a page's own entry + share of query terms found) and grouping of sections by page;
  shown: in each page's group the best item is shown with its text, after search-fr.js moved a
         page's own entry without text behind its sections.
No lunr language (lunr.py's would import NLTK and download its stop words): the pipeline is ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lunr
from lunr.pipeline import Pipeline
from lunr.query import Query
from lunr.stop_word_filter import stop_word_filter

from handbook import search

TAG = re.compile(r"<[^>]*>")


def normaliser(token, i=None, tokens=None):
    word = search.normalise_token(str(token))
    return token.update(lambda *_: word) if word else None


Pipeline.register_function(normaliser, "handbookFr")


@dataclass
class SiteSearch:
    index: lunr.index.Index
    docs: dict[str, dict]
    separator: re.Pattern
    rules: dict

    def terms(self, query: str) -> list[str]:
        """Material's transformSearchQuery after our normalisation (modifiers not handled here)."""
        normalised = search.normalise_query(query, self.rules)
        return [part for word in normalised.split() for part in self.separator.split(word) if part]

    def pages(self, query: str) -> list[str]:
        """The result list as shown: one page location per `.md-search-result__item`, best first."""
        return [group[0].split("#")[0] for group in self.groups(query)]

    def shown(self, query: str) -> list[str]:
        """For each page of the result list, the location of the item shown first, with its text."""
        return [group[0] for group in self.groups(query)]

    def groups(self, query: str) -> list[list[str]]:
        """The locations of each page's matching items, best first, as search-fr.js orders them."""
        scored = []
        for order, (location, score, found) in enumerate(self.matches(query)):
            boost = ("#" not in location) + sum(found.values()) / len(found)
            scored.append((-(score * (1 + boost ** 2)), order, location))
        groups: dict[str, list[str]] = {}
        for _, _, location in sorted(scored):
            groups.setdefault(location.split("#")[0], []).append(location)
        return [self.sections_first(group) for group in groups.values()]

    def matches(self, query: str) -> list[tuple[str, float, dict[str, bool]]]:
        """lunr's results: location, score and, for each query term, whether the item has it."""
        clauses = self.terms(query)
        if not clauses:
            return []
        lunr_query = self.index.create_query()
        for term in clauses:
            lunr_query.term(term, wildcard=Query.WILDCARD_TRAILING, use_pipeline=False)
        return [(result["ref"], result["score"], material_terms(clauses, list(result["match_data"].metadata)))
                for result in self.index.query(lunr_query)]

    def sections_first(self, group: list[str]) -> list[str]:
        # search-fr.js's sectionsFirst: a page's own entry without text goes behind its sections.
        first, *rest = group
        return [*rest, first] if "#" not in first and not self.docs[first]["text"] and rest else group


def material_terms(clauses: list[str], matched: list[str]) -> dict[str, bool]:
    # getSearchQueryTerms: a clause counts as found when a matched index term starts with it;
    # an unmatched clause counts as missing unless it is an English stop word (lunr.stopWordFilter).
    remaining = list(dict.fromkeys(clauses))
    found: dict[str, bool] = {}
    for term in matched:
        for clause in list(remaining):
            if term.startswith(clause):
                found[clause] = True
                remaining.remove(clause)
    for clause in remaining:
        if stop_word_filter(lunr.token.Token(clause)):
            found[clause] = False
    return found


def build(index_json: dict) -> SiteSearch:
    """lunr.py index of the built site's search_index.json, with the browser's tokens."""
    config = index_json["config"]
    separator = re.compile(config["separator"])
    docs = {doc["location"]: doc for doc in index_json["docs"]}

    def tokens(name: str):
        def extract(doc: dict):
            if name not in doc:
                return None
            value = doc[name] if isinstance(doc[name], str) else " ".join(doc[name])
            return [part for part in separator.split(TAG.sub(" ", value)) if part]
        return extract

    builder = lunr.builder.Builder()
    builder.pipeline.add(normaliser)
    builder.search_pipeline.add(normaliser)
    builder.b(0)
    builder.ref("location")
    for name, spec in config["fields"].items():
        builder.field(name, boost=spec.get("boost", 1), extractor=tokens(name))
    for doc in index_json["docs"]:
        builder.add(doc, {"boost": doc["boost"]} if "boost" in doc else None)
    return SiteSearch(builder.build(), docs, separator, config["handbook_fr"])

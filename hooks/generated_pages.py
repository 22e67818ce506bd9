"""MkDocs hook: one page per centre and per establishment, kept out of the nav."""

from __future__ import annotations

import html
import json

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

# Generated page families: (folder, template, items of the session, context name, title).
FAMILIES = (
    ("centres", "centre.md.j2", lambda s: s.centre_list, "centre", lambda s, c: c.label),
    ("etablissements", "establishment.md.j2", lambda s: s.establishments.establishments, "establishment", lambda s, e: e.name),
    ("formulaires", "form.md.j2", lambda s: s.forms, "form", lambda s, f: f"Annexe {s.annex(f.annex).number} – {s.annex(f.annex).title}"),
)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add /centres/<id>/ and /etablissements/<id>/ as virtual pages rendered from templates/."""
    session = config["handbook_session"]
    contexts = config.setdefault("handbook_page_contexts", {})
    for folder, template, items, name, title in FAMILIES:
        for item in items(session):
            src_uri = f"{folder}/{item.id}.md"
            contexts[src_uri] = {name: item}
            files.append(File.generated(config, src_uri, content=page_stub(title(session, item), template),
                                        inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def page_stub(title: str, template: str) -> str:
    # Front matter gives the page (and search) its title; themes print it unescaped, so escape it here.
    safe_title = html.escape(title, quote=False)
    return f"---\ntitle: {json.dumps(safe_title, ensure_ascii=False)}\n---\n{{% include \"{template}\" %}}\n"

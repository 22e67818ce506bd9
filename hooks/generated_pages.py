"""MkDocs hook: one page per centre, establishment and form, kept out of the nav."""

from __future__ import annotations

import html
import json

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from handbook.build import GeneratedPage
from handbook_context import context


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the build context's generated pages as virtual pages rendered from templates/."""
    staff_pages = {file.url: file.src_uri for file in files.documentation_pages()}
    for page in context(config).pages.values():
        # Same source (centres/x.md) or same address (centres/x/index.md): one would silently replace the other.
        taken = page.src_uri if files.get_file_from_path(page.src_uri) is not None else staff_pages.get(page.url)
        if taken:
            raise PluginError(f"la page générée {page.src_uri} prendrait la place de docs/{taken} : "
                              "changez l'identifiant dans les données, ou renommez la page de docs/")
        file = File.generated(config, page.src_uri, content=page_stub(page), inclusion=InclusionLevel.NOT_IN_NAV)
        if file.url != page.url:  # the model states the address rule without MkDocs: they must agree
            raise PluginError(f"adresse de {page.src_uri} : MkDocs donne « {file.url} », le modèle « {page.url} » — "
                              "attendu : use_directory_urls: true dans mkdocs.yml")
        files.append(file)
    return files


# MkDocs keeps every page to the end of the build, thousands of generated ones at national scale: each lets go
# of its Markdown once converted, and of its content once its HTML is made (the printable page reads only
# pages of the nav).

@event_priority(-100)  # after every other handler
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A generated page's Markdown is let go once converted; its content waits, held, until it is written."""
    if page.file.src_uri in context(config).pages:
        if html:  # hooks/jinja_pages.py holds it and gives "" back; a hook that changed it would lose its change
            raise PluginError(f"{page.file.src_uri} : un hook a modifié le contenu d'une page générée dans "
                              "on_page_content ; il est mis de côté jusqu'à l'écriture (hooks/jinja_pages.py) : "
                              "faites cette modification dans on_page_context")
        page.markdown = None
    return html


@event_priority(-100)  # after every other handler: the page's HTML is rendered, about to be written
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """A generated page's content is let go once its HTML is made."""
    if page.file.src_uri in context(config).pages:
        page.content = None
    return output


def page_stub(page: GeneratedPage) -> str:
    # Front matter gives the page (and search) its title; themes print it unescaped, so escape it here.
    safe_title = html.escape(page.title, quote=False)
    return f"---\ntitle: {json.dumps(safe_title, ensure_ascii=False)}\n---\n{{% include \"{page.template}\" %}}\n"

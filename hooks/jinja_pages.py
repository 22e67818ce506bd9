"""MkDocs hook: render every page's Markdown with Jinja against the session model."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from handbook.page_source import page_name
from handbook.render import TemplateProblem
from handbook_context import context


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Render {{ … }} and {% … %}; an unknown name or a template error stops the build at its line."""
    built = context(config)
    generated = built.pages.get(page.file.src_uri)
    variables = generated.variables if generated else {}
    name = page.file.src_uri if page.file.generated_by else page_name(config.docs_dir, page.file.src_uri)
    offset = front_matter_lines(page.file.content_string, markdown)
    try:
        rendered = built.renderer.render(name, "\n" * offset + markdown, {"page": page, "base": root_path(page.url), **variables},
                                         blocks_aside=True, generated=generated is not None)
    except TemplateProblem as problem:
        raise PluginError(str(problem)) from None
    return rendered.lstrip("\n")


@event_priority(100)  # first: every other hook reads the page's whole HTML
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The macros' HTML blocks, set aside while Markdown converted the page, back in place. A generated page
    (thousands at national scale, all converted before any is written) is kept compressed with its blocks, its
    content empty, until it is written (on_page_context): no other hook reads a generated page's content here."""
    built = context(config)
    try:
        held = built.renderer.blocks.take(html)
    except TemplateProblem as problem:
        raise PluginError(f"{page.file.src_uri}: {problem.args[0].split(': ', 1)[1]}") from None
    page.present_anchor_ids = (page.present_anchor_ids or set()) | held.anchors   # for the links MkDocs checks
    if page.file.src_uri in built.pages:
        page.__dict__["_handbook_held"] = held.holding(html)  # our note on MkDocs' page, popped in on_page_context
        return ""
    return held.put_back(html)


@event_priority(110)  # before anything reads the page to write it (search index first)
def on_page_context(context_: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    """A generated page's content back, whole, now that it is written."""
    held = page.__dict__.pop("_handbook_held", None)
    if held is not None:
        page.content = held.unpacked()
    return context_


def root_path(url: str) -> str:
    # Links drawn by templates are raw HTML, which MkDocs does not rewrite: make them relative here.
    return "../" * url.count("/")


def front_matter_lines(source: str, body: str) -> int:
    # Pad the body so that Jinja's line numbers are the file's own, front matter included.
    index = source.find(body.lstrip("\n")[:200]) if body.strip() else -1
    return source.count("\n", 0, index) if index > 0 else 0

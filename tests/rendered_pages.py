"""Every page of a session as the build renders it (jinja_pages: our templates, then Markdown), without MkDocs:
for the fast tier's tests of what a page says and of the renderer itself."""

from __future__ import annotations

from pathlib import Path

from handbook.render import PageRenderer

ROOT = Path(__file__).resolve().parent.parent


def mkdocs_markdown():
    """Python-Markdown with the extensions and options of mkdocs.yml."""
    import markdown
    from mkdocs.utils.yaml import yaml_load
    names, options = [], {}
    for item in yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]:
        name, settings = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        options[name] = settings or {}
    return markdown.Markdown(extensions=names, extension_configs=options)


def every_page(session, tmp_path):
    """The renderer of a build of this session, and every page as jinja_pages renders it: (name, source, context)."""
    from handbook import build
    from handbook.changelog import History
    from handbook.model import page_url
    from handbook.outputs import registry
    from handbook.outputs.atom import Feeds
    from handbook.outputs.cache import OutputStore
    from handbook.outputs.ics import Calendars
    calendars, history = Calendars(session), History(session)
    feeds = Feeds(session, history)
    forms = build.form_downloads(session, registry.session_outputs(session, calendars, feeds), OutputStore(tmp_path, session))
    statement = build.accessibility_statement({"status": "non conforme", "date": "2026-01-01"})
    renderer = PageRenderer(ROOT / "templates", build.template_globals(session, calendars, forms, statement, history, feeds))
    pages = []
    for source in sorted((ROOT / "docs").rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        src_uri = source.relative_to(ROOT / "docs").as_posix()
        pages.append((f"docs/{src_uri}", body, {"base": "../" * page_url(src_uri).count("/")}))
    for generated in build.generated_pages(session).values():
        pages.append((generated.src_uri, f'{{% include "{generated.template}" %}}\n',
                      {"base": "../" * generated.url.count("/"), **generated.variables}))
    return renderer, pages


def page_html(session, tmp_path: Path, src_uri: str) -> str:
    """One page's HTML as Markdown converts it (before the theme), by its source: "etablissements/x.md"."""
    renderer, pages = every_page(session, tmp_path)
    name, source, variables = next(page for page in pages if page[0].removeprefix("docs/") == src_uri)
    return mkdocs_markdown().convert(renderer.render(name, source, dict(variables)))

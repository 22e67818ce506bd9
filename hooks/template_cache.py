"""MkDocs hook: the theme's compiled templates kept between builds, as the pages' are (handbook.render.TemplateCache)."""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from handbook.build import TEMPLATE_CACHE
from handbook.render import TemplateCache
from handbook_context import context


@event_priority(100)  # before anything renders a theme template
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Material's templates are parsed and compiled once, then read back compiled by every later build and rebuild."""
    env.bytecode_cache = TemplateCache(context(config).root / TEMPLATE_CACHE / "theme", env)
    return env

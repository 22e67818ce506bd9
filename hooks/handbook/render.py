"""Jinja rendering of pages against the session model, with data escaped for HTML."""

from __future__ import annotations

import hashlib
import re
import traceback
from pathlib import Path
from typing import Any, Mapping, Optional

import jinja2
from markupsafe import Markup

from .text import FILTERS

# One table, applied in one pass: HTML's special characters, and those Markdown would read as markup.
DATA_ENTITIES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;",
    "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "`": "&#96;", "|": "&#124;", "\\": "&#92;", "#": "&#35;",
})


def escape_data(value: Any) -> Any:
    """Escape a data string for HTML and Markdown alike; templates' own Markup passes through."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return Markup(value.translate(DATA_ENTITIES))


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept on disk between builds, in one folder per environment: parsing and compiling
    Material's templates and ours is a fifth of a build of the 2022 session. Jinja keys a template by its name
    and checks its source; the key here also holds the environment's syntax options and extensions, which
    shape the compiled code too."""

    def __init__(self, folder: Path, env: jinja2.Environment):
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(str(folder))
        self.options = repr((env.block_start_string, env.block_end_string, env.variable_start_string,
                             env.variable_end_string, env.comment_start_string, env.comment_end_string,
                             env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
                             env.newline_sequence, env.keep_trailing_newline, env.finalize is not None,
                             env.autoescape if isinstance(env.autoescape, bool) else "function", sorted(env.extensions)))

    def get_cache_key(self, name: str, filename: Optional[str] = None) -> str:
        return hashlib.sha1(f"{self.options}|{name}|{filename}".encode("utf-8")).hexdigest()


class TemplateProblem(Exception):
    """A page or template that cannot be rendered, located to its file and line."""

    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(f"{where}: {message}")


class PageRenderer:
    """Renders Markdown pages (docs/ and generated) with Jinja; its globals are the build context's (build.template_globals)."""

    def __init__(self, templates_dir: Path, globals: Mapping[str, Any], cache_folder: Optional[Path] = None):
        self._compiled: dict[str, jinja2.Template] = {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates_dir),
            autoescape=True,
            finalize=escape_data,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(FILTERS)
        self.env.globals.update(globals)
        if cache_folder:
            self.env.bytecode_cache = TemplateCache(cache_folder, self.env)
        self._prelude = macro_prelude(self.env, MACROS)

    def render(self, name: str, source: str, context: Optional[dict[str, Any]] = None) -> str:
        """Render one page; name is its path as staff know it (docs/calendrier.md)."""
        # The macros are imported on the first line itself, so reported lines stay the file's own.
        compiled_as = name
        try:
            template = self._template(name, self._prelude + source)
            compiled_as = template.name or name
            return template.render(**(context or {}))
        except jinja2.TemplateSyntaxError as error:
            where = name if error.filename in (None, compiled_as) else error.filename
            raise TemplateProblem(f"{where}:{error.lineno}", f"erreur de syntaxe Jinja : {error.message}") from None
        except jinja2.TemplateNotFound as error:
            raise TemplateProblem(_where(error, name, compiled_as),
                                  f"gabarit introuvable « {error.name} » — attendu : un fichier de templates/") from None
        except jinja2.UndefinedError as error:
            raise TemplateProblem(_where(error, name, compiled_as), f"nom inconnu : {_undefined_words(error)}") from None
        except jinja2.TemplateError as error:
            raise TemplateProblem(_where(error, name, compiled_as), f"erreur de gabarit : {error}") from None
        except TemplateProblem:
            raise
        except Exception as error:  # a model method called wrongly from a page
            raise TemplateProblem(_where(error, name, compiled_as), f"{type(error).__name__} : {error}") from None

    def _template(self, name: str, source: str) -> jinja2.Template:
        # One compiled template per distinct source: the generated pages of a family (identical stubs that include
        # the family's template) share one, compiled under the name of the first of them.
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = self.env.template_class.from_code(
                self.env, self._code(name, source), self.env.make_globals(None))
        return template

    def _code(self, name: str, source: str) -> Any:
        # The page's compiled code, from the template cache when it holds this very source (as Jinja's loaders do).
        cache = self.env.bytecode_cache
        bucket = cache.get_bucket(self.env, name, name, source) if cache else None
        if bucket is not None and bucket.code is not None:
            return bucket.code
        code = self.env.compile(source, name, name)
        if bucket is not None and cache is not None:
            bucket.code = code
            cache.set_bucket(bucket)
        return code


MACROS = "macros.md.j2"


def macro_prelude(env: jinja2.Environment, template: str) -> str:
    """`{% from "macros.md.j2" import a, b with context %}` for every macro the file defines."""
    source = env.loader.get_source(env, template)[0]
    names = sorted(node.name for node in env.parse(source).find_all(jinja2.nodes.Macro))
    return f'{{% from "{template}" import {", ".join(names)} with context %}}' if names else ""


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


def _undefined_words(error: jinja2.UndefinedError) -> str:
    text = str(error)
    match = re.match(r"'(.+)' is undefined", text)
    if match:
        return f"« {match.group(1)} » n'existe pas — attendu : un nom du modèle (session, …) ou une macro"
    match = re.match(r"'(.+)' has no attribute '(.+)'", text)
    if match:
        return f"« {match.group(2)} » n'existe pas dans {match.group(1)}"
    return text

"""MkDocs hook: publish the session as JSON under /api/<year>/ for establishments' tools."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from handbook.outputs.json_export import exports


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add api/<year>/centres.json, establishments.json, calendar.json as generated files."""
    session = config["handbook_session"]
    for name, text in exports(session).items():
        files.append(File.generated(config, api_path(session.info.year, name), content=text))
    return files


def api_path(year: int, name: str) -> str:
    # The year is in the path so a tool's URL keeps meaning one session.
    return f"api/{year}/{name}"

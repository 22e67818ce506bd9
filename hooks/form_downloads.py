"""MkDocs hook: the circular's forms as downloads (PDF, ODT, DOCX) and as accessible HTML pages."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from handbook.outputs.downloads import form_downloads

log = get_plugin_logger(__name__)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Build every form file in memory once, so pages can show each file's size."""
    downloads = form_downloads(config["handbook_session"])
    config["handbook_form_downloads"] = downloads
    config["handbook_renderer"].add_global("form_downloads", downloads)
    log.debug("%d fichiers de formulaires générés", sum(len(d) for d in downloads.values()))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Publish the files under telechargements/formulaires/, as MkDocs copies static files (links are checked)."""
    for downloads in config["handbook_form_downloads"].values():
        for download in downloads:
            files.append(File.generated(config, download.path, content=download.data))
    return files

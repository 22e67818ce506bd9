"""Where the project is: the folder holding mkdocs.yml and data/, found from any folder inside it."""

from __future__ import annotations

from pathlib import Path

# What marks the project's root folder: the site's configuration and the sessions' data.
ROOT_MARKS = ("mkdocs.yml", "data")
# Everything a build of the site reads, relative to the root: what a publication must find committed.
SITE_SOURCES = ("mkdocs.yml", "data", "docs", "templates", "overrides", "hooks")


class ProjectNotFound(Exception):
    """No project folder above the current one, in French for staff."""


def find_root(start: Path | None = None) -> Path:
    """The nearest folder, from start (default: the current one) upwards, that holds mkdocs.yml and data/."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if all((folder / mark).exists() for mark in ROOT_MARKS):
            return folder
    raise ProjectNotFound(f"aucun projet de manuel trouvé dans {here} ni au-dessus : attendu un dossier qui contient "
                          f"{' et '.join(ROOT_MARKS)}/ (lancez la commande depuis le dossier du projet ou un de ses sous-dossiers)")

"""MkDocs hook: the accessibility status (mkdocs.yml extra.accessibility) for pages and templates."""

from __future__ import annotations

import datetime as dt

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

# What the statement needs, and what each entry means (for the error message).
REQUIRED = {"status": "état de conformité RGAA (« non conforme », « partiellement conforme » ou « totalement conforme »)",
            "date": "date d'établissement de la déclaration (AAAA-MM-JJ)"}
STATUSES = ("non conforme", "partiellement conforme", "totalement conforme")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check extra.accessibility and give it to the pages as `accessibility` (the footer reads config.extra)."""
    declared = config.extra.get("accessibility") or {}
    missing = [f"extra.accessibility.{key} : {meaning}" for key, meaning in REQUIRED.items() if not declared.get(key)]
    if missing:
        raise PluginError("mkdocs.yml : déclaration d'accessibilité incomplète — attendu : " + " ; ".join(missing))
    if declared["status"] not in STATUSES:
        raise PluginError(f"mkdocs.yml: extra.accessibility.status : « {declared['status']} » inconnu — attendu : "
                          + ", ".join(f"« {s} »" for s in STATUSES))
    declared["date"] = statement_date(declared["date"])
    config["handbook_renderer"].add_global("accessibility", declared)
    return config


def statement_date(value) -> dt.date:
    # YAML reads 2026-11-28 as a date; a string must still be a real date.
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise PluginError(f"mkdocs.yml: extra.accessibility.date : « {value} » n'est pas une date — attendu : AAAA-MM-JJ") from None

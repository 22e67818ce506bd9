"""The downloadable files of a session's forms, rendered from the model (their sizes are known before pages render)."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import zipfile
from dataclasses import dataclass

from ..model import FormFile, Session

# Where the files are published, under the site root.
FOLDER = "telechargements/formulaires"
# The session parts a form's files read (outputs/cache.py keys them on these, and hands them no other).
READS = frozenset({"info", "exams", "annexes", "forms"})


@dataclass(frozen=True)
class FileFormat:
    extension: str
    label: str            # what a reader is offered
    mime: str
    writer: str           # the module of outputs/ that writes it (imported only when a file is written)
    zipped: bool = False  # a zip container (ODT, DOCX), whose entry times must not be the build's


# Each format of a form, in the order pages offer them.
FORMATS = (
    FileFormat("pdf", "PDF à remplir à l'écran", "application/pdf", "forms_pdf"),
    FileFormat("odt", "OpenDocument (LibreOffice)", "application/vnd.oasis.opendocument.text", "forms_odt", zipped=True),
    FileFormat("docx", "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "forms_docx",
               zipped=True),
)


@dataclass(frozen=True)
class Download:
    """One generated file of one form, as pages offer it."""

    form: FormFile
    format: FileFormat
    size: int             # in bytes

    @property
    def path(self) -> str:
        return download_path(self.form, self.format)


def download_path(form: FormFile, fmt: FileFormat) -> str:
    """Where a form's file is published, under the site root."""
    return f"{FOLDER}/{form.annex}.{fmt.extension}"


def render(session: Session, form: FormFile, fmt: FileFormat) -> bytes:
    """One form in one format; two builds of the same data give the same bytes."""
    writer = importlib.import_module(f"{__package__}.{fmt.writer}")  # reportlab, odfpy, python-docx: only when used
    data = writer.render(session, form)
    return stable_zip(data, session.info.published) if fmt.zipped else data


def stable_zip(data: bytes, day: dt.date) -> bytes:
    """Rewrite a zip with every entry dated `day`, keeping order and compression (ODT needs its stored mimetype first)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(day.year, day.month, day.day, 0, 0, 0))
            fixed.compress_type = entry.compress_type
            fixed.external_attr = entry.external_attr
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()

"""The downloadable files of a session's forms, built in memory from the model (sizes known before pages render)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Callable

from ..model import FormFile, Session
from . import forms_docx, forms_odt, forms_pdf

# Where the files are published, under the site root.
FOLDER = "telechargements/formulaires"


@dataclass(frozen=True)
class FileFormat:
    extension: str
    label: str            # what a reader is offered
    mime: str
    render: Callable[[Session, FormFile], bytes]
    zipped: bool = False  # a zip container (ODT, DOCX), whose entry times must not be the build's


# Each format of a form, in the order pages offer them.
FORMATS = (
    FileFormat("pdf", "PDF à remplir à l'écran", "application/pdf", forms_pdf.render),
    FileFormat("odt", "OpenDocument (LibreOffice)", "application/vnd.oasis.opendocument.text", forms_odt.render, zipped=True),
    FileFormat("docx", "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", forms_docx.render,
               zipped=True),
)


@dataclass(frozen=True)
class Download:
    """One generated file of one form."""

    form: FormFile
    format: FileFormat
    data: bytes

    @property
    def path(self) -> str:
        return f"{FOLDER}/{self.form.annex}.{self.format.extension}"

    @property
    def size(self) -> int:
        return len(self.data)


def form_downloads(session: Session) -> dict[str, list[Download]]:
    """Every form in every format, by annex id; two builds of the same data give the same bytes."""
    return {form.annex: [Download(form, fmt, render(session, form, fmt)) for fmt in FORMATS] for form in session.forms}


def render(session: Session, form: FormFile, fmt: FileFormat) -> bytes:
    data = fmt.render(session, form)
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

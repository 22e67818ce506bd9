"""The downloadable files of a session's forms, built in memory from the model (sizes known before pages render)."""

from __future__ import annotations

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


# Each format of a form, in the order pages offer them.
FORMATS = (
    FileFormat("pdf", "PDF à remplir à l'écran", "application/pdf", forms_pdf.render),
    FileFormat("odt", "OpenDocument (LibreOffice)", "application/vnd.oasis.opendocument.text", forms_odt.render),
    FileFormat("docx", "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", forms_docx.render),
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
    """Every form in every format, by annex id."""
    return {form.annex: [Download(form, fmt, fmt.render(session, form)) for fmt in FORMATS] for form in session.forms}

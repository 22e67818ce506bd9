"""The value types every data file uses: identifiers, texts, counts, dates, clock times, web addresses,
e-mails and phone numbers. Each carries a Hint: what staff should write, with an accepted example."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic.fields import FieldInfo

from ..problems import PathPart


@dataclass(frozen=True)
class Hint:
    """What a value of this type looks like, for the `attendu` of a message: words and an accepted example."""

    what: str
    example: str
    # What to write instead of a number below the type's minimum, when the minimum alone would not say it.
    below_minimum: str = ""
    # What staff meant, read from a value the type refuses and written as it wants (their own value, never an
    # unrelated example), or None when it cannot be read so.
    reading: Callable[[str], str | None] | None = None

    def __str__(self) -> str:
        return f"{self.what}, par exemple {self.example}"


# Longest identifier: it becomes a file name and part of published addresses (file systems stop at 255 bytes).
SLUG_MAX = 64
# Longest name or title: it is printed in page titles, headings, calendar events and form headers.
TITLE_MAX = 200
# Longest paragraph of the circular kept in one value (the longest today is under 700 characters).
TEXT_MAX = 3000
# Longest web address.
URL_MAX = 500

# The file name of a candidate's calendar with every option (outputs/ics.py), next to one file per chosen exam.
ALL_OPTIONS = "toutes"
# Identifiers that would take the place of another file, and which (the message of `handbook check` says it):
# centres/index.md is the list of centres, flux/centres/sitemap.xml the empty sitemap Material looks for beside the
# feeds (outputs/atom.py), and an exam « toutes » would replace the calendar with every language.
RESERVED_IDS = {"index": "la page qui liste les autres", "sitemap": "le plan du site",
                ALL_OPTIONS: "l'agenda d'un candidat avec toutes ses langues"}


def _not_reserved(value: str) -> str:
    # An id becomes a page (centres/<id>.md) and a feed (flux/centres/<id>.xml): either would silently replace a file.
    if value in RESERVED_IDS:
        raise ValueError("identifiant réservé")
    return value


# A URL-safe, stable identifier: it becomes part of published addresses.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=SLUG_MAX), AfterValidator(_not_reserved),
                 Hint(f"un identifiant en minuscules sans accents, chiffres et tirets, {SLUG_MAX} caractères au plus",
                      "lycee-pierre-d-aragon")]
# A paragraph of the circular.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX),
                 Hint(f"un texte de {TEXT_MAX} caractères au plus", "Les candidats se présentent 30 minutes avant l'épreuve.")]
# A name or title: short, since it reaches page titles, headings and calendar events.
# One line: a line break would split a calendar property or a PDF header.
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX, pattern=r"^[^\x00-\x1f\x7f]+$"),
                  Hint(f"un nom ou un titre d'une ligne, de {TITLE_MAX} caractères au plus", "Lycée Pierre d'Aragon")]
# The circular's paragraphs, by their Hint: a correction may change only these (corrections.py). A one-line value
# (Title) is a name, an address, a town, a code or an hour as often as a heading: a fact, never a slip to fix (a
# name reads better through display_name instead).
FREE_TEXTS: dict[Hint, Any] = {next(m for m in typing.get_args(kind) if isinstance(m, Hint)): kind for kind in (Text,)}
DepartmentCode = Annotated[str, StringConstraints(pattern=r"^(\d{2}|2[AB]|97\d)$"),
                           Hint("un code de département entre guillemets", "\"31\"")]
Count = Annotated[int, Field(ge=0, strict=True), Hint("un nombre entier positif ou nul, sans guillemets", "12")]
# Yes or no, as YAML writes it (true, false; yes, no, on, off unquoted): a quoted "no" or a 0 would otherwise be read
# as false without a word, while the message for « oui » asks for true or false.
Flag = Annotated[bool, Field(strict=True), Hint("true ou false, sans guillemets", "true")]
# An establishment's enrolled candidates: the circular lists only establishments that have some.
Enrolled = Annotated[int, Field(ge=1, strict=True), Hint(
    "un nombre entier de candidats inscrits, 1 au moins, sans guillemets", "24",
    below_minimum="le nombre de candidats inscrits, 1 au moins, par exemple candidates: 24 ; un établissement sans "
                  "candidat n'est pas sur la liste de la circulaire : retirez-le, avec ses lignes dans centres.yml")]
# Candidates sent somewhere: none sent is no line at all (0 would name a centre where none of them sits).
Headcount = Annotated[int, Field(ge=1, strict=True), Hint(
    "un nombre entier de candidats, 1 au moins, sans guillemets", "12",
    below_minimum="le nombre de candidats envoyés, 1 au moins ; si aucun n'y est envoyé, retirez la ligne entière")]


class Email(str):
    """An e-mail address checked by its type; the page's mailto: link is built from it, never typed."""

    @property
    def uri(self) -> str:
        return f"mailto:{self}"


class Phone(str):
    """A French phone number as printed ("05 36 25 71 28"); the tel: link is built from its digits."""

    @property
    def uri(self) -> str:
        digits = "".join(c for c in self if c.isdigit() or c == "+")
        return f"tel:{digits}"


EmailAddress = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254,
                                                pattern=r"^[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"),
                         AfterValidator(Email), Hint("une adresse électronique", "prenom.nom@ac-toulouse.fr")]


def _phone_spaced(value: object) -> object:
    # « 05.36.25.71.28 » and « 05-36-25-71-28 » are how the French write numbers too: kept, and shown with spaces.
    return re.sub(r"(?<=\d)[.-](?=\d)", " ", value) if isinstance(value, str) else value


PhoneNumber = Annotated[str, BeforeValidator(_phone_spaced),
                        StringConstraints(strip_whitespace=True, pattern=r"^(0[1-9]|\+33 ?[1-9])( ?[0-9]{2}){4}$"),
                        AfterValidator(Phone), Hint("un numéro de téléphone à 10 chiffres, par groupes de deux", "05 36 25 71 28")]
# Only https:// addresses become links: no javascript:, no relative link, nothing a reader's browser runs.
URL_PATTERN = r"^https://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]{1,5})?(/[^\s<>\"'`\\{}|^]*)?$"
# A web scheme mistyped or left out before an address: « htps:// », « http:// », « ttps:// », « https// », or nothing
# before « www. »; a host that begins with those letters (« httpbin.org ») keeps them.
SCHEME_SLIP = re.compile(r"^(?:(?:h?t{1,2}p{1,2}s?)?(?::/{0,3}|/{1,3}))?", re.IGNORECASE)


def url_as_typed(typed: str) -> str | None:
    """The address staff meant when only its scheme is wrong (« htps://www.… »): the rest as typed, after https://; None
    when it is no address that way either (javascript:…, a relative link), was not changed, or had no scheme at all and
    no « www. »: « modele.pdf » is a file's name, and « https://modele.pdf » a valid, dead address staff would copy."""
    rest = SCHEME_SLIP.sub("", typed.strip(), count=1)
    if rest == typed.strip() and not rest.lower().startswith("www."):
        return None
    mended = "https://" + rest
    return mended if mended != typed.strip() and len(mended) <= URL_MAX and re.fullmatch(URL_PATTERN, mended) else None


Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=URL_MAX, pattern=URL_PATTERN),
                Hint("une adresse web complète commençant par https://", "https://www.demarches-simplifiees.fr/commencer/bts-ndrc",
                     reading=url_as_typed)]


# The hours of an exam day: an exam or a publication outside them is a slip (« 04:00 » typed for « 14:00 »).
DAY_HOURS = (dt.time(7, 0), dt.time(20, 0))


def _clock_from_text(value: object) -> object:
    # Only "HH:MM" text is a clock time; a bare number would be read as seconds.
    if isinstance(value, str):
        try:
            value = dt.datetime.strptime(value.strip(), "%H:%M").time()
        except ValueError:
            raise ValueError("heure invalide") from None
    if not isinstance(value, dt.time):
        raise ValueError("heure invalide")
    if not DAY_HOURS[0] <= value <= DAY_HOURS[1]:
        raise ValueError("heure hors de la journée")
    return value


ClockTime = Annotated[dt.time, BeforeValidator(_clock_from_text),
                      Hint(f"une heure \"HH:MM\" entre guillemets, de {DAY_HOURS[0]:%H:%M} à {DAY_HOURS[1]:%H:%M}", "\"14:00\"")]


def _date_from_text(value: object) -> object:
    # Dates stay text in YAML (see load.py) so an impossible date is reported, not crashed on.
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("date invalide") from None
    raise ValueError("date invalide")


Date = Annotated[dt.date, BeforeValidator(_date_from_text),
                 Hint("une date existante au format AAAA-MM-JJ", "2022-05-16")]


class Record(BaseModel):
    """Base of every data record: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the type a place of a data file expects ---------------------------------------------------------

def leaves(value: Any, path: tuple[PathPart, ...] = ()) -> Iterator[tuple[tuple[PathPart, ...], Any]]:
    """Every leaf of a record with its data path, spelled with the YAML keys (aliases); fields left unset and empty
    are not walked."""
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            if name in value.model_fields_set or getattr(value, name) is not None:
                yield from leaves(getattr(value, name), path + (info.alias or name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from leaves(item, path + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (key,))
    else:
        yield path, value


def place_type(schema: Any, path: tuple[PathPart, ...], of_key: bool = False) -> tuple[Any, list[Any]]:
    """The type a place of a data file expects (its path through the model's annotations), and its metadata
    (pydantic keeps a field's Annotated[...] extras in FieldInfo.metadata, not in its annotation)."""
    current: Any = schema
    metadata: list[Any] = []
    for part in path:
        current, metadata = split_annotation(current)
        if isinstance(part, int) and typing.get_origin(current) in (list, tuple):
            current, metadata = split_annotation(typing.get_args(current)[0])
        elif isinstance(current, type) and issubclass(current, BaseModel):
            fields = {(f.alias or name): f for name, f in current.model_fields.items()}
            info: FieldInfo | None = fields.get(part) if isinstance(part, str) else None
            if info is None:
                return None, []
            current, metadata = split_annotation(info.annotation)
            metadata = list(info.metadata) + metadata
        elif typing.get_origin(current) is dict:
            current, metadata = split_annotation(typing.get_args(current)[0 if of_key and part == path[-1] else 1])
        else:
            return None, []
    inner, more = split_annotation(current)
    return inner, metadata + more


# Both spellings of a union: typing.Union[X, None] (Optional) and X | None (types.UnionType).
UNIONS = (typing.Union, types.UnionType)


def split_annotation(annotation: Any) -> tuple[Any, list[Any]]:
    """Optional[X] or X | None -> X; Annotated[X, extras…] -> (X, [extras…])."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            annotation, metadata = args[0], metadata + list(args[1:])
        elif origin in UNIONS:
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation, metadata
            annotation = options[0]
        else:
            return annotation, metadata

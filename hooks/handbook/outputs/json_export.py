"""JSON export of centres, establishments and calendar, for establishments' own tools."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from ..model import Centre, OralExam, Session

FORMAT_VERSION = 1
# The session parts the exports read (outputs/cache.py keys them on these, and hands them no other).
READS = frozenset({"info", "exams", "calendar", "operations", "dossiers", "livrets", "results", "centres", "establishments"})


def export(session: Session, name: str) -> bytes:
    """One export file of the session (a name of EXPORTS), as published."""
    return dump(EXPORTS[name](session)).encode("utf-8")


def centres(session: Session) -> dict[str, Any]:
    return _envelope(session, "centres", [_centre(session, c) for c in session.centre_list])


def establishments(session: Session) -> dict[str, Any]:
    items = []
    for e in session.establishments.establishments:
        department = session.establishment_department(e)
        items.append({
            "id": e.id,
            "name": e.name,
            "display_name": e.display_name,
            "aliases": e.aliases,
            "candidates": e.candidates,
            "individual": e.individual,
            "department": department,
            "department_name": session.department_name(department),
            # true when the label does not name it: the site's reading, from the written centre
            "department_inferred": department is not None and not e.department,
            "page": e.url,
            "written_centres": [
                {"centre": p.centre.id, "candidates": p.candidates,
                 "labels": [{"label": o.label, "candidates": o.candidates} for o in p.origins]}
                for p in session.placements_of(e.id)
            ],
        })
    return _envelope(session, "establishments", items)


def calendar(session: Session) -> dict[str, Any]:
    data = _envelope(session, "written", [
        {"exam": w.exam.id, "code": w.exam.code, "label": w.exam.label, "date": _day(w.date),
         "start": _clock(w.start), "end": _clock(w.end), "note": w.note, "timezone": "Europe/Paris"}
        for w in session.written_exams
    ])
    data["organisation"] = session.calendar.organisation   # the circular's part these exams belong to, or null
    data["oral"] = [_oral(o) for o in session.oral_exams]
    data["key_dates"] = [
        {"id": d.id, "kind": d.kind, "title": d.title, "start": _day(d.start), "end": _day(d.end),
         "start_time": _clock(d.start_time), "end_time": _clock(d.end_time), "detail": d.detail,
         "page": d.url, "centres": [c.id for c in d.centres], "pairing_unspecified": d.pairing_unspecified,
         "open_ended": d.open_ended, "audiences": list(d.audiences)}
        for d in session.key_dates
    ]
    return data


def dump(data: dict[str, Any]) -> str:
    # Stable, readable, UTF-8: two builds give the same bytes.
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _envelope(session: Session, key: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format_version": FORMAT_VERSION, "session": session.info.year,
            "specialty": session.info.specialty, "academy": session.info.academy, key: items}


def _centre(session: Session, centre: Centre) -> dict[str, Any]:
    written = session.written_centre(centre.id)
    return {
        "id": centre.id,
        "name": centre.name,
        "town": centre.town,
        "department": centre.department,
        "department_name": session.department_name(centre.department),
        "address": centre.address,
        "page": centre.url,
        "roles": session.centre_roles(centre.id),
        "written": None if written is None else {
            "candidates": written.candidates,
            "origins": [{"establishment": p.establishment.id, "candidates": p.candidates,
                         "labels": [{"label": o.label, "candidates": o.candidates} for o in p.origins]}
                        for p in written.placements],
        },
        "orals": [_oral(o) for o in session.orals_at(centre.id)],
        "livrets": centre.id == session.livrets.destination,
    }


def _oral(oral: OralExam) -> dict[str, Any]:
    return {"exam": oral.exam.id, "code": oral.exam.code, "label": oral.exam.label,
            "periods": [{"start": _day(p.start), "end": _day(p.end)} for p in oral.periods],
            "centres": [c.id for c in oral.centres], "pairing_unspecified": oral.pairing_unspecified}


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _clock(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


# Each export file and the function that builds it.
EXPORTS: dict[str, Callable[[Session], dict[str, Any]]] = {
    "centres.json": centres,
    "establishments.json": establishments,
    "calendar.json": calendar,
}

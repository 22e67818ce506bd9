#!/usr/bin/env python3
"""A synthetic exam session of any size, for benchmarks: valid data, deterministic by seed.

    .venv/bin/python scripts/synthetic_session.py CENTRES ESTABLISHMENTS [--seed N] [--data DIR] [--force]

Writes DIR/<year>/ (default DIR: a new temporary folder; <year> is the reference session's).
Only the size-dependent facts are invented: centres, establishments, written centres (with
counts that add up), the centres of each oral exam (their number grows with the session) and
the livrets destination. Every other file, forms included, is the reference session's own
(data/2022), copied byte for byte or with only those keys replaced, so the output follows the
schema wherever the reference does. Not a fact of any circular: never publish it.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handbook.yamlread import read_yaml

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "2022"

# The files this generator writes or rewrites; everything else in the reference is copied as it is.
GENERATED = ("centres.yml", "establishments.yml")
PATCHED = ("session.yml", "calendar.yml", "livrets.yml")

# French department codes (the model's DepartmentCode pattern), in order.
DEPARTMENT_CODES = ([f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"]
                    + [str(n) for n in range(971, 977)])
CENTRES_PER_DEPARTMENT = 10
# About one centre in seven only hosts orals (2022: 2 of 14).
ORAL_ONLY_SHARE = 1 / 7
# About one establishment line in ten is individual or distance candidates; one in twenty is split over two centres.
INDIVIDUAL_SHARE = 0.10
SPLIT_SHARE = 0.05

# Words for plausible names (accents and apostrophes on purpose: they exercise escaping).
PEOPLE = ["Jean Jaurès", "Marie Curie", "Pierre d'Aragon", "Clément Marot", "Jeanne d'Arc", "Victor Hugo",
          "Louise Michel", "Jules Ferry", "Gabriel Péri", "Simone Veil", "Olympe de Gouges", "Jean Moulin",
          "Pierre de Fermat", "Marcelin Berthelot", "Camille Claudel", "Paul Éluard", "Rosa Parks",
          "Alexis Monteil", "Émile Zola", "George Sand", "Toulouse-Lautrec", "Champollion", "Déodat de Séverac",
          "Saint-Exupéry", "Bellevue", "Les Arènes", "Borde-Basse", "La Sède"]
TOWNS = ["Foix", "Rodez", "Toulouse", "Muret", "Blagnac", "Cahors", "Tarbes", "Mazamet", "Castres", "Montauban",
         "Auch", "Albi", "Millau", "Figeac", "Lourdes", "Pamiers", "Saint-Gaudens", "Villefranche-de-Rouergue",
         "Castelsarrasin", "Condom", "Lectoure", "Gourdon", "Bagnères-de-Bigorre", "L'Isle-Jourdain"]
CENTRE_KINDS = ["Lycée", "Lycée polyvalent", "Lycée professionnel", "CFA"]
ESTABLISHMENT_KINDS = ["LPO", "LGT", "LP", "LTP", "CFA", "GRETA", "TSGE", "LYCEE"]
STREETS = ["rue", "avenue", "boulevard", "allée", "chemin"]


def write_session(target: Path, centres: int, establishments: int, seed: int = 0, reference: Path = REFERENCE) -> Path:
    """Write a complete session folder at target (created; must not exist); return it."""
    if centres < 1:
        raise ValueError("il faut au moins un centre")
    rng = random.Random(f"{seed}:{centres}:{establishments}")
    target = Path(target)
    shutil.copytree(reference, target, ignore=shutil.ignore_patterns(*GENERATED, *PATCHED, "__pycache__"))
    plan = _plan(rng, centres, establishments, reference)
    _dump(target / "centres.yml", plan.centres_file, f"Centres synthétiques (graine {seed})")
    _dump(target / "establishments.yml", {"establishments": plan.establishments}, f"Établissements synthétiques (graine {seed})")
    total = sum(e["candidates"] for e in plan.establishments)
    _patch(reference, target, "session.yml", lambda d: {**d, "candidate_total": total})
    _patch(reference, target, "livrets.yml", lambda d: {**d, "destination": plan.written[0]})
    _patch(reference, target, "calendar.yml", lambda d: {**d, "oral": _oral_sessions(rng, d["oral"], plan, reference)})
    return target


@dataclass
class _Plan:
    centres_file: dict[str, Any]
    establishments: list[dict[str, Any]]
    written: list[str]          # ids of written centres
    oral_only: list[str]        # ids of centres that only host orals


def _plan(rng: random.Random, n_centres: int, n_establishments: int, reference: Path) -> _Plan:
    # Centres (some without town or address, as in the circular), then establishments placed in written centres.
    reference_departments = _read(reference / "centres.yml").get("departments", {})
    n_departments = min(len(DEPARTMENT_CODES), max(1, math.ceil(n_centres / CENTRES_PER_DEPARTMENT)))
    codes = DEPARTMENT_CODES[:n_departments]
    departments = {code: reference_departments.get(code, f"Département {code}") for code in codes}
    centres = _shown_once([_centre(rng, i, rng.choice(codes)) for i in range(1, n_centres + 1)],
                          lambda c: (c["name"], c.get("town")))
    n_oral_only = round(n_centres * ORAL_ONLY_SHARE)
    written = [c["id"] for c in centres[: n_centres - n_oral_only]]
    if n_establishments < len(written):
        raise ValueError(f"{n_establishments} établissements ne suffisent pas pour {len(written)} centres d'écrit "
                         "(au moins un établissement par centre d'écrit)")
    establishments = _shown_once([_establishment(rng, i, codes) for i in range(1, n_establishments + 1)],
                                 lambda e: (e["name"],))
    origins: dict[str, list[dict[str, Any]]] = {c: [] for c in written}
    order = establishments[:]
    rng.shuffle(order)
    for index, establishment in enumerate(order):
        home = written[index] if index < len(written) else rng.choice(written)
        for centre, origin in _origins(rng, establishment, home, written):
            origins[centre].append(origin)
    written_centres = [{"centre": c, "candidates": sum(o["candidates"] for o in origins[c]), "origins": origins[c]}
                       for c in written]
    centres_file = {"departments": departments, "centres": centres, "written_centres": written_centres}
    return _Plan(centres_file, establishments, written, [c["id"] for c in centres[len(written):]])


def _shown_once(items: list[dict[str, Any]], shown: Callable[[dict[str, Any]], tuple[Any, ...]]) -> list[dict[str, Any]]:
    # A name the site would show twice (the loader refuses it: readers could not tell them apart) gets a number.
    seen: dict[tuple[Any, ...], int] = {}
    for item in items:
        key = shown(item)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            item["name"] = f"{item['name']} {seen[key]}"
    return items


def _centre(rng: random.Random, number: int, department: str) -> dict[str, Any]:
    # One centre in eight has neither town nor department, one in three an address (as in 2022).
    name = f"{rng.choice(CENTRE_KINDS)} {rng.choice(PEOPLE)}"
    centre: dict[str, Any] = {"id": f"{slug(name)}-{number}", "name": name}
    if rng.random() < 7 / 8:
        town = rng.choice(TOWNS)
        centre.update(town=town, department=department)
        if rng.random() < 1 / 3:
            postcode = f"{department[:2].replace('2A', '20').replace('2B', '20')}{rng.randrange(0, 1000):03d}"
            centre["address"] = f"{rng.randrange(1, 120)} {rng.choice(STREETS)} {rng.choice(PEOPLE)} {postcode} {town}"
    return centre


def _establishment(rng: random.Random, number: int, codes: list[str]) -> dict[str, Any]:
    # A training establishment, or a line of individual / distance candidates with its department.
    if rng.random() < INDIVIDUAL_SHARE:
        code = rng.choice(codes)
        return {"id": f"individuels-ead-dept-{code.lower()}-{number}", "name": f"INDIVIDUELS/ EAD DEPT {code} ({number})",
                "candidates": rng.randint(1, 7), "department": code, "individual": True}
    name = f"{rng.choice(ESTABLISHMENT_KINDS)} {strip_accents(rng.choice(PEOPLE)).upper()} {strip_accents(rng.choice(TOWNS)).upper()}"
    return {"id": f"{slug(name)}-{number}", "name": name, "candidates": rng.randint(2, 50)}


def _origins(rng: random.Random, establishment: dict[str, Any], home: str, written: list[str]) -> list[tuple[str, dict[str, Any]]]:
    # Where an establishment's candidates write: its home centre, sometimes split over two lines or two centres.
    total = establishment["candidates"]
    label = establishment["name"].title()
    if establishment.get("individual") and total >= 2:
        first = rng.randint(1, total - 1)
        code = establishment["department"]
        return [(home, _origin(establishment, f"EAD {code}", first)), (home, _origin(establishment, f"Individuel {code}", total - first))]
    if len(written) > 1 and total >= 2 and rng.random() < SPLIT_SHARE:
        other = rng.choice([c for c in written if c != home])
        first = rng.randint(1, total - 1)
        return [(home, _origin(establishment, label, first)), (other, _origin(establishment, label, total - first))]
    return [(home, _origin(establishment, label, total))]


def _origin(establishment: dict[str, Any], label: str, candidates: int) -> dict[str, Any]:
    return {"establishment": establishment["id"], "label": label, "candidates": candidates}


def _oral_sessions(rng: random.Random, sessions: list[dict[str, Any]], plan: _Plan, reference: Path) -> list[dict[str, Any]]:
    # Each oral keeps its exam and periods; its number of centres grows with the session, every oral-only centre used.
    reference_centres = len(_read(reference / "centres.yml")["centres"])
    every = [*plan.written, *plan.oral_only]
    scaled = []
    for session in sessions:
        count = min(len(every), max(len(session["centres"]), round(len(session["centres"]) * len(every) / reference_centres)))
        scaled.append(set(rng.sample(every, count)))
    used = set().union(*scaled) if scaled else set()
    for centre in plan.oral_only:
        if centre not in used and scaled:
            rng.choice(scaled).add(centre)
    position = {c: i for i, c in enumerate(every)}
    return [{**session, "centres": sorted(chosen, key=position.__getitem__)} for session, chosen in zip(sessions, scaled, strict=True)]


def reference_year(reference: Path = REFERENCE) -> str:
    """The year of the reference session: the synthetic folder's name (data/<year>/), as its dates are kept."""
    return str(_read(reference / "session.yml")["year"])


def _read(path: Path) -> Any:
    # The project's own reader: dates and "14:00" stay text, so they are written back as they were.
    data, _, problems = read_yaml(path, str(path))
    if problems:
        raise ValueError(f"session de référence illisible : {problems[0]}")
    return data


def _patch(reference: Path, target: Path, name: str, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    # A reference file with only the size-dependent keys replaced; unknown keys travel along.
    _dump(target / name, change(_read(reference / name)), f"Copie de {reference.name}/{name}, valeurs dépendant de la taille remplacées")


def _dump(path: Path, data: Any, comment: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)
    path.write_text(f"# {comment} : session synthétique (scripts/synthetic_session.py), jamais publiée.\n{text}", encoding="utf-8")


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def slug(text: str) -> str:
    """An id the model accepts: lower case ASCII words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(text).lower()).strip("-")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Écrire une session synthétique (données valides, taille au choix).")
    parser.add_argument("centres", type=int, help="nombre de centres")
    parser.add_argument("establishments", type=int, help="nombre d'établissements")
    parser.add_argument("--seed", type=int, default=0, help="graine (même graine, mêmes octets ; défaut 0)")
    parser.add_argument("--data", type=Path, help="dossier data/ où écrire <année>/ (défaut : un dossier temporaire neuf)")
    parser.add_argument("--reference", type=Path, default=REFERENCE, help="session d'où copier le reste (défaut : data/2022)")
    parser.add_argument("--force", action="store_true", help="remplacer le dossier de session s'il existe")
    args = parser.parse_args(argv)
    data = args.data or Path(tempfile.mkdtemp(prefix="handbook-synthetic-")) / "data"
    year = reference_year(args.reference)
    target = data / year
    if target.exists():
        if not args.force:
            print(f"{target} existe déjà (--force pour le remplacer)", file=sys.stderr)
            return 1
        shutil.rmtree(target)
    try:
        write_session(target, args.centres, args.establishments, seed=args.seed, reference=args.reference)
    except ValueError as error:
        print(f"Session impossible : {error}", file=sys.stderr)
        return 1
    print(f"Session synthétique {args.centres} centres / {args.establishments} établissements écrite dans {target}")
    print(f"Vérifier : handbook check {year} --data {data}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Build records/councils.yml from the reference la_lookup.csv and la_centroids.csv.

    python scripts/build_registry.py ../shared/data/la_lookup.csv ../shared/data/la_centroids.csv
    python scripts/build_registry.py LOOKUP CENTROIDS --check  # exit 1 if councils.yml differs

The CSVs are reference data and are not committed; the registry this writes is.
Run it again when the reference data changes and review the diff.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
from pathlib import Path

from _common import ROOT, refresh
from inspections.schema import REGIONS
from inspections.write import dump_registry

# The ONS names are formal; these are the names people use.
USUAL_NAMES = {
    "Bristol, City of": "Bristol",
    "Kingston Upon Hull, City of": "Kingston upon Hull",
    "Bedford Borough": "Bedford",
    "Durham": "County Durham",
    "St. Helens": "St Helens",
}

TYPES = {
    "County": "county",
    "Unitary Authority": "unitary",
    "Metropolitan District": "metropolitan-district",
    "London Borough": "london-borough",
}
# ONS code prefixes, used when the lookup leaves the type blank.
TYPE_BY_ONS_PREFIX = {"E10": "county", "E06": "unitary", "E08": "metropolitan-district", "E09": "london-borough"}

# Reorganisations (see shared/domain.md): former slug -> (successors, ended).
REORGANISATIONS = {
    "poole": (["bournemouth-christchurch-and-poole"], dt.date(2019, 4, 1)),
    "northamptonshire": (["north-northamptonshire", "west-northamptonshire"], dt.date(2021, 4, 1)),
    "cumbria": (["cumberland", "westmorland-and-furness"], dt.date(2023, 4, 1)),
}

# la_centroids.csv gives placeholders (lat 50.0, in the sea) for two councils;
# these are approximate area-weighted centres of their districts instead.
CENTROID_CORRECTIONS = {
    887: (51.43, 0.56),  # Medway
    943: (54.49, -2.73),  # Westmorland and Furness (Eden, South Lakeland, Barrow-in-Furness)
    # Counties whose reference centroid sits outside or at the edge of the county
    # (Norfolk and Suffolk on the Thames estuary, Essex in Medway, Lincolnshire in
    # Peterborough): moved to roughly the middle of the county, to the nearest 0.01
    # degree, by eye from the county's extent. Approximate, not ONS figures; enough
    # for the hex map layout, which only needs neighbours in the right order.
    878: (50.72, -3.82),  # Devon
    881: (51.77, 0.58),  # Essex
    886: (51.20, 0.73),  # Kent
    925: (53.10, -0.24),  # Lincolnshire
    926: (52.66, 0.96),  # Norfolk
    935: (52.19, 1.00),  # Suffolk
}

REGION_SLUGS = {name: slug for slug, name in REGIONS.items()}


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", "and")).strip("-")


def build(lookup_csv: Path, centroids_csv: Path) -> tuple[list[dict], list[str]]:
    notes: list[str] = []
    with lookup_csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with centroids_csv.open(encoding="utf-8-sig", newline="") as fh:
        centroids = {int(r["la_number"]): r for r in csv.DictReader(fh)}

    former = set(REORGANISATIONS)
    entries: dict[str, dict] = {}
    by_la: dict[int, str] = {}
    for row in rows:
        ons_name = row["local_authority_ons_name"].strip()
        name = USUAL_NAMES.get(ons_name, ons_name)
        slug = slugify(name)
        la_number = int(row["la_code"])
        ons_code = row["la_code_new"].strip()
        kind = TYPES.get(row["ons_la_type"].strip()) or TYPE_BY_ONS_PREFIX.get(ons_code[:3])
        if not row["ons_la_type"].strip():
            notes.append(f"{name}: type blank in the lookup; {kind} from ONS code {ons_code}")
        aliases = [a.strip() for a in row["also_known_as"].strip("[]").split(",") if a.strip()]
        if name != ons_name:
            aliases.append(ons_name)
        centroid = centroids.get(la_number)
        if la_number in CENTROID_CORRECTIONS and centroid is not None:
            lat, lon = CENTROID_CORRECTIONS[la_number]
            notes.append(f"{name}: reference centroid ({centroid['lat']}, {centroid['lon']}) in the reference "
                         f"data replaced with ({lat}, {lon})")
            centroid = {"lat": lat, "lon": lon}
        entry = {
            "slug": slug,
            "name": name,
            "ofsted_urn": int(row["urn"]),
            "la_number": la_number,
            "ons_code": ons_code,
            "region": REGION_SLUGS[row["region_name"].strip()],
            "type": kind,
            "status": "former" if slug in former else "current",
            "predecessors": [],
            "successors": [],
            "statistical_neighbours": row["stat_neighbours"],  # resolved below
            "centroid": {"lat": float(centroid["lat"]), "lon": float(centroid["lon"])} if centroid else None,
            "also_known_as": sorted(set(aliases)),
        }
        if slug not in former and centroid is None:
            notes.append(f"{name}: no centroid for LA {la_number}")
        entries[slug] = entry
        by_la[la_number] = slug

    for slug, (successors, ended) in REORGANISATIONS.items():
        entries[slug]["successors"] = successors
        entries[slug]["ended"] = ended
        for succ in successors:
            entries[succ]["predecessors"].append(slug)

    for entry in entries.values():
        neighbours = []
        for code in entry["statistical_neighbours"].split(","):
            code = code.strip()
            if not code:
                continue
            if int(code) in by_la:
                neighbours.append(by_la[int(code)])
            else:
                notes.append(f"{entry['name']}: statistical neighbour LA {code} is not in the lookup; left out")
        entry["statistical_neighbours"] = neighbours

    current = sum(1 for e in entries.values() if e["status"] == "current")
    if current != 153:
        notes.append(f"expected 153 current councils, found {current}")
    ordered = sorted(entries.values(), key=lambda e: e["slug"])
    return ordered, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lookup", type=Path, help="la_lookup.csv")
    parser.add_argument("centroids", type=Path, help="la_centroids.csv")
    parser.add_argument("--out", type=Path, default=ROOT / "records" / "councils.yml")
    parser.add_argument("--check", action="store_true", help="only check the registry is what the data gives")
    args = parser.parse_args(argv)
    entries, notes = build(args.lookup, args.centroids)
    for note in notes:
        print(f"note: {note}")
    print(f"{len(entries)} councils ({sum(e['status'] == 'current' for e in entries)} current)")
    return refresh({args.out: dump_registry(entries)}, check=args.check,
                   command="python scripts/build_registry.py LOOKUP CENTROIDS")


if __name__ == "__main__":
    sys.exit(main())

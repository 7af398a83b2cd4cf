"""Compute the hex map layout: one equal hexagon per current council.

    python scripts/build_hex_layout.py          # writes hooks/inspections/hex_layout.json
    python scripts/build_hex_layout.py --check  # exit 1 if the committed file is stale

The map is a tile cartogram: every council gets the same area, so the 33
London boroughs are as visible as Lincolnshire. Steps, all deterministic
(no randomness, stable tie-breaks), so the committed file only changes when
the registry does:

1. Project each council's centroid (from `records/councils.yml`) onto a flat
   plane (longitude shrunk by the cosine of England's mid latitude).
2. Make room for London: inflate its 33 boroughs to the size of 33
   hexagons and push the rest of England outwards, less and less with
   distance (a fisheye: nothing changes sides).
3. Spread the points apart like a Dorling cartogram: overlapping discs push
   each other away while a spring pulls each back to its place, so dense
   areas (Manchester, Birmingham) swell but keep their neighbours.
4. Choose as many hex cells as councils: those nearest the spread points,
   with holes filled. Give each council a cell by an optimal assignment
   (least total squared distance moved; Hungarian method).
5. Polish by swapping neighbours where that brings councils nearer their
   spread position and next to their own region; shift any group cut off
   from the rest (the Isles of Scilly) until it touches; polish again.

Cells are in "odd-r" offset coordinates of pointy-top hexagons: `[col, row]`,
odd rows shifted right by half a hexagon, row 0 at the top (north).
"""

from __future__ import annotations

import argparse
import json
import math
import sys

from _common import RECORDS, ROOT, refresh
from inspections.dataset import REGISTRY_NAME, load_councils
from inspections.model import Council

LAYOUT_PATH = ROOT / "hooks" / "inspections" / "hex_layout.json"

#: Distance between neighbouring hexagon centres, in projected degrees of
#: latitude. England is about 10.5 square "degrees" on this projection; a
#: spacing of 0.3 gives 153 hexagons roughly the area of England.
SPACING = 0.3
#: Latitude where a degree of longitude is measured (middle of England).
MID_LATITUDE = 52.6
RELAX_ROUNDS = 600
SPRING = 0.01
#: An empty cell with this many neighbours on the map counts as a hole.
HOLE = 4
#: How much a neighbour from another region costs, in squared spacings.
REGION_PENALTY = 0.7


def project(council: Council) -> tuple[float, float]:
    """Centroid to plane: x east, y south (as on screen), in degrees of latitude."""
    assert council.centroid is not None
    return (council.centroid.lon * math.cos(math.radians(MID_LATITUDE)), -council.centroid.lat)


#: London: 33 boroughs in a circle of about 0.3 degrees need a blob of
#: hexagons about 0.95 across. `make_room` inflates London to that size before
#: relaxing, and shifts the rest of England outwards by an amount that fades
#: with distance (a fisheye, so nothing changes sides), leaving room for the
#: Home Counties around London rather than squeezed beside it.
DENSE_REGION = "london"
DENSE_FADE = 1.0  # degrees; must exceed the inflation so the map never folds
#: London is held firmly in place so that the Home Counties move around it.
DENSE_SPRING = 0.05


def make_room(targets: list[tuple[float, float]], regions: list[str]) -> list[tuple[float, float]]:
    dense = [t for t, r in zip(targets, regions, strict=True) if r == DENSE_REGION]
    if not dense:
        return targets
    cx = sum(x for x, _ in dense) / len(dense)
    cy = sum(y for _, y in dense) / len(dense)
    inner = max(math.hypot(x - cx, y - cy) for x, y in dense) + 0.02
    # centres of n hexagons packed in a disc lie within its radius less half a cell
    outer = SPACING * math.sqrt(len(dense) * math.sqrt(3) / 2 / math.pi) - SPACING / 2
    grow = max(0.0, outer - inner)
    moved = []
    for x, y in targets:
        r = math.hypot(x - cx, y - cy)
        if r < 1e-9:
            moved.append((x, y))
            continue
        new_r = r * outer / inner if r <= inner else r + grow * math.exp(-(r - inner) / DENSE_FADE)
        moved.append((cx + (x - cx) * new_r / r, cy + (y - cy) * new_r / r))
    return moved


def relax(targets: list[tuple[float, float]], springs: list[float]) -> list[tuple[float, float]]:
    """Two forces, applied together each round (order-free): overlapping
    discs push apart (the discs start small and grow to SPACING, so dense
    areas swell gradually and keep their internal order), and a spring pulls
    each council back towards its target (firmly for London, see springs)."""
    points = [list(t) for t in targets]
    n = len(points)
    grow = RELAX_ROUNDS * 2 // 3
    for step in range(RELAX_ROUNDS):
        diameter = SPACING * min(1.0, 0.1 + 0.9 * step / grow)
        moves = [[0.0, 0.0] for _ in range(n)]
        for i in range(n):
            xi, yi = points[i]
            for j in range(i + 1, n):
                dx = points[j][0] - xi
                dy = points[j][1] - yi
                if abs(dx) >= diameter or abs(dy) >= diameter:
                    continue
                dist = math.hypot(dx, dy)
                if dist >= diameter:
                    continue
                if dist < 1e-9:  # same place: separate along a fixed, index-based direction
                    angle = math.radians((i * 7 + j * 13) % 360)
                    dx, dy, dist = math.cos(angle), math.sin(angle), 1.0
                push = (diameter - dist) / 2
                ux, uy = dx / dist * push, dy / dist * push
                moves[i][0] -= ux
                moves[i][1] -= uy
                moves[j][0] += ux
                moves[j][1] += uy
        for p, m, t, spring in zip(points, moves, targets, springs, strict=True):
            p[0] += m[0] * 0.5 + (t[0] - p[0]) * spring
            p[1] += m[1] * 0.5 + (t[1] - p[1]) * spring
    return [(p[0], p[1]) for p in points]


# --- hex grid (pointy-top, odd-r offset) -------------------------------------------

ROW_HEIGHT = SPACING * math.sqrt(3) / 2


def cell_centre(col: int, row: int) -> tuple[float, float]:
    return (SPACING * (col + 0.5 * (row & 1)), ROW_HEIGHT * row)


def nearest_cell(x: float, y: float) -> tuple[int, int]:
    row = round(y / ROW_HEIGHT)
    col = round(x / SPACING - 0.5 * (row & 1))
    return col, row


def neighbours(col: int, row: int) -> list[tuple[int, int]]:
    shift = row & 1  # odd rows sit half a cell to the right
    return [
        (col - 1, row), (col + 1, row),
        (col - 1 + shift, row - 1), (col + shift, row - 1),
        (col - 1 + shift, row + 1), (col + shift, row + 1),
    ]


def candidate_cells(points: list[tuple[float, float]]) -> list[tuple[int, int]]:
    """As many cells as councils, forming England's (inflated) outline with
    no holes: first the cells whose centres lie nearest to any council's
    spread position; then, while an empty cell is mostly surrounded (a hole
    or a notch in the coast), fill it and give up instead the edge cell
    farthest from every council."""
    near: dict[tuple[int, int], float] = {}
    for x, y in points:
        col0, row0 = nearest_cell(x, y)
        for row in range(row0 - 3, row0 + 4):
            for col in range(col0 - 3, col0 + 4):
                cx, cy = cell_centre(col, row)
                d = (cx - x) ** 2 + (cy - y) ** 2
                if d < near.get((col, row), math.inf):
                    near[(col, row)] = d
    chosen = set(sorted(near, key=lambda cell: (near[cell], cell))[: len(points)])

    def inside(cell):
        return sum(nb in chosen for nb in neighbours(*cell))

    for _ in range(len(points)):
        holes = sorted(
            (c for c in {nb for cell in chosen for nb in neighbours(*cell)} - chosen if inside(c) >= HOLE),
            key=lambda c: (-inside(c), near.get(c, math.inf), c),
        )
        edges = [c for c in chosen if inside(c) <= 3]
        if not holes or not edges:
            break
        chosen.add(holes[0])
        chosen.remove(max(edges, key=lambda c: (near.get(c, 0.0), c)))
    return sorted(chosen)


def assign(costs: list[list[float]]) -> list[int]:
    """Minimum-cost assignment of rows to distinct columns (Hungarian method,
    O(n^2 m), rows <= columns): returns the column of each row. Pure Python:
    153 x 153 takes about a second, and scipy is not a dependency."""
    n, m = len(costs), len(costs[0])
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    match = [0] * (m + 1)  # match[col] = row (1-based), 0 = free
    way = [0] * (m + 1)
    for row in range(1, n + 1):
        match[0] = row
        col0 = 0
        minv = [math.inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[col0] = True
            r0, delta, col1 = match[col0], math.inf, 0
            for col in range(1, m + 1):
                if used[col]:
                    continue
                cur = costs[r0 - 1][col - 1] - u[r0] - v[col]
                if cur < minv[col]:
                    minv[col], way[col] = cur, col0
                if minv[col] < delta:
                    delta, col1 = minv[col], col
            for col in range(m + 1):
                if used[col]:
                    u[match[col]] += delta
                    v[col] -= delta
                else:
                    minv[col] -= delta
            col0 = col1
            if match[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            match[col0] = match[col1]
            col0 = col1
    result = [0] * n
    for col in range(1, m + 1):
        if match[col]:
            result[match[col] - 1] = col - 1
    return result


def snap(points: dict[str, tuple[float, float]]) -> dict[str, tuple[int, int]]:
    """Give each council one of the candidate cells, minimising the total
    squared distance moved (an optimal assignment, which keeps councils in
    their relative order better than any greedy rule)."""
    slugs = sorted(points)
    cells = candidate_cells([points[s] for s in slugs])
    costs = [
        [(cell_centre(*cell)[0] - points[s][0]) ** 2 + (cell_centre(*cell)[1] - points[s][1]) ** 2 for cell in cells]
        for s in slugs
    ]
    return {slug: cells[col] for slug, col in zip(slugs, assign(costs), strict=True)}


def cost(slug: str, cell: tuple[int, int], points, region: dict[str, str], occupant: dict) -> float:
    """Squared distance (in spacings) from the spread position, plus a
    penalty per neighbouring hexagon of another region."""
    x, y = points[slug]
    cx, cy = cell_centre(*cell)
    foreign = sum(1 for nb in neighbours(*cell) if nb in occupant and region[occupant[nb]] != region[slug])
    return ((cx - x) ** 2 + (cy - y) ** 2) / SPACING**2 + REGION_PENALTY * foreign


def polish(placed: dict[str, tuple[int, int]], points, region: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Swap neighbouring councils while that lowers the total cost of every
    council involved (theirs and their neighbours'): shorter distances to
    the spread positions, fewer neighbours from other regions. Swaps keep
    the outline as it is. Stable order; ends because the cost strictly falls."""
    placed = dict(placed)
    occupant = {cell: slug for slug, cell in placed.items()}

    def affected_cost(cells: list[tuple[int, int]]) -> float:
        around = set(cells)
        for cell in cells:
            around.update(neighbours(*cell))
        return sum(cost(occupant[c], c, points, region, occupant) for c in sorted(around) if c in occupant)

    for _ in range(100):
        improved = False
        for slug in sorted(placed):
            here = placed[slug]
            for there in neighbours(*here):
                other = occupant.get(there)
                if other is None:
                    continue
                before = affected_cost([here, there])
                occupant[here], occupant[there] = other, slug
                if affected_cost([here, there]) < before - 1e-9:
                    placed[slug], placed[other] = there, here
                    improved = True
                    break
                occupant[here], occupant[there] = slug, other
        if not improved:
            break
    return placed


def _cube(cell: tuple[int, int]) -> tuple[int, int, int]:
    col, row = cell
    x = col - (row - (row & 1)) // 2
    return x, row, -x - row


def _offset(cube: tuple[int, int, int]) -> tuple[int, int]:
    x, row, _ = cube
    return x + (row - (row & 1)) // 2, row


def components(cells: set[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Groups of touching cells, largest first (ties by their first cell)."""
    seen: set[tuple[int, int]] = set()
    groups = []
    for start in sorted(cells):
        if start in seen:
            continue
        group, todo = [], [start]
        seen.add(start)
        while todo:
            cell = todo.pop()
            group.append(cell)
            for nb in neighbours(*cell):
                if nb in cells and nb not in seen:
                    seen.add(nb)
                    todo.append(nb)
        groups.append(sorted(group))
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def attach_islands(placed: dict[str, tuple[int, int]], points) -> dict[str, tuple[int, int]]:
    """Move any group of councils cut off from the main body (Cornwall and
    Devon, the Isles of Scilly) as a whole, by the shortest shift that makes
    it touch the body without overlapping. A cartogram gap reads as an error."""
    placed = dict(placed)
    while True:
        occupant = {cell: slug for slug, cell in placed.items()}
        groups = components(set(occupant))
        if len(groups) == 1:
            return placed
        body, island = set().union(*groups[:-1]), groups[-1]  # smallest group joins the rest
        best = None
        for dx in range(-8, 9):
            for dy in range(-8, 9):
                shift = (dx, dy, -dx - dy)
                steps = max(abs(v) for v in shift)
                if steps == 0 or steps > 8:
                    continue
                moved = [_offset(tuple(a + b for a, b in zip(_cube(c), shift, strict=True))) for c in island]
                if any(m in body for m in moved):
                    continue
                if not any(nb in body for m in moved for nb in neighbours(*m)):
                    continue
                err = sum(
                    (cell_centre(*m)[0] - points[occupant[c]][0]) ** 2 + (cell_centre(*m)[1] - points[occupant[c]][1]) ** 2
                    for c, m in zip(island, moved, strict=True)
                )
                key = (steps, round(err, 9), shift)
                if best is None or key < best[0]:
                    best = (key, moved)
        if best is None:
            raise SystemExit("cannot attach a detached group of councils to the map")
        for c, m in zip(island, best[1], strict=True):
            placed[occupant[c]] = m


def build_layout(councils: dict[str, Council]) -> dict:
    current = [c for c in councils.values() if c.is_current]
    no_centroid = [c.slug for c in current if c.centroid is None]
    if no_centroid:
        raise SystemExit(f"current councils without a centroid in {REGISTRY_NAME}: {', '.join(no_centroid)}")
    current.sort(key=lambda c: c.slug)
    targets = make_room([project(c) for c in current], [c.region for c in current])
    springs = [DENSE_SPRING if c.region == DENSE_REGION else SPRING for c in current]
    spread = dict(zip((c.slug for c in current), relax(targets, springs), strict=True))
    region = {c.slug: c.region for c in current}
    placed = polish(attach_islands(polish(snap(spread), spread, region), spread), spread, region)
    # Normalise so the grid starts at (0, 0); keep row parity (odd-r offsets
    # depend on it) by shifting rows by an even number.
    min_col = min(col for col, _ in placed.values())
    min_row = min(row for _, row in placed.values())
    min_row -= min_row & 1
    cells = {slug: [col - min_col, row - min_row] for slug, (col, row) in sorted(placed.items())}
    return {
        "about": "Hex map layout made by scripts/build_hex_layout.py from records/councils.yml. "
                 "Do not edit by hand: run the script. Cells are [col, row] of pointy-top hexagons, "
                 "odd rows shifted right by half a hexagon, row 0 at the top.",
        "columns": max(col for col, _ in cells.values()) + 1,
        "rows": max(row for _, row in cells.values()) + 1,
        "cells": cells,
    }


def dump(layout: dict) -> str:
    # One council per line keeps diffs readable when the registry changes.
    lines = ["{"]
    for key in ("about", "columns", "rows"):
        lines.append(f"  {json.dumps(key)}: {json.dumps(layout[key])},")
    lines.append('  "cells": {')
    items = [f"    {json.dumps(slug)}: {json.dumps(cell)}" for slug, cell in layout["cells"].items()]
    lines.append(",\n".join(items))
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed layout is out of date")
    args = parser.parse_args(argv)
    text = dump(build_layout(load_councils(RECORDS / REGISTRY_NAME)))
    return refresh({LAYOUT_PATH: text}, check=args.check, command="python scripts/build_hex_layout.py")

if __name__ == "__main__":
    sys.exit(main())

"""Generate warehouse/data/world_110m.json, the country outlines under the report's event map, from the
Natural Earth 110m admin-0 countries (public domain) that the geopandas 0.14.4 wheel ships as
`geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp`.

Usage:  pip download geopandas==0.14.4 --no-deps -d /tmp/ne
        python bench/build_world_outlines.py /tmp/ne/geopandas-0.14.4-py3-none-any.whl [--out PATH]
        [--tolerance DEGREES] [--digits N]

Standard library only: the wheel is a zip, the shapefile's polygons (.shp) and attributes (.dbf) are read
with `struct`. Each ring is simplified with Douglas-Peucker (`--tolerance`, in degrees) and its lon/lat
rounded to `--digits` decimals; rings that collapse below a triangle are dropped. The output is
deterministic: countries sorted by ISO code then name, keys sorted.

Output: {"source": ..., "licence": ..., "countries": [{"iso_a3": "SYR", "name": "Syria",
"rings": [[lon0, lat0, lon1, lat1, ...], ...]}, ...]}: flat coordinate lists (outer rings and holes alike;
the map draws outlines, it does not need to tell them apart).
"""

from __future__ import annotations

import argparse
import json
import struct
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "warehouse" / "data" / "world_110m.json"
SHAPEFILE = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
POLYGON = 5  # the shapefile shape type of (multi)polygons
SOURCE = (
    "Natural Earth 110m cultural vectors, admin-0 countries (naturalearthdata.com), as shipped in the "
    "geopandas 0.14.4 wheel (naturalearth_lowres); simplified by bench/build_world_outlines.py"
)
LICENCE = "public domain (Natural Earth terms of use)"

Ring = list[tuple[float, float]]


def read_polygons(shp: bytes) -> list[list[Ring]]:
    """Each record's rings as lists of (lon, lat), in file order (ESRI Shapefile Technical Description)."""
    shapes: list[list[Ring]] = []
    offset = 100  # the file header
    while offset < len(shp):
        _number, words = struct.unpack(">ii", shp[offset : offset + 8])
        content = shp[offset + 8 : offset + 8 + 2 * words]
        offset += 8 + 2 * words
        (shape_type,) = struct.unpack("<i", content[:4])
        if shape_type != POLYGON:
            shapes.append([])  # a null shape keeps its place, so records still match the .dbf rows
            continue
        parts, points = struct.unpack("<ii", content[36:44])
        starts = list(struct.unpack(f"<{parts}i", content[44 : 44 + 4 * parts])) + [points]
        xy = struct.unpack(f"<{2 * points}d", content[44 + 4 * parts : 44 + 4 * parts + 16 * points])
        shapes.append(
            [[(xy[2 * i], xy[2 * i + 1]) for i in range(a, b)] for a, b in zip(starts, starts[1:], strict=False)]
        )
    return shapes


def read_attributes(dbf: bytes, encoding: str) -> list[dict[str, str]]:
    """The dBASE III table's rows as {field: stripped text}."""
    records, header_length, record_length = struct.unpack("<IHH", dbf[4:12])
    fields: list[tuple[str, int]] = []
    position = 32
    while dbf[position] != 0x0D:
        name = dbf[position : position + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, dbf[position + 16]))
        position += 32
    rows = []
    for n in range(records):
        record = dbf[header_length + n * record_length : header_length + (n + 1) * record_length]
        cursor, row = 1, {}  # byte 0 is the deletion flag
        for name, length in fields:
            row[name] = record[cursor : cursor + length].decode(encoding).strip()
            cursor += length
        rows.append(row)
    return rows


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on a closed ring: keeps the first point, the farthest from it, and what deviates."""
    if len(ring) < 4:
        return ring
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2)
    first = _douglas_peucker(ring[: far + 1], tolerance)
    second = _douglas_peucker(ring[far:], tolerance)
    return first[:-1] + second


def _douglas_peucker(points: Ring, tolerance: float) -> Ring:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
        best, index = 0.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if length == 0:
                distance = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if distance > best:
                best, index = distance, i
        if best > tolerance:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def build(wheel: Path, tolerance: float, digits: int) -> dict[str, object]:
    with zipfile.ZipFile(wheel) as archive:
        shp = archive.read(SHAPEFILE + ".shp")
        dbf = archive.read(SHAPEFILE + ".dbf")
        encoding = archive.read(SHAPEFILE + ".cpg").decode("ascii").strip()
    countries = []
    for shape, row in zip(read_polygons(shp), read_attributes(dbf, encoding), strict=True):
        rings = []
        for ring in shape:
            points = simplify(ring, tolerance)
            rounded = [(round(x, digits), round(y, digits)) for x, y in points]
            rounded = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
            if len(rounded) >= 4:  # a closed triangle at least
                rings.append([value for point in rounded for value in point])
        if rings:
            countries.append({"iso_a3": row["iso_a3"], "name": row["name"], "rings": rings})
    countries.sort(key=lambda c: (str(c["iso_a3"]), str(c["name"])))
    return {"source": SOURCE, "licence": LICENCE, "countries": countries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="geopandas-0.14.4-py3-none-any.whl (pip download, see above)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--tolerance", type=float, default=0.05, help="Douglas-Peucker tolerance, degrees")
    parser.add_argument("--digits", type=int, default=2, help="decimals kept in each coordinate")
    args = parser.parse_args()
    data = build(args.wheel, args.tolerance, args.digits)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    countries: list[dict[str, list[list[float]]]] = data["countries"]  # type: ignore[assignment]
    points = sum(len(ring) // 2 for country in countries for ring in country["rings"])
    size = args.out.stat().st_size
    print(f"{args.out}: {len(countries)} countries, {points} points, {size:,} bytes")


if __name__ == "__main__":
    main()

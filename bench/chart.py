"""A self-contained SVG of one run: throughput and p99 latency against concurrency, one line per scenario.

`python3 bench/chart.py bench/results/<run>.json` writes <run>.svg beside it; bench.py calls render().
Both axes are logarithmic: the scenarios differ by orders of magnitude.
"""

from __future__ import annotations

import json
import math
import sys
from html import escape
from pathlib import Path
from typing import Any

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
          "#bcbd22"]
PANEL_W, PANEL_H = 460, 300
LEFT, TOP, GAP, BOTTOM = 70, 70, 90, 150


def _series(result: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    series: dict[str, list[dict[str, Any]]] = {}
    for row in result["results"]:
        if row["concurrency"] > 0:  # the open-loop row has no fixed concurrency
            series.setdefault(row["scenario"], []).append(row)
    for rows in series.values():
        rows.sort(key=lambda r: r["concurrency"])
    return series


def _log_range(values: list[float]) -> tuple[float, float]:
    positive = [v for v in values if v > 0] or [1.0]
    return 10 ** math.floor(math.log10(min(positive))), 10 ** math.ceil(math.log10(max(positive)))


def _panel(x0: float, title: str, series: dict[str, list[dict[str, Any]]], value, unit: str,
           concurrencies: list[int]) -> list[str]:
    out = []
    lo_x, hi_x = min(concurrencies), max(concurrencies)
    if lo_x == hi_x:
        lo_x, hi_x = lo_x / 2, hi_x * 2
    lo_y, hi_y = _log_range([value(r) for rows in series.values() for r in rows])

    def px(c: float) -> float:
        return x0 + (math.log(c) - math.log(lo_x)) / (math.log(hi_x) - math.log(lo_x)) * PANEL_W

    def py(v: float) -> float:
        v = max(v, lo_y)
        return TOP + PANEL_H - (math.log10(v) - math.log10(lo_y)) / (math.log10(hi_y) - math.log10(lo_y)) * PANEL_H

    out.append(f'<text x="{x0 + PANEL_W / 2}" y="{TOP - 14}" text-anchor="middle" font-weight="bold">'
               f'{escape(title)}</text>')
    out.append(f'<rect x="{x0}" y="{TOP}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#999"/>')
    decade = lo_y
    while decade <= hi_y * 1.0001:
        y = py(decade)
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + PANEL_W}" y2="{y:.1f}" stroke="#eee"/>')
        label = f"{decade:g}" if decade < 1e6 else f"{decade:.0e}"
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{label}</text>')
        decade *= 10
    for c in concurrencies:
        x = px(c)
        out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + PANEL_H}" stroke="#eee"/>')
        out.append(f'<text x="{x:.1f}" y="{TOP + PANEL_H + 16}" text-anchor="middle" font-size="11">{c}</text>')
    out.append(f'<text x="{x0 + PANEL_W / 2}" y="{TOP + PANEL_H + 34}" text-anchor="middle" font-size="12">'
               f'concurrent connections (pgbench: clients)</text>')
    out.append(f'<text x="{x0 - 52}" y="{TOP + PANEL_H / 2}" text-anchor="middle" font-size="12" '
               f'transform="rotate(-90 {x0 - 52} {TOP + PANEL_H / 2})">{escape(unit)}</text>')
    for i, (name, rows) in enumerate(series.items()):
        color = COLORS[i % len(COLORS)]
        dash = ' stroke-dasharray="6 4"' if name == "pgbench" else ""
        points = " ".join(f"{px(r['concurrency']):.1f},{py(value(r)):.1f}" for r in rows)
        out.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
        for r in rows:
            out.append(f'<circle cx="{px(r["concurrency"]):.1f}" cy="{py(value(r)):.1f}" r="3.5" fill="{color}">'
                       f'<title>{escape(name)} at {r["concurrency"]}: {value(r):,.1f} {escape(unit)}</title></circle>')
    return out


def render(result: dict[str, Any]) -> str:
    series = _series(result)
    concurrencies = sorted({r["concurrency"] for r in result["results"] if r["concurrency"] > 0}) or [1]
    width = LEFT + 2 * PANEL_W + GAP + 40
    height = TOP + PANEL_H + BOTTOM + 20 * max(0, (len(series) - 1) // 5 - 1)
    m = result.get("machine", {})
    subtitle = (f"{result.get('started_at', '')} · {result.get('mode', '')} · Kassa {result.get('kassa', {}).get('commit', '')}"
                f" · {m.get('nproc', '?')} cores {m.get('cpu', '')} · {m.get('memory_gb', '?')} GB"
                f" · load {m.get('load_average_at_start', '')}")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{LEFT}" y="24" font-size="16" font-weight="bold">Kassa bench: throughput and p99 latency</text>',
           f'<text x="{LEFT}" y="42" font-size="11" fill="#555">{escape(subtitle)}</text>']
    out += _panel(LEFT, "Throughput (requests/s; pgbench: tps)", series, lambda r: r["rps"], "per second",
                  concurrencies)
    timed = {name: rows for name, rows in series.items() if not any(r.get("no_latency") for r in rows)}
    out += _panel(LEFT + PANEL_W + GAP, "p99 latency", timed, lambda r: r["latency_ms"]["p99"], "ms",
                  concurrencies)
    legend_y = TOP + PANEL_H + 60
    for i, name in enumerate(series):
        x = LEFT + (i % 5) * 190
        y = legend_y + (i // 5) * 20
        color = COLORS[i % len(COLORS)]
        dash = ' stroke-dasharray="6 4"' if name == "pgbench" else ""
        out.append(f'<line x1="{x}" y1="{y}" x2="{x + 24}" y2="{y}" stroke="{color}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{x + 30}" y="{y + 4}">{escape(name)}</text>')
    out.append('</svg>')
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python3 bench/chart.py bench/results/<run>.json", file=sys.stderr)
        sys.exit(2)
    source = Path(sys.argv[1])
    target = source.with_suffix(".svg")
    target.write_text(render(json.loads(source.read_text())))
    print(target)

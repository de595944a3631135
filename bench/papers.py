"""Documents and delivery scenarios: PDFs of sales the sales scenarios' shop posted, and the stateless
route optimizer (the Lucky Gas seed's `test-optimization`: "10 stops in ~500ms") over stops around the
shop, with the same stops every time so that runs compare."""

from __future__ import annotations

import json
import math
import random
import uuid
from typing import Any

import sales
from scenarios import Context, Scenario


def _sale_ids(ctx: Context, count: int) -> list[str]:
    shop = sales.ensure_shop(ctx)
    if "document_sales" not in ctx.state:
        ids = []
        for i in range(count):
            cashier = ctx.cashiers[i % len(ctx.cashiers)]
            ids.append(sales._ok(ctx.api("POST", "/api/v1/sales", json.loads(shop["bodies"][i % len(shop["bodies"])]),
                                         cashier["token"], {"Idempotency-Key": str(uuid.uuid4())}), "sale")["id"])
        ctx.state["document_sales"] = ids
    return ctx.state["document_sales"]


def invoice_paths(ctx: Context) -> dict[str, Any]:
    return {"paths": [f"/api/v1/sales/{i}/invoice.pdf" for i in _sale_ids(ctx, 50)]}


def receipt_paths(ctx: Context) -> dict[str, Any]:
    return {"paths": [f"/api/v1/sales/{i}/receipt.pdf" for i in _sale_ids(ctx, 50)]}


def _stops(count: int, seed: int) -> dict[str, Any]:
    """A depot in Bengaluru and `count` stops within ~10 km of it, fixed by the seed."""
    rng = random.Random(seed)
    depot = {"latitude": 12.9716, "longitude": 77.5946}
    stops = []
    for i in range(count):
        r, a = 0.09 * math.sqrt(rng.random()), rng.random() * 2 * math.pi
        stops.append({"id": f"s{i}", "latitude": round(depot["latitude"] + r * math.sin(a), 6),
                      "longitude": round(depot["longitude"] + r * math.cos(a), 6)})
    return {"depot": depot, "stops": stops, "return_to_depot": True}


def optimize_bodies(count: int):
    def setup(ctx: Context) -> dict[str, Any]:
        bodies = [json.dumps(_stops(count, seed)) for seed in range(8)]
        sales._ok(ctx.api("POST", "/api/v1/routes/optimize", json.loads(bodies[0]), ctx.admin_token),
                  "trial optimize")
        return {"bodies": bodies}
    return setup


SCENARIOS = [
    Scenario(
        name="invoice_pdf",
        description="GET /api/v1/sales/{id}/invoice.pdf for 50 sales of 3 lines in turn: the sale, the "
                    "organization and its GSTIN read, an A4 GST tax invoice drawn with an embedded font.",
        method="GET", path="/api/v1/sales/x/invoice.pdf",
        concurrency=[1, 16], auth="admin",
        setup=invoice_paths, requires="/api/v1/sales/{id}/invoice.pdf",
    ),
    Scenario(
        name="receipt_pdf",
        description="GET /api/v1/sales/{id}/receipt.pdf for the same 50 sales: an 80 mm till receipt.",
        method="GET", path="/api/v1/sales/x/receipt.pdf",
        concurrency=[16], auth="admin",
        setup=receipt_paths, requires="/api/v1/sales/{id}/receipt.pdf",
    ),
    Scenario(
        name="route_optimize_10",
        description="POST /api/v1/routes/optimize, a depot and 10 stops within ~10 km (8 fixed sets in turn): "
                    "jsprit's search at the configured iterations, nothing stored (the seed: ~500 ms).",
        method="POST", path="/api/v1/routes/optimize",
        concurrency=[1, 4], auth="admin",
        setup=optimize_bodies(10), requires="/api/v1/routes/optimize",
    ),
    Scenario(
        name="route_optimize_50",
        description="POST /api/v1/routes/optimize with 50 stops (8 fixed sets in turn).",
        method="POST", path="/api/v1/routes/optimize",
        concurrency=[1], auth="admin",
        setup=optimize_bodies(50), requires="/api/v1/routes/optimize",
    ),
]

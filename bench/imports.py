"""CSV import: one file of new products uploaded to POST /api/v1/products/imports (a background job), then
polled until it finishes. Rows per second from the import's own started_at/finished_at, and from upload
to completion as a user waits for it."""

from __future__ import annotations

import datetime
import json
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

import catalog
from scenarios import Context, Scenario


def product_csv(run_id: str, count: int) -> bytes:
    lines = ["sku,name,unit,price,price_includes_tax,tax_class,hsn_code,barcodes,track_stock,allow_negative_stock"]
    for i in range(count):
        name = catalog.product_name(i).replace('"', "")
        lines.append(f'I{run_id}-{i},"{name}",PIECE,{10 + i % 490}.50,true,GST_18,1006,'
                     f'87{run_id}{i:08d},true,true')
    return ("\n".join(lines) + "\n").encode()


def upload(ctx: Context, data: bytes, mode: str) -> tuple[int, Any]:
    boundary = "kassa-bench-" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"products.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"{ctx.url}/api/v1/products/imports?mode={mode}", data=body, method="POST")
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    request.add_header("Authorization", "Bearer " + ctx.admin_token)
    request.add_header("Idempotency-Key", str(uuid.uuid4()))
    request.add_header("Accept", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def seconds_between(start: str, end: str) -> float:
    parse = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def import_runner(ctx: Context, scenario: Scenario, levels: list[int]) -> list[dict[str, Any]]:
    count = 100_000 if ctx.large else 20_000
    data = product_csv(ctx.run_id, count)
    ctx.settle()
    print(f"[bench] product_import: uploading {count} rows ({len(data) / 1e6:.1f} MB)", flush=True)
    started = time.monotonic()
    status, body = upload(ctx, data, "all_or_nothing")
    if status not in (200, 201, 202):
        raise RuntimeError(f"import upload: HTTP {status}: {body}")
    uploaded = time.monotonic() - started
    deadline = started + max(600, count / 50)
    state = body
    while time.monotonic() < deadline:
        status, state = ctx.api("GET", f"/api/v1/products/imports/{body['id']}", token=ctx.admin_token)
        if status == 200 and state["status"] in ("COMPLETED", "FAILED"):
            break
        time.sleep(0.5)
    else:
        raise RuntimeError(f"the import did not finish within {deadline - started:.0f} s: {state}")
    wall = time.monotonic() - started
    if state["status"] != "COMPLETED":
        raise RuntimeError(f"the import failed: {state}")
    job = seconds_between(state["started_at"], state["finished_at"]) if state.get("started_at") else wall
    rows = state["rows_read"]
    return [{
        "scenario": "product_import", "kind": "import", "write": False, "concurrency": 1,
        "requests": rows, "duration_s": round(wall, 2), "rps": round(rows / job, 1) if job else 0.0,
        "latency_ms": {"p50": 0, "p90": 0, "p99": 0, "max": round(wall * 1000)}, "no_latency": True,
        "errors": state["rejected"] + state["error_count"], "import": state,
        "note": f"{rows} rows ({state['created']} created) in {job:.1f} s of the job = {rows / job:,.0f} rows/s; "
                f"{wall:.1f} s from upload ({uploaded:.1f} s) to completion = {rows / wall:,.0f} rows/s; "
                f"req/s column = rows/s",
    }]


SCENARIOS = [
    Scenario(
        name="product_import",
        description="POST /api/v1/products/imports with a CSV of new products (quick 20,000 rows, large "
                    "100,000), all_or_nothing, polled until the job completes: rows per second.",
        method="POST", path="/api/v1/products/imports", concurrency=[1],
        auth=None, runner=import_runner, requires="/api/v1/products/imports",
    ),
]

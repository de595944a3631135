"""Catalog and numbering scenarios: seeded products looked up by barcode and searched by name, and the
document-number series' ceiling under concurrent takers (a pgbench script of what DocumentNumbers.take
does)."""

from __future__ import annotations

import concurrent.futures
import random
import subprocess
import time
from typing import Any

from scenarios import Context, Scenario, pg_env

GST_18 = "0190a000-0000-7000-8000-000000001800"
"""The GST 18% tax class every installation has (V20__catalog.sql)."""

BRANDS = ["Amul", "Tata", "Aashirvaad", "Fortune", "Haldiram", "Britannia", "Parle", "Dabur", "Patanjali",
          "Nestle", "Mother Dairy", "Everest", "MDH", "Catch", "Saffola", "Dhara", "Kissan", "Maggi", "Lijjat",
          "Bikaji"]
ITEMS = ["Basmati Rice", "Toor Dal", "Masoor Dal", "Chana Dal", "Atta", "Besan", "Sugar", "Jaggery",
         "Sunflower Oil", "Mustard Oil", "Ghee", "Butter", "Paneer", "Curd", "Tea", "Coffee", "Biscuits",
         "Namkeen", "Turmeric", "Chilli Powder", "Garam Masala", "Salt", "Poha", "Rava", "Noodles",
         "Ketchup", "Pickle", "Papad", "Honey", "Cornflakes", "Oats", "Soap", "Shampoo", "Toothpaste",
         "Detergent", "Agarbatti", "Matches", "Candles", "Cashews", "Almonds", "Raisins"]
SIZES = ["50 g", "100 g", "200 g", "250 g", "500 g", "1 kg", "2 kg", "5 kg", "200 ml", "500 ml", "1 L", "5 L"]

SEARCH_CONTAINS = ["dal", "rice", "oil", "masala", "amul", "500 g", "biscuit", "powder", "ghee", "tea",
                   "kg", "paneer", "nut"]
SEARCH_PREFIX = ["amul", "tata", "haldiram", "britannia", "mother", "mdh", "parle", "fortune", "dabur", "bikaji"]


def product_name(i: int) -> str:
    """The i-th seeded product's name; the SQL seed computes the same one (see NAME_SQL)."""
    return f"{BRANDS[i % len(BRANDS)]} {ITEMS[(i // len(BRANDS)) % len(ITEMS)]} {SIZES[(i // 7) % len(SIZES)]} #{i}"


def _sql_array(values: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


NAME_SQL = (f"({_sql_array(BRANDS)})[1 + i % {len(BRANDS)}] || ' ' || "
            f"({_sql_array(ITEMS)})[1 + (i / {len(BRANDS)}) % {len(ITEMS)}] || ' ' || "
            f"({_sql_array(SIZES)})[1 + (i / 7) % {len(SIZES)}] || ' #' || i")


def barcode(run_id: str, i: int) -> str:
    return f"89{run_id}{i:08d}"


def sku(run_id: str, i: int) -> str:
    return f"B{run_id}-{i}"


def seed_products_api(ctx: Context, count: int, workers: int = 8) -> None:
    """POST /api/v1/products from a few threads, as a manager would create them one by one."""
    def one(i: int) -> None:
        status, body = ctx.api("POST", "/api/v1/products", {
            "sku": sku(ctx.run_id, i), "name": product_name(i), "unit": "PIECE",
            "price": f"{10 + i % 490}.50", "price_includes_tax": True, "tax_class_id": GST_18,
            "hsn_code": "1006", "track_stock": True, "allow_negative_stock": True,
            "barcodes": [barcode(ctx.run_id, i)]}, ctx.admin_token, {"Idempotency-Key": f"seed-{ctx.run_id}-{i}"})
        if status not in (200, 201):
            raise RuntimeError(f"create product {i}: HTTP {status}: {body}")

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, range(count)))


def seed_products_sql(ctx: Context, count: int) -> None:
    """One transaction with one event (the tables' deferred triggers require it), generate_series for the
    rows: what an import would leave behind, in seconds rather than the minutes the API would take."""
    ctx.sql(f"""
BEGIN;
INSERT INTO events (id, type, aggregate_type, aggregate_id, occurred_at, payload)
VALUES (uuidv7(), 'bench.products_seeded', 'bench', uuidv7(), now(), '{{"count": {count}}}');
CREATE TEMP TABLE seeded ON COMMIT DROP AS
  SELECT i, uuidv7() AS id FROM generate_series(0, {count - 1}) AS i;
INSERT INTO products (id, sku, name, unit, price, price_includes_tax, tax_class_id, hsn_code, track_stock,
                      allow_negative_stock, active, created_at, updated_at)
SELECT id, 'B{ctx.run_id}-' || i, {NAME_SQL}, 'PIECE', 10 + i % 490 + 0.5, true, '{GST_18}', '1006', true, true,
       true, now(), now() FROM seeded;
INSERT INTO product_barcodes (code, product_id, created_at)
SELECT '89{ctx.run_id}' || lpad(i::text, 8, '0'), id, now() FROM seeded;
INSERT INTO product_prices (id, product_id, price, price_includes_tax, changed_at)
SELECT uuidv7(), id, 10 + i % 490 + 0.5, true, now() FROM seeded;
COMMIT;
ANALYZE products; ANALYZE product_barcodes;
""")


def ensure_products(ctx: Context) -> int:
    """Seeds the catalog once per run: quick a few thousand through the API, --large 100,000 with SQL."""
    if "products" in ctx.state:
        return ctx.state["products"]
    count = 100_000 if ctx.large else 2_000
    started = time.monotonic()
    if ctx.large:
        seed_products_sql(ctx, count)
        how = "SQL, one transaction"
    else:
        seed_products_api(ctx, count)
        how = "POST /api/v1/products, 8 threads"
    seconds = time.monotonic() - started
    ctx.state["products"] = count
    ctx.state["products_seeded"] = {"count": count, "how": how, "seconds": round(seconds, 1)}
    print(f"[bench] seeded {count} products ({how}) in {seconds:.1f} s", flush=True)
    return count


def barcode_paths(ctx: Context) -> dict[str, Any]:
    count = ensure_products(ctx)
    rng = random.Random(7)
    picks = [rng.randrange(count) for _ in range(2000)]
    return {"paths": [f"/api/v1/products/by-barcode/{barcode(ctx.run_id, i)}" for i in picks]}


def search_paths(match: str, terms: list[str]):
    def setup(ctx: Context) -> dict[str, Any]:
        ensure_products(ctx)
        return {"paths": [f"/api/v1/products?q={t.replace(' ', '%20')}&match={match}&limit=20" for t in terms]}
    return setup


# --- numbering: a pgbench script of DocumentNumbers.take -------------------------------------------------

SERIES_ID = "01900000-0000-7000-8000-{:012d}"

TAKE_SCRIPT = """\\set s random(1, {series})
BEGIN;
UPDATE document_series SET next_value = next_value + 1, updated_at = clock_timestamp()
 WHERE document_type = 'SALE' AND location_id = ('01900000-0000-7000-8000-' || lpad(:s::text, 12, '0'))::uuid
   AND starts_on <= current_date AND ends_on >= current_date AND NOT closed AND next_value <= max_value
 RETURNING regexp_replace(replace(replace(format, '{{LOC}}', location_code), '{{FY}}', financial_year_code),
           '\\{{SEQ:[0-9]+\\}}', lpad((next_value - 1)::text, substring(format from '\\{{SEQ:([0-9]+)\\}}')::int, '0'));
INSERT INTO events (id, type, aggregate_type, aggregate_id, location_id, occurred_at, payload)
VALUES (uuidv7(), 'bench.number_taken', 'bench', uuidv7(),
        ('01900000-0000-7000-8000-' || lpad(:s::text, 12, '0'))::uuid, now(), '{{"bench": true}}');
END;
"""


def numbering_runner(ctx: Context, scenario: Scenario, levels: list[int]) -> list[dict[str, Any]]:
    """Eight series rows of their own (locations that exist only here), then pgbench with the script above
    at each client count, taking from one series and from eight."""
    ctx.sql("""
BEGIN;
INSERT INTO events (id, type, aggregate_type, aggregate_id, occurred_at, payload)
VALUES (uuidv7(), 'bench.series_seeded', 'bench', uuidv7(), now(), '{}');
INSERT INTO document_series (id, document_type, location_id, location_code, financial_year_id, financial_year_code,
                             starts_on, ends_on, format, next_value, max_value, created_at, updated_at)
SELECT ('01900000-0000-7000-a000-' || lpad(s::text, 12, '0'))::uuid, 'SALE',
       ('01900000-0000-7000-8000-' || lpad(s::text, 12, '0'))::uuid, 'BN' || s,
       '01900000-0000-7000-9000-000000000001', '2526', current_date - 1, current_date + 365,
       '{LOC}/{FY}/{SEQ:6}', 1, 999999999, now(), now()
  FROM generate_series(1, 8) AS s
ON CONFLICT DO NOTHING;
COMMIT;
""")
    max_connections = int(ctx.sql("SHOW max_connections").strip() or 100)
    rows = []
    for clients in levels:
        run_at = min(clients, max(1, max_connections - 50))
        for series in (1, 8):
            script = ctx.work / f"take-{series}.sql"
            script.write_text(TAKE_SCRIPT.format(series=series))
            ctx.settle()
            print(f"[bench] numbering: {series} series, {run_at} clients for {ctx.duration} s", flush=True)
            threads = min(2, run_at)
            logs = ctx.work / f"numbers-{series}-{run_at}"
            logs.mkdir(exist_ok=True)
            done = subprocess.run(["pgbench", "-n", "-c", str(run_at), "-j", str(threads), "-T", str(ctx.duration),
                                   "-l", "--log-prefix", str(logs / "tx"), "-f", str(script), ctx.db["dbname"]],
                                  env=pg_env(ctx.db), cwd=logs, capture_output=True, text=True,
                                  timeout=ctx.duration + 120)
            if done.returncode != 0:
                raise RuntimeError(f"pgbench (numbering) failed: {done.stdout}\n{done.stderr}")
            rows.append(pgbench_row(f"numbers_{series}_series", run_at, ctx.duration, done.stdout, logs,
                                    f"pgbench script, not HTTP: DocumentNumbers.take's UPDATE on {series} "
                                    f"series row(s) + one event INSERT per transaction"))
    return rows


def pgbench_row(name: str, clients: int, duration: int, out: str, logs, note: str) -> dict[str, Any]:
    import re
    tps = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", out).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", out)
    latencies = []
    for file in logs.glob("tx*"):
        for line in file.read_text().splitlines():
            fields = line.split()
            if len(fields) >= 3 and fields[2].isdigit():
                latencies.append(int(fields[2]) / 1000)
    latencies.sort()

    def pct(p: float) -> float:
        if not latencies:
            return 0.0
        return round(latencies[min(len(latencies) - 1, max(0, int(p / 100 * len(latencies) + 0.5) - 1))], 2)

    return {"scenario": name, "kind": "pgbench-script", "write": False, "concurrency": clients,
            "requests": len(latencies), "duration_s": duration, "rps": round(tps, 1),
            "latency_ms": {"p50": pct(50), "p90": pct(90), "p99": pct(99), "max": pct(100)},
            "errors": int(failed.group(1)) if failed else 0, "note": note}


SCENARIOS = [
    Scenario(
        name="product_by_barcode",
        description="GET /api/v1/products/by-barcode/{code}, 2,000 random seeded barcodes in turn: the till's "
                    "scan (one primary-key look-up of product_barcodes, the product and its tax class).",
        method="GET", path="/api/v1/products/by-barcode/x",
        concurrency=[64], large_concurrency=[16, 64, 256],
        setup=barcode_paths,
    ),
    Scenario(
        name="product_search",
        description="GET /api/v1/products?q=…&match=contains&limit=20, 13 terms in turn (trigram index on the "
                    "folded name; some terms match thousands of products, some few).",
        method="GET", path="/api/v1/products",
        concurrency=[64], large_concurrency=[16, 64, 256],
        setup=search_paths("contains", SEARCH_CONTAINS),
    ),
    Scenario(
        name="product_prefix",
        description="GET /api/v1/products?q=…&match=prefix&limit=20, 10 brand names in turn (btree "
                    "text_pattern_ops on the folded name).",
        method="GET", path="/api/v1/products",
        concurrency=[64], large_concurrency=[16, 64, 256],
        setup=search_paths("prefix", SEARCH_PREFIX),
    ),
    Scenario(
        name="numbers",
        description="pgbench, not Kassa: the UPDATE … RETURNING on document_series that DocumentNumbers.take "
                    "runs plus one event INSERT per transaction, from 1 series and from 8: the ceiling of a "
                    "series row on this PostgreSQL, without HTTP, JSON or the rest of a sale.",
        method="POST", path="-",
        concurrency=[64], large_concurrency=[16, 64],
        auth=None, runner=numbering_runner,
    ),
]

"""Sales scenarios: a shop set up through the API (organization in India, the current financial year, a
store whose default series the year opens), sales of 3 lines over 300 of the seeded products (stock
received generously; the products may also go negative), posted with unique keys, repeated with one key,
read one by one and a page at a time."""

from __future__ import annotations

import datetime
import json
import os
import random
import time
import uuid
from decimal import Decimal
from typing import Any

import catalog
from scenarios import Context, Scenario

POOL = 300
"""Products the sales draw their lines from: enough that concurrent sales rarely queue on one stock row."""


def _ok(result: tuple[int, Any], what: str) -> Any:
    status, body = result
    if not 200 <= status <= 299:
        raise RuntimeError(f"{what}: HTTP {status}: {body}")
    return body


def ensure_shop(ctx: Context) -> dict[str, Any]:
    """Once per run: the shop, the product pool with stock, and 200 different sale bodies whose cash
    payment settles the total (the products' prices include tax, so the total is the sum of the prices)."""
    if "shop" in ctx.state:
        return ctx.state["shop"]
    catalog.ensure_products(ctx)
    admin = ctx.admin_token
    key = lambda: str(uuid.uuid4())  # noqa: E731
    _ok(ctx.api("PUT", "/api/v1/organization", {"legal_name": "Kassa Bench Traders", "country": "IN",
                                                "currency": "INR", "time_zone": "Asia/Kolkata"}, admin), "organization")
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=5, minutes=30))).date()
    start = today.year if today.month >= 4 else today.year - 1
    status, body = ctx.api("POST", "/api/v1/organization/financial-years",
                           {"starts_on": f"{start}-04-01", "ends_on": f"{start + 1}-03-31"}, admin,
                           {"Idempotency-Key": key()})
    if status not in (200, 201, 409):
        raise RuntimeError(f"financial year: HTTP {status}: {body}")
    # A short code: in India a number has at most 16 characters, so "BENCH/2627/" left the default SALE series
    # 5 digits, and --large sells more than its 99,999 numbers (409 document_series_exhausted); "BLR1/2627/"
    # leaves 6.
    status, body = ctx.api("POST", "/api/v1/locations", {"code": "BLR1", "name": "Bench Store", "type": "STORE",
                                                         "state_code": "29", "time_zone": "Asia/Kolkata"}, admin,
                           {"Idempotency-Key": key()})
    if status == 409 and body.get("code") == "location_code_taken":
        # a database kept from an earlier run (KASSA_DB_URL): sell in the store it made
        location = ctx.sql("SELECT id FROM locations WHERE code = 'BLR1'").strip()
    else:
        location = _ok((status, body), "location")["id"]
    rows = ctx.sql(f"SELECT id, price FROM products WHERE sku LIKE 'B{ctx.run_id}-%' ORDER BY created_at, id "
                   f"LIMIT {POOL}").split()
    pool = [(r.split("|")[0], Decimal(r.split("|")[1])) for r in rows]
    for start_at in range(0, len(pool), 100):
        _ok(ctx.api("POST", "/api/v1/stock/receipts", {
            "location_id": location,
            "lines": [{"product_id": p, "quantity": 1_000_000} for p, _ in pool[start_at:start_at + 100]]},
            admin, {"Idempotency-Key": key()}), "stock receipt")
    rng = random.Random(11)
    bodies = []
    for _ in range(200):
        lines = [(p, price, rng.randint(1, 3)) for p, price in rng.sample(pool, 3)]
        total = sum(price * q for _, price, q in lines)
        # no terminal_id: a terminal is a registered till with a session to claim (docs/tills.md); the
        # bench sells as the API's plain sale does
        bodies.append(json.dumps({"location_id": location,
                                  "lines": [{"product_id": p, "quantity": q} for p, _, q in lines],
                                  "payments": [{"method": "CASH", "amount": str(total)}]}))
    # One sale through the API first: a wrong body should fail here, loudly, not as 100 % errors in wrk.
    first = _ok(ctx.api("POST", "/api/v1/sales", json.loads(bodies[0]), ctx.cashiers[0]["token"],
                        {"Idempotency-Key": key()}), "trial sale")
    shop = {"location": location, "bodies": bodies, "first_sale": first["id"], "first_sale_json": first}
    stored = int(os.environ.get("BENCH_STORED_SALES", 1_000_000 if ctx.large else 0))
    if stored:
        print(f"[bench] storing {stored:,} sales with SQL (transactions of up to 100,000)", flush=True)
        ctx.state["sales_seeded"] = {"count": stored, "seconds": seed_sales_sql(ctx, location, stored),
                                     "folded_seconds": ctx.state.pop("sales_folded")["seconds"]}
    ctx.state["shop"] = shop
    ctx.state["sale_write"] = {"name": "sale", "path": "/api/v1/sales", "body": bodies[0],
                               "token": ctx.cashiers[0]["token"], "auth": "cashier", "topic": "sales"}
    return shop


def seed_sales_sql(ctx: Context, location: str, total: int, batch: int = 100_000) -> float:
    """Sales stored as if rung up over the last 100 days (today included, about total/100 a day), 3 lines
    each over the product pool, cash, in the order a shop writes them (oldest first, today's last and side
    by side, as in a shop's tables): batches of `batch` sales, each one transaction with one event, made
    with generate_series. For the reads (pages, reports) at size; the numbers are SEED-n, outside the
    location's series. Answers the seconds it took."""
    started = time.monotonic()
    cashiers = "ARRAY[" + ",".join(f"'{c['id']}'" for c in ctx.cashiers) + "]::uuid[]"
    for first in range(0, total, batch):
        last = min(total, first + batch) - 1
        ctx.sql(f"""
BEGIN;
INSERT INTO events (id, type, aggregate_type, aggregate_id, location_id, occurred_at, payload)
VALUES (uuidv7(), 'bench.sales_seeded', 'bench', uuidv7(), '{location}', now(), '{{"from": {first}, "to": {last}}}');
CREATE TEMP TABLE pool ON COMMIT DROP AS
  SELECT row_number() OVER (ORDER BY created_at, id) - 1 AS n, id, sku, name, hsn_code, unit, price
    FROM products WHERE sku LIKE 'B{ctx.run_id}-%' ORDER BY created_at, id LIMIT {POOL};
CREATE TEMP TABLE seeded ON COMMIT DROP AS
  SELECT i, uuidv7() AS id, ((now() AT TIME ZONE 'Asia/Kolkata')::date - (99 - i * 100 / {total})::int) AS day,
         now() - make_interval(days => (99 - i * 100 / {total})::int, secs => ({total} - i) % 36000) AS at
    FROM generate_series({first}, {last}) AS i;
CREATE TEMP TABLE lines ON COMMIT DROP AS
  SELECT uuidv7() AS id, s.id AS sale_id, k AS line_no, p.id AS product_id, p.sku, p.name, p.hsn_code, p.unit,
         p.price AS gross, round(p.price / 1.18, 2) AS taxable,
         round((p.price - round(p.price / 1.18, 2)) / 2, 2) AS cgst,
         p.price - round(p.price / 1.18, 2) - round((p.price - round(p.price / 1.18, 2)) / 2, 2) AS sgst
    FROM seeded s CROSS JOIN generate_series(1, 3) AS k
    JOIN pool p ON p.n = (s.i * 7 + k * 101) % {POOL};
INSERT INTO sales (id, number, location_id, terminal_id, cashier_id, status, supply, place_of_supply, currency,
                   business_date, subtotal, discount_value, discount_is_percentage, sale_discount, discount_total,
                   taxable, cgst, sgst, igst, cess, tax_total, total, paid, change_due, created_at)
SELECT s.id, 'SEED-{ctx.run_id}-' || s.i, '{location}', 'seed', ({cashiers})[1 + s.i % {len(ctx.cashiers)}],
       'COMPLETED', 'INTRA_STATE', '29', 'INR', s.day, t.gross, 0, false, 0, 0, t.taxable, t.cgst, t.sgst, 0, 0,
       t.cgst + t.sgst, t.gross, t.gross, 0, s.at
  FROM seeded s JOIN (SELECT sale_id, sum(gross) AS gross, sum(taxable) AS taxable, sum(cgst) AS cgst,
                             sum(sgst) AS sgst FROM lines GROUP BY sale_id) t ON t.sale_id = s.id;
INSERT INTO sale_lines (id, sale_id, line_no, product_id, sku, name, hsn_code, unit, quantity, unit_price, list_price,
                        price_includes_tax, tax_rate, cess_rate, gross, discount, sale_discount, taxable, cgst, sgst,
                        igst, cess, tax_total, total)
SELECT id, sale_id, line_no, product_id, sku, name, hsn_code, unit, 1, gross, gross, true, 18, 0, gross, 0, 0,
       taxable, cgst, sgst, 0, 0, cgst + sgst, gross FROM lines;
INSERT INTO sale_payments (id, sale_id, method, amount, created_at)
SELECT uuidv7(), s.id, 'CASH', sum(l.gross), s.at FROM seeded s JOIN lines l ON l.sale_id = s.id GROUP BY s.id, s.at;
COMMIT;
""")
        print(f"[bench] stored sales {first}..{last}", flush=True)
    ctx.sql("ANALYZE sales; ANALYZE sale_lines; ANALYZE sale_payments;")
    seconds = round(time.monotonic() - started, 1)
    # Kassa folds the stored sales into its report's day figures in the background (a trigger queued them):
    # wait for that, so that no measured run shares the machine with it, and say how long it took.
    started = time.monotonic()
    while int(ctx.sql("SELECT count(*) FROM report_day_pending").strip() or 0) > 0:
        time.sleep(1)
    ctx.state["sales_folded"] = {"count": total, "seconds": round(time.monotonic() - started, 1)}
    print(f"[bench] Kassa folded the stored sales into the report's day figures in "
          f"{ctx.state['sales_folded']['seconds']} s", flush=True)
    return seconds


def sale_bodies(ctx: Context) -> dict[str, Any]:
    return {"bodies": ensure_shop(ctx)["bodies"]}


def sale_paths(ctx: Context) -> dict[str, Any]:
    """100 sales posted by the cashiers in turn, then read by id in turn."""
    shop = ensure_shop(ctx)
    ids = []
    for i in range(100):
        cashier = ctx.cashiers[i % len(ctx.cashiers)]
        ids.append(_ok(ctx.api("POST", "/api/v1/sales", json.loads(shop["bodies"][i % len(shop["bodies"])]),
                               cashier["token"], {"Idempotency-Key": str(uuid.uuid4())}), "sale")["id"])
    ctx.state["sale_get_ids"] = ids
    return {"paths": [f"/api/v1/sales/{i}" for i in ids]}


def page_paths(ctx: Context) -> dict[str, Any]:
    shop = ensure_shop(ctx)
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=5, minutes=30))).date().isoformat()
    return {"paths": [f"/api/v1/sales?limit=50", f"/api/v1/sales?location_id={shop['location']}&limit=50",
                      f"/api/v1/sales?location_id={shop['location']}&from={today}&to={today}&limit=50"]}


def report_paths(ctx: Context) -> dict[str, Any]:
    shop = ensure_shop(ctx)
    return {"paths": [f"/api/v1/reports/daily?location_id={shop['location']}"]}


def report_range_paths(ctx: Context) -> dict[str, Any]:
    """The last 100 days of the shop's location: every stored sale (the seed spreads them over 100 days)."""
    shop = ensure_shop(ctx)
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=5, minutes=30))).date()
    start = today - datetime.timedelta(days=99)
    return {"paths": [f"/api/v1/reports/range?location_id={shop['location']}&from={start.isoformat()}"
                      f"&to={today.isoformat()}"]}


def estimate_bodies(ctx: Context) -> dict[str, Any]:
    """The sale bodies as estimates (location and the 3 lines, no payment); one estimate made and converted
    through the API first, so that a wrong body fails here and not as 100 % errors in wrk."""
    shop = ensure_shop(ctx)
    bodies = []
    for body in shop["bodies"]:
        sale = json.loads(body)
        bodies.append(json.dumps({"location_id": sale["location_id"], "lines": sale["lines"]}))
    cashier = ctx.cashiers[0]["token"]
    estimate = _ok(ctx.api("POST", "/api/v1/estimates", json.loads(bodies[0]), cashier,
                           {"Idempotency-Key": str(uuid.uuid4())}), "trial estimate")
    _ok(ctx.api("POST", f"/api/v1/estimates/{estimate['id']}/convert", None, cashier), "trial conversion")
    return {"bodies": bodies}


SEED_PHONES = 20
"""Customers of the seed's sales: each request finds one of them by phone (the setup creates them)."""


def seed_sale_bodies(ctx: Context) -> dict[str, Any]:
    """The seed's create-sale bodies (its curl example's shape): customer by phone, items by SKU with the
    catalog's price, subtotal and total worked out as the server does (prices include tax), Cash. One sale
    per phone through the API first, so that the customers exist and a wrong body fails here."""
    shop = ensure_shop(ctx)
    rows = ctx.sql(f"SELECT id, sku, price FROM products WHERE sku LIKE 'B{ctx.run_id}-%' ORDER BY created_at, id "
                   f"LIMIT {POOL}").split()
    by_id = {r.split("|")[0]: (r.split("|")[1], Decimal(r.split("|")[2])) for r in rows}
    bodies = []
    for i, body in enumerate(shop["bodies"]):
        sale = json.loads(body)
        items = []
        for line in sale["lines"]:
            sku, price = by_id[line["product_id"]]
            items.append({"id": sku, "name": "Bench item", "price": float(price), "quantity": line["quantity"]})
        total = sum(by_id[line["product_id"]][1] * line["quantity"] for line in sale["lines"])
        phone = f"98450{i % SEED_PHONES:05d}"
        bodies.append(json.dumps({"customer_name": f"Bench Customer {i % SEED_PHONES}", "customer_phone": phone,
                                  "customer_address": "Bengaluru", "sale_by": "Bench", "items": items,
                                  "subtotal": float(total), "discount_amount": 0.0, "is_percentage_discount": True,
                                  "total": float(total), "payment_mode": "Cash"}))
    for body in bodies[:SEED_PHONES]:
        _ok(ctx.api("POST", "/api/orders/create-sale", json.loads(body), ctx.cashiers[0]["token"]), "trial seed sale")
    return {"bodies": bodies}


SCENARIOS = [
    Scenario(
        name="sale_create",
        description="POST /api/v1/sales, 3 lines over 300 products, cash, a unique Idempotency-Key per request "
                    "(Lua counter), the cashiers in turn: priced, paid, stock taken, numbered, one event (write).",
        method="POST", path="/api/v1/sales",
        concurrency=[64, 256], large_concurrency=[16, 64, 256],
        setup=sale_bodies, write=True, requires="/api/v1/sales",
        lua="""
local body_cursor = 0
function request()
  body_cursor = body_cursor + 1
  local body = bench.bodies[(body_cursor % #bench.bodies) + 1]
  return wrk.format("POST", bench.path, json_headers(next_token(), { ["Idempotency-Key"] = unique() }), body)
end
""",
    ),
    Scenario(
        name="sale_repeat",
        description="POST /api/v1/sales with one Idempotency-Key per cashier and the same body: the first "
                    "creates the sale, every other answers the stored response (a till retrying).",
        method="POST", path="/api/v1/sales",
        concurrency=[64], large_concurrency=[64, 256],
        setup=sale_bodies, requires="/api/v1/sales",
        lua="""
function request()
  return wrk.format("POST", bench.path, json_headers(next_token(), { ["Idempotency-Key"] = bench.run_id .. "-same" }),
                    bench.bodies[1])
end
""",
    ),
    Scenario(
        name="sale_get",
        description="GET /api/v1/sales/{id} for 100 sales in turn: the sale with its lines and payments.",
        method="GET", path="/api/v1/sales/x",
        concurrency=[64], large_concurrency=[64, 256],
        setup=sale_paths, requires="/api/v1/sales/{id}",
    ),
    Scenario(
        name="sales_page",
        description="GET /api/v1/sales?limit=50, unfiltered, by location, by location and today: the newest "
                    "page of all the sales the earlier scenarios posted.",
        method="GET", path="/api/v1/sales",
        concurrency=[64], large_concurrency=[64, 256],
        setup=page_paths, requires="/api/v1/sales",
    ),
    Scenario(
        name="report_today",
        description="GET /api/v1/reports/daily?location_id=... as the admin: today's report in the location's "
                    "zone, every section (summary, payment methods, top products, categories, cashiers, hours, "
                    "GST by rate, returns, voids, estimates); with --large over 1,000,000 stored sales (~1 % today).",
        method="GET", path="/api/v1/reports/daily",
        concurrency=[1, 8], auth="admin",
        setup=report_paths, requires="/api/v1/reports/daily",
    ),
    Scenario(
        name="report_range",
        description="GET /api/v1/reports/range?location_id=...&from=&to= as the admin: the location's last 100 "
                    "days, every section; with --large (or BENCH_STORED_SALES) over all 1,000,000 stored sales.",
        method="GET", path="/api/v1/reports/range",
        concurrency=[1], auth="admin",
        setup=report_range_paths, requires="/api/v1/reports/range",
    ),
    Scenario(
        name="estimate_convert",
        description="POST /api/v1/estimates with the sale's 3 lines, then POST /api/v1/estimates/{id}/convert "
                    "for the estimate just made (an order): one request is one of the two, so pairs/s is half "
                    "of req/s (write).",
        method="POST", path="/api/v1/estimates",
        concurrency=[64], large_concurrency=[64, 256],
        setup=estimate_bodies, write=True, requires="/api/v1/estimates/{id}/convert",
        lua="""
-- Per wrk thread: an estimate made is converted by the thread's next request, on whichever of its
-- connections asks first; with none waiting the next request makes one.
local made = {}
local body_cursor = 0
function request()
  local id = table.remove(made)
  if id then
    return wrk.format("POST", "/api/v1/estimates/" .. id .. "/convert", json_headers(next_token()), nil)
  end
  body_cursor = body_cursor + 1
  local body = bench.bodies[(body_cursor % #bench.bodies) + 1]
  return wrk.format("POST", bench.path, json_headers(next_token(), { ["Idempotency-Key"] = unique() }), body)
end
function on_response(status, headers, body)
  if status == 201 and body then
    local id = body:match('^%s*{%s*"id"%s*:%s*"([0-9a-f%-]+)"%s*,%s*"number"%s*:%s*"[^"]*"%s*,%s*"location_id"')
    if id and body:find('"valid_until"', 1, true) then table.insert(made, id) end
  end
end
""",
    ),
    Scenario(
        name="seed_create_sale",
        description="POST /api/orders/create-sale as the seed's client sends it: customer by phone (20 "
                    "customers), 3 items by SKU with price and quantity, subtotal and total, Cash, no "
                    "Idempotency-Key (each request a new sale), the cashiers in turn (write).",
        method="POST", path="/api/orders/create-sale",
        concurrency=[64], large_concurrency=[64, 256],
        setup=seed_sale_bodies, write=True, requires="/api/orders/create-sale",
        lua="""
local body_cursor = 0
function request()
  body_cursor = body_cursor + 1
  local body = bench.bodies[(body_cursor % #bench.bodies) + 1]
  return wrk.format("POST", bench.path, json_headers(next_token()), body)
end
""",
    ),
]


# A/B of the event check (V91): the same build, the triggers switched by SQL between runs.
_EVENT_CHECK_SQL = """
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT tg.tgname, tg.tgrelid::regclass AS rel, pg_get_triggerdef(tg.oid) AS def FROM pg_trigger tg
            WHERE tg.tgfoid = 'kassa_require_event'::regproc AND NOT tg.tgisinternal AND tg.tgparentid = 0 LOOP
    EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.rel);
    EXECUTE {rewrite};
  END LOOP;
END $$;
"""
_WHEN = ("'FOR EACH ROW WHEN (coalesce(current_setting(''kassa.event_appended'', true), '''') <> ''yes'' "
         "AND coalesce(current_setting(''kassa.event_check'', true), '''') <> ''queued'' "
         "AND set_config(''kassa.event_check'', ''queued'', true) = ''queued'') EXECUTE FUNCTION'")


def event_check(ctx: Context, once_per_transaction: bool) -> None:
    """Per row (V1, before V91) or once per transaction (V91), for every kassa_require_event trigger."""
    plain = "regexp_replace(t.def, 'FOR EACH ROW WHEN \\(.*\\) EXECUTE FUNCTION', 'FOR EACH ROW EXECUTE FUNCTION')"
    when = f"replace({plain}, 'FOR EACH ROW EXECUTE FUNCTION', {_WHEN})"
    # the triggers' tables are locked one after the other while Kassa's background work (the report folder,
    # the sealer) takes some of them in another order: a deadlock rolls the whole switch back, so try again
    for attempt in range(10):
        try:
            ctx.sql("SET lock_timeout = '2s';\n" + _EVENT_CHECK_SQL.replace("{rewrite}", when if once_per_transaction else plain))
            return
        except RuntimeError as failure:
            if "deadlock" not in str(failure) and "lock timeout" not in str(failure) or attempt == 9:
                raise
            time.sleep(0.5)


def event_check_ab(ctx: Context, scenario: Scenario, levels: list[int]) -> list[dict[str, Any]]:
    """sale_create at each level with the event check per row (A) and once per transaction (B), A B A B on one
    Kassa: the CPU per sale of the JVM and of PostgreSQL of each. Leaves the check as V91 has it."""
    import dataclasses
    base = next(s for s in SCENARIOS if s.name == "sale_create")
    extra = sale_bodies(ctx)
    rows = []
    try:
        for connections in levels:
            event_check(ctx, True)
            ctx.measure(base, connections, duration=ctx.duration, extra=extra)  # warm-up
            for round_no in (1, 2):
                for once in (False, True):
                    event_check(ctx, once)
                    ctx.sql("CHECKPOINT")
                    ctx.settle()
                    row = ctx.measure(base, connections, extra=extra)
                    row.update(scenario="sale_check_" + ("once" if once else "per_row"), write=False,
                               note=f"round {round_no}: the event check " + ("once per transaction (V91)" if once
                                                                             else "per changed row (before V91)"))
                    rows.append(row)
    finally:
        event_check(ctx, True)
    return rows


SCENARIOS.append(Scenario(
    name="event_check_ab",
    description="sale_create with the deferred event check per changed row (before V91) and once per "
                "transaction (V91), alternated on one Kassa: CPU per sale of each side. Not in the default run.",
    method="POST", path="/api/v1/sales", concurrency=[64], auth="cashier", runner=event_check_ab,
    requires="/api/v1/sales"))

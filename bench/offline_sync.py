"""How long a till's outbox takes to reach Kassa: N sales made offline (each with its block number,
made_at and Idempotency-Key), posted one after another in the order made, as the till's outbox drains
(one tab, one request at a time), then the same N again with the same keys, as a second tab or a lost
answer would replay them (each answered with the first sale, nothing written).

Against a Kassa already running (./kassa start), on a shop of its own (a location, a cashier and their terminal
with an open session, made anew each run, a product at 100.00 + 18 % GST):

    python3 bench/offline_sync.py --url http://127.0.0.1:8080 --admin-password '...' --sales 200

Standard library only. Prints one line per pass and the machine's load average at start and end."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import time
import urllib.error
import urllib.request
import uuid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--admin-password", default=os.environ.get("KASSA_SECURITY_ADMIN_PASSWORD", ""))
    parser.add_argument("--sales", type=int, default=200)
    args = parser.parse_args()
    base = args.url.rstrip("/")

    def api(method, path, body=None, token=None, key=None):
        request = urllib.request.Request(base + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Accept", "application/json")
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        if key or method == "POST":
            request.add_header("Idempotency-Key", key or str(uuid.uuid4()))
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            text = e.read()
            return e.code, json.loads(text) if text else None

    def ok(result, what):
        status, body = result
        if not 200 <= status <= 299:
            raise SystemExit(f"{what}: HTTP {status}: {body}")
        return body

    load_start = os.getloadavg()
    admin = ok(api("POST", "/api/v1/auth/login", {"username": "admin", "password": args.admin_password}), "login")["access_token"]
    status, _ = api("PUT", "/api/v1/organization", {"legal_name": "Offline Bench Traders", "country": "IN", "currency": "INR",
                                                    "time_zone": "Asia/Kolkata"}, admin)
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=5, minutes=30))).date()
    start = today.year if today.month >= 4 else today.year - 1
    api("POST", "/api/v1/organization/financial-years", {"starts_on": f"{start}-04-01", "ends_on": f"{start + 1}-03-31"}, admin)
    suffix = uuid.uuid4().hex[:6].upper()
    tax = ok(api("POST", "/api/v1/tax-classes", {"code": "OB" + suffix, "name": "GST 18%", "kind": "GST", "rate": 18}, admin), "tax class")
    location = ok(api("POST", "/api/v1/locations", {"code": "OB" + suffix[:4], "name": "Offline bench", "type": "STORE",
                                                   "state_code": "29", "time_zone": "Asia/Kolkata"}, admin), "location")
    product = ok(api("POST", "/api/v1/products", {"sku": "OB-" + suffix, "name": "Bench tea", "unit": "PIECE", "price": "100.00",
                                                  "price_includes_tax": False, "tax_class_id": tax["id"], "track_stock": True,
                                                  "allow_negative_stock": True}, admin), "product")
    terminal = ok(api("POST", "/api/v1/terminals", {"location_id": location["id"], "code": "OB-" + suffix[:4], "name": "Bench till"},
                      admin), "terminal")
    # a cashier of its own per run, so that a run never meets the session an earlier run left open
    password = "bench cashier " + uuid.uuid4().hex
    ok(api("POST", "/api/v1/users", {"username": "offbench-" + suffix.lower(), "password": password, "roles": ["CASHIER"]},
           admin), "cashier")
    cashier = ok(api("POST", "/api/v1/auth/login", {"username": "offbench-" + suffix.lower(), "password": password}),
                 "cashier login")["access_token"]
    ok(api("POST", "/api/v1/till-sessions", {"terminal_id": terminal["id"], "opening_float": 0}, cashier), "session")

    numbers = []
    while len(numbers) < args.sales:
        size = min(1000, args.sales - len(numbers))
        block = ok(api("POST", f"/api/v1/terminals/{terminal['id']}/number-blocks", {"size": size}, cashier), "block")
        # the sequence digits are the tail of the number (the default format ends in {SEQ:n})
        first, width = block["first_number"], len(block["first_number"]) - len(block["first_number"].rstrip("0123456789"))
        for value in range(block["first_value"], block["last_value"] + 1):
            numbers.append(first[:len(first) - width] + str(value).zfill(width))
    made = datetime.datetime.now(datetime.timezone.utc)
    outbox = [({"location_id": location["id"], "terminal_id": terminal["id"],
                "lines": [{"product_id": product["id"], "quantity": 1, "unit_price": "100.00"}],
                "payments": [{"method": "CASH", "amount": "118.00"}], "total": "118.00", "number": number,
                "made_at": (made - datetime.timedelta(seconds=len(numbers) - i)).isoformat()}, str(uuid.uuid4()))
               for i, number in enumerate(numbers)]

    def drain(what):
        began = time.perf_counter()
        ids = [ok(api("POST", "/api/v1/sales", body, cashier, key), what)["id"] for body, key in outbox]
        seconds = time.perf_counter() - began
        print(f"{what}: {len(ids)} sales in {seconds:.2f} s, {len(ids) / seconds:.1f} sales/s, "
              f"{1000 * seconds / len(ids):.1f} ms each")
        return ids

    first_ids = drain("first drain")
    replay_ids = drain("replay, same keys")
    if first_ids != replay_ids:
        raise SystemExit("a replay recorded another sale")
    print(f"load average at start {load_start[0]:.2f}, at end {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()

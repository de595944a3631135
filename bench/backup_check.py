#!/usr/bin/env python3
"""Backup and restore through the packaged jar, as an operator runs them (docs/backups.md).

Starts `./kassa start` on a fresh data directory, sells from four tills (each sale with its own
Idempotency-Key, retried until answered), takes `./kassa backup` while they sell, stops Kassa, runs
`./kassa restore FILE` into the same data directory (the old one is moved aside), starts Kassa again and
checks through the API: every sale acknowledged before the backup began is there with its number, the
restored numbers run 1..n without a gap, and the next sale is numbered n + 1. Exit 0 when all of that
holds. Run by `./kassa chaos` after the test classes; on its own: `python3 bench/backup_check.py`.
"""
from __future__ import annotations

import datetime
import os
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import ROOT, Api, Kassa, expect, free_port, log  # noqa: E402

CASHIER_PASSWORD = "Backup-Check-Cashier-42"
TAX_5 = "0190a000-0000-7000-8000-000000000500"


def login(api: Api, username: str, password: str) -> str:
    return expect(api("POST", "/api/v1/auth/login", {"username": username, "password": password}),
                  f"login {username}")["access_token"]


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def open_shop(api: Api, admin: str) -> tuple[str, str, str]:
    """The organization, its year, a store, one product with stock and a cashier; answers (location, product, token)."""
    expect(api("PUT", "/api/v1/organization", {"legal_name": "Backup Check Traders", "country": "IN",
                                               "currency": "INR", "time_zone": "Asia/Kolkata"}, admin), "organization")
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=5, minutes=30))).date()
    start = today.year if today.month >= 4 else today.year - 1
    expect(api("POST", "/api/v1/organization/financial-years",
               {"starts_on": f"{start}-04-01", "ends_on": f"{start + 1}-03-31"}, admin, key()), "financial year")
    location = expect(api("POST", "/api/v1/locations", {"code": "BKP1", "name": "Backup Store", "type": "STORE",
                                                       "state_code": "29", "time_zone": "Asia/Kolkata"}, admin, key()),
                      "location")["id"]
    product = expect(api("POST", "/api/v1/products", {"sku": "BKP-TEA", "name": "Tea", "unit": "PIECE",
                                                      "price": 100, "price_includes_tax": False,
                                                      "tax_class_id": TAX_5, "track_stock": True}, admin, key()),
                     "product")["id"]
    expect(api("POST", "/api/v1/stock/receipts", {"location_id": location,
                                                  "lines": [{"product_id": product, "quantity": 1_000_000}]},
               admin, key()), "stock receipt")
    expect(api("POST", "/api/v1/users", {"username": "backup-till", "display_name": "Backup till",
                                         "password": CASHIER_PASSWORD, "roles": ["CASHIER"]}, admin), "cashier")
    return location, product, login(api, "backup-till", CASHIER_PASSWORD)


class Tills:
    """Tills selling one tea each sale until stopped; keeps what each acknowledged sale was told."""

    def __init__(self, api: Api, token: str, location: str, product: str):
        self.api, self.token, self.location, self.product = api, token, location, product
        self.acknowledged: list[dict] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.sell, daemon=True) for _ in range(4)]

    def sell(self) -> None:
        while not self.stopping.is_set():
            headers = key()
            body = {"location_id": self.location, "lines": [{"product_id": self.product, "quantity": 1}],
                    "payments": [{"method": "CASH", "amount": "105.00"}]}
            while True:
                try:
                    status, answer = self.api("POST", "/api/v1/sales", body, self.token, headers)
                except OSError:
                    status, answer = 0, None
                if 200 <= status <= 299:
                    with self.lock:
                        self.acknowledged.append({"id": answer["id"], "number": answer["number"]})
                    break
                if 400 <= status <= 499 and status != 429:
                    raise RuntimeError(f"sale refused: {status} {answer}")
                if self.stopping.is_set():
                    break
                self.stopping.wait(0.2)  # pacing: a till's back-off before it posts the same sale again

    def start(self) -> "Tills":
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged)

    def snapshot(self) -> list[dict]:
        with self.lock:
            return list(self.acknowledged)


def numbers(api: Api, token: str, location: str) -> list[str]:
    found, cursor = [], None
    while True:
        path = f"/api/v1/sales?location_id={location}&limit=200" + (f"&cursor={cursor}" if cursor else "")
        page = expect(api("GET", path, None, token), "sales list")
        found += [s["number"] for s in page["items"]]
        cursor = page.get("next_cursor")
        if not cursor:
            return found


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="kassa-backup-check-"))
    data = work / "data"
    port = free_port()
    admin_password = "Backup-Check-Admin-" + uuid.uuid4().hex[:8]
    env = dict(os.environ)
    env.pop("KASSA_DB_URL", None)
    env.update({"KASSA_DATA_DIR": str(data), "KASSA_PORT": str(port), "KASSA_LOG_FORMAT": "text",
                "KASSA_SECURITY_ADMIN_PASSWORD": admin_password})
    subprocess.run([str(ROOT / "kassa"), "build"], cwd=ROOT, env=env, check=True)
    kassa = Kassa(env, work / "kassa.log", data)
    api = Api(f"http://127.0.0.1:{port}")
    failures: list[str] = []
    try:
        log(f"starting the packaged Kassa on {port}, data in {data}")
        kassa.start()
        admin = login(api, "admin", admin_password)
        location, product, cashier = open_shop(api, admin)
        tills = Tills(api, cashier, location, product).start()
        while tills.count() < 30:
            tills.stopping.wait(0.2)  # pacing: let the tills sell before the backup
        before = tills.snapshot()
        backup = subprocess.run([str(ROOT / "kassa"), "backup", f"--dir={work / 'backups'}"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=600)
        print(backup.stdout.strip())
        tills.stop()
        if backup.returncode != 0:
            raise RuntimeError(f"./kassa backup exited {backup.returncode}: {backup.stderr}")
        file = sorted((work / "backups").glob("kassa-*.zip"))[-1]
        log(f"{len(before)} sales acknowledged before the backup began, {tills.count()} in all; stopping Kassa")
        kassa.stop()

        restore = subprocess.run([str(ROOT / "kassa"), "restore", str(file)], cwd=ROOT, env=env,
                                 capture_output=True, text=True, timeout=600)
        print(restore.stdout.strip())
        if restore.returncode != 0:
            raise RuntimeError(f"./kassa restore exited {restore.returncode}: {restore.stderr}")

        kassa.start()
        admin = login(api, "admin", admin_password)
        for sale in before:
            status, found = api("GET", f"/api/v1/sales/{sale['id']}", None, admin)
            if status != 200 or found["number"] != sale["number"]:
                failures.append(f"sale {sale['id']} ({sale['number']}) acknowledged before the backup: {status}")
        restored = sorted(int(n.rsplit("/", 1)[1]) for n in numbers(api, admin, location))
        if restored != list(range(1, len(restored) + 1)):
            failures.append(f"the restored numbers are not 1..{len(restored)} without a gap")
        cashier = login(api, "backup-till", CASHIER_PASSWORD)
        status, sale = api("POST", "/api/v1/sales", {"location_id": location,
                                                     "lines": [{"product_id": product, "quantity": 1}],
                                                     "payments": [{"method": "CASH", "amount": "105.00"}]},
                           cashier, key())
        if status != 201 or int(sale["number"].rsplit("/", 1)[1]) != len(restored) + 1:
            failures.append(f"the next sale after the restore: {status} {sale}")
        log(f"restored {len(restored)} sales numbered 1..{len(restored)}, every one of the {len(before)} "
            f"acknowledged before the backup; the next sale took number {len(restored) + 1}")
    finally:
        kassa.stop()
    for failure in failures:
        log("FAILED: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

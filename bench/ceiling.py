"""What Kassa's sales and sale reads are held against, after the scenarios (see bench/README.md):

- the sale-SQL ceiling: pgbench running bench/sql/sale.sql (the statements a sale sends, checked by
  BenchSqlIntegrationTests) on the same pinned PostgreSQL at sale_create's client counts, and
  bench/sql/sale_get.sql at sale_get's;
- open-loop latency: sales posted on a clock at half of sale_create's best rate (bench/load/OpenLoop.java,
  latency from each request's due time), and pgbench -R with the sale SQL at the same rate;
- a JFR profile of the sale at 64 connections, kept with the run's results with a summary of its hot methods.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any, Callable, Optional

BENCH = Path(__file__).resolve().parent


def _java_tool(name: str) -> str:
    home = os.environ.get("JAVA_HOME") or "/usr/lib/jvm/temurin-25-jdk-amd64"
    tool = Path(home) / "bin" / name
    return str(tool) if tool.exists() else (shutil.which(name) or name)


def _defines(values: dict[str, str]) -> list[str]:
    out = []
    for key, value in values.items():
        out += ["-D", f"{key}={value}"]
    return out


def sale_defines(ctx) -> dict[str, str]:
    """The -D variables of bench/sql/sale.sql: the shop's location, a cashier, and a sale's answer as Kassa
    stores it (the trial sale's, its number a placeholder)."""
    shop = ctx.state["shop"]
    answer = dict(shop["first_sale_json"])
    answer["number"] = "PLACEHOLDER"
    cashier = ctx.cashiers[0]["id"]
    return {"loc": shop["location"], "cashier": cashier, "scope": f"sale:{cashier}",
            "rhash": "\\x" + hashlib.sha256(shop["bodies"][0].encode()).hexdigest(),
            "json": json.dumps(answer, separators=(",", ":")), "day": answer["business_date"]}


def make_tables(ctx) -> None:
    """bench_pool (the sales' products, n = 0..299) and bench_sales (the sales sale_get reads, n = 0..99)."""
    ctx.sql(f"""
DROP TABLE IF EXISTS bench_pool, bench_sales;
CREATE TABLE bench_pool AS
  SELECT (row_number() OVER (ORDER BY created_at, id) - 1)::int AS n, id, sku, name, hsn_code, unit, price
    FROM products WHERE sku LIKE 'B{ctx.run_id}-%' ORDER BY created_at, id LIMIT 300;
CREATE UNIQUE INDEX ON bench_pool (n);
CREATE TABLE bench_sales (n int PRIMARY KEY, id uuid NOT NULL);
""")
    ids = ctx.state.get("sale_get_ids") or []
    if ids:
        values = ",".join(f"({i}, '{sale}')" for i, sale in enumerate(ids))
        ctx.sql(f"INSERT INTO bench_sales VALUES {values}; ANALYZE bench_pool; ANALYZE bench_sales;")


def drop_tables(ctx) -> None:
    ctx.sql("DROP TABLE IF EXISTS bench_pool, bench_sales;")


def open_loop(ctx, rate: float, seconds: int) -> dict[str, Any]:
    """Sales posted at `rate` per second by OpenLoop.java (a process of its own, on the load cores)."""
    shop = ctx.state["shop"]
    tokens = ctx.work / "open-loop-tokens.txt"
    tokens.write_text("\n".join(c["token"] for c in ctx.cashiers) + "\n")
    bodies = ctx.work / "open-loop-bodies.txt"
    bodies.write_text("\n".join(shop["bodies"]) + "\n")
    done = subprocess.run([_java_tool("java"), str(BENCH / "load" / "OpenLoop.java"), f"url={ctx.url}/api/v1/sales",
                           f"tokens={tokens}", f"bodies={bodies}", f"rate={rate}", f"seconds={seconds}",
                           "in_flight=512", f"key_prefix=open-{ctx.run_id}-{int(time.time())}"],
                          capture_output=True, text=True, timeout=seconds + 180)
    line = next((l for l in done.stdout.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"OpenLoop printed no result (exit {done.returncode}): {done.stdout}\n{done.stderr}")
    result = json.loads(line[len("RESULT "):])
    ok = sum(n for s, n in result["statuses"].items() if s.startswith("2"))
    return {"scenario": "sale_open_loop", "kind": "open-loop", "write": False, "concurrency": 0,
            "requests": result["completed"], "duration_s": result["seconds"],
            "rps": round(result["completed"] / result["seconds"], 1) if result["seconds"] else 0.0,
            "latency_ms": {k: result["latency_ms"][k] for k in ("p50", "p90", "p99", "max")},
            "errors": result["errors"] + result["completed"] - ok, "statuses": result["statuses"], "rate": rate,
            "note": f"open loop at {rate:.0f} sales/s (half of sale_create's best), latency from each request's "
                    f"due time (no coordinated omission); conc column: not fixed, up to 512 in flight"}


def profile_sale(ctx, scenario, out_dir: Path, duration: int) -> dict[str, Any]:
    """A JFR recording of sale_create at 64 connections, kept in out_dir with its hot methods as text."""
    out_dir.mkdir(parents=True, exist_ok=True)
    jfr = out_dir / "sale.jfr"
    jcmd = _java_tool("jcmd")
    subprocess.run([jcmd, str(ctx.kassa_pid), "JFR.start", "name=sale", "settings=profile", f"filename={jfr}"],
                   capture_output=True, timeout=60)
    try:
        row = ctx.measure(scenario, 64, duration=duration)
    finally:
        subprocess.run([jcmd, str(ctx.kassa_pid), "JFR.stop", "name=sale"], capture_output=True, timeout=120)
    summarize(jfr)
    row.update(scenario="sale_create_profiled", write=False,
               note=f"under JFR (settings=profile, not counted): {jfr.relative_to(BENCH.parent)}")
    return row


def summarize(jfr: Path) -> None:
    """Hot methods and allocations of a recording, as text beside it (jfr view, JDK 21+)."""
    if not jfr.exists():
        return
    text = []
    for view in ("hot-methods", "allocation-by-class", "gc-pauses"):
        done = subprocess.run([_java_tool("jfr"), "view", "--width", "200", view, str(jfr)], capture_output=True,
                              text=True, timeout=300)
        text.append(done.stdout or done.stderr)
    jfr.with_suffix(".txt").write_text("\n".join(text))
    scrub(jfr)


KEPT_EVENTS = ("jdk.ExecutionSample,jdk.NativeMethodSample,jdk.ObjectAllocationSample,jdk.GarbageCollection,"
               "jdk.GCPhasePause,jdk.GCPhasePauseLevel1,jdk.ThreadPark,jdk.JavaMonitorEnter,jdk.JavaMonitorWait,"
               "jdk.SocketRead,jdk.SocketWrite,jdk.GCHeapSummary,jdk.CPULoad,jdk.ThreadCPULoad,jdk.CompilerStatistics")
"""What a kept recording holds: samples, allocations, GC, waits and socket I/O. A JFR recording also records
the process's environment variables, system properties, command line and the machine's other processes,
which have no place in the repository (paths, the bench's admin password, the neighbours' commands)."""


def scrub(jfr: Path) -> None:
    scrubbed = jfr.with_suffix(".scrubbed.jfr")
    done = subprocess.run([_java_tool("jfr"), "scrub", "--include-events", KEPT_EVENTS, str(jfr), str(scrubbed)],
                          capture_output=True, text=True, timeout=300)
    if done.returncode == 0 and scrubbed.exists():
        scrubbed.replace(jfr)
    else:
        jfr.unlink(missing_ok=True)  # not kept at all rather than kept with the environment in it
        scrubbed.unlink(missing_ok=True)


def runner(ctx, rows: list[dict[str, Any]], pgbench_run: Callable[..., dict[str, Any]],
           metered: Callable[..., dict[str, Any]], max_connections: int, sale_scenario,
           results_dir: Path, duration: int, profile: bool = True) -> list[dict[str, Any]]:
    """The ceilings, the open-loop pair and the profile; sets each sale and read row's ratio to its ceiling."""
    if "shop" not in ctx.state:
        return []
    make_tables(ctx)
    cap = max(1, max_connections - 50)
    out: list[dict[str, Any]] = []
    defines = sale_defines(ctx)
    try:
        for name, script, source in (("sale_sql", "sale.sql", "sale_create"), ("sale_get_sql", "sale_get.sql", "sale_get")):
            if script == "sale_get.sql" and not ctx.state.get("sale_get_ids"):
                continue
            measured: dict[int, dict[str, Any]] = {}
            for r in [r for r in rows if r["scenario"] == source and r["kind"] == "kassa"]:
                clients = min(r["concurrency"], cap)
                if clients not in measured:
                    ctx.settle()
                    print(f"[bench] {name}: pgbench {script} at {clients} clients for {duration} s", flush=True)
                    row = metered(lambda: pgbench_run(ctx.db, clients, duration, ctx.work, script=BENCH / "sql" / script,
                                                      name=name, extra=_defines(defines) if script == "sale.sql" else []))
                    row["note"] = f"pgbench, not HTTP: bench/sql/{script}, the statements Kassa sends"
                    measured[clients] = row
                    out.append(row)
                r["ratio_to_ceiling"] = round(r["rps"] / measured[clients]["rps"], 4) if measured[clients]["rps"] else None
                r["ceiling"] = name
        creates = [r for r in rows if r["scenario"] == "sale_create" and r["kind"] == "kassa" and r["rps"]
                   and not r.get("generator_bound")]
        if creates:
            rate = round(max(r["rps"] for r in creates) / 2, 1)
            ctx.settle()
            print(f"[bench] open loop: sales at {rate}/s for {2 * duration} s", flush=True)
            http = metered(lambda: open_loop(ctx, rate, 2 * duration))
            ctx.settle()
            print(f"[bench] open loop: pgbench sale.sql -R {rate} for {2 * duration} s", flush=True)
            sql = metered(lambda: pgbench_run(ctx.db, min(64, cap), 2 * duration, ctx.work, script=BENCH / "sql" / "sale.sql",
                                              rate=rate, name="sale_sql_open_loop", extra=_defines(defines)))
            sql["note"] = f"pgbench -R {rate} (open loop, latency from the scheduled start), 64 clients"
            if sql["latency_ms"]["p99"]:
                http["ratio"] = round(http["latency_ms"]["p99"] / sql["latency_ms"]["p99"], 2)
                http["ratio_to"] = "p99 to sale SQL's"
            out += [http, sql]
        if profile:
            ctx.settle()
            print("[bench] profile: sale_create at 64 under JFR", flush=True)
            out.append(profile_sale(ctx, sale_scenario, results_dir, duration))
    finally:
        drop_tables(ctx)
    return out

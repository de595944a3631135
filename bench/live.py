"""Live events and the hash chain's cost: WebSocket clients (bench/ws/LiveClients.java, a process of its
own) while writes are posted at a steady rate; and the same write load with the sealer running and with
it held off.

The write is a sale (POST /api/v1/sales, topic `sales`) when the build has sales and the sales scenarios
prepared one, else a product (POST /api/v1/products, topic `catalog`): each is one transaction with one
event, which the sealer chains and the live hub sends.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any, Optional

from scenarios import Context, Scenario

BENCH = Path(__file__).resolve().parent
SEALER_LOCK = 0x4B61737361
"""Sealer.LOCK_KEY: the session advisory lock whose holder seals the log."""

PRODUCT_BODY = ('{"sku":"L{{N}}","name":"Live bench product {{N}}","unit":"PIECE","price":"10.50",'
                '"price_includes_tax":true,"tax_class_id":"0190a000-0000-7000-8000-000000001800",'
                '"track_stock":false,"allow_negative_stock":true}')


def write_target(ctx: Context) -> dict[str, Any]:
    """What 'a write' is in this run: path, a body with {{N}} for a unique part, the token and the topic."""
    sale = ctx.state.get("sale_write")
    if sale:
        return sale
    if "sales_checked" not in ctx.state:
        # run alone (--only live): set the shop up when the build can sell, so that the write is a sale
        ctx.state["sales_checked"] = True
        status, doc = ctx.api("GET", "/v3/api-docs")
        if status == 200 and "/api/v1/sales" in (doc or {}).get("paths", {}):
            import sales
            sales.ensure_shop(ctx)
            return ctx.state["sale_write"]
    return {"name": "product", "path": "/api/v1/products", "body": PRODUCT_BODY, "token": ctx.admin_token,
            "auth": "admin", "topic": "catalog"}


def write_scenario(ctx: Context, name: str) -> Scenario:
    """The write as a wrk scenario: a unique Idempotency-Key and unique fields per request."""
    target = write_target(ctx)
    return Scenario(
        name=name, description=f"POST {target['path']} ({target['name']}), unique per request",
        method="POST", path=target["path"], concurrency=[16], auth=target["auth"], write=True,
        lua="""
function request()
  local u = unique()
  local body = string.gsub(bench.write_body, "{{N}}", u)
  return wrk.format("POST", bench.path, json_headers(next_token(), { ["Idempotency-Key"] = u }), body)
end
""")


class SealerHeld:
    """Holds the sealer's advisory lock from a psql session of its own, so that no Kassa instance seals:
    terminates the backend holding it (Kassa's sealer connection; it retries after a second, then polls
    every kassa.events.standby-poll) and takes the lock itself. Kassa's documented fail-over, used to switch
    the chain off without a setting. Closing the session gives the lock back; Kassa then seals the backlog."""

    APP = "kassa-bench-sealer-off"

    def __init__(self, ctx: Context):
        from scenarios import pg_env
        env = pg_env(ctx.db)
        env["PGAPPNAME"] = self.APP
        self.proc = subprocess.Popen(["psql", "-X", "-Atq", "-d", ctx.db["dbname"]], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     text=True)
        hi, lo = SEALER_LOCK >> 32, SEALER_LOCK & 0xFFFFFFFF
        self.proc.stdin.write(f"""
SELECT count(pg_terminate_backend(pid)) FROM pg_locks
 WHERE locktype = 'advisory' AND classid = {hi} AND objid = {lo} AND objsubid = 1 AND granted;
SELECT pg_advisory_lock({SEALER_LOCK});
""")
        self.proc.stdin.flush()
        # psql's output to a pipe is buffered: ask the database instead whose the lock is.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.proc.poll() is None:
            held = ctx.sql(f"""
SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
 WHERE l.locktype = 'advisory' AND l.classid = {hi} AND l.objid = {lo} AND l.objsubid = 1 AND l.granted
   AND a.application_name = '{self.APP}'""").strip()
            if held == "1":
                return
            time.sleep(0.2)
        self.release()
        raise RuntimeError("could not take the sealer's lock")

    def release(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def unsealed(ctx: Context) -> int:
    return int(ctx.sql("SELECT count(*) FROM events WHERE seq IS NULL").strip() or 0)


def wait_sealed(ctx: Context, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and unsealed(ctx) > 0:
        time.sleep(0.5)


def chain_runner(ctx: Context, scenario: Scenario, levels: list[int]) -> list[dict[str, Any]]:
    """The write at each level twice in a row: sealer running (chain on), then sealer held off (chain
    off: events stay unsealed, nothing is chained or sent live). The ratio is off's rate to on's."""
    target = write_target(ctx)
    load = write_scenario(ctx, "chain")
    extra = {"write_body": target["body"]}
    rows = []
    ctx.measure(load, levels[0], duration=3, extra=extra)  # warm-up
    for connections in levels:
        # on, off, on, off: the machine's drift (neighbours' builds) falls on both sides alike
        ons, offs, left_unsealed = [], [], 0
        for _ in range(2):
            wait_sealed(ctx)
            ctx.settle()
            ons.append(ctx.measure(load, connections, extra=extra))
            wait_sealed(ctx)
            ctx.settle()
            held = SealerHeld(ctx)
            try:
                before = unsealed(ctx)
                offs.append(ctx.measure(load, connections, extra=extra))
                left_unsealed += unsealed(ctx) - before
            finally:
                held.release()
        on, off = merge(ons), merge(offs)
        on.update(scenario=f"{target['name']}_chain_on", write=False, runs=ons)
        off.update(scenario=f"{target['name']}_chain_off", write=False, runs=offs,
                   ratio=round(off["rps"] / on["rps"], 3) if on["rps"] else None, ratio_to="chain on",
                   note=f"two runs each, alternating; sealer held off: {left_unsealed} events left unsealed; "
                        f"with the chain {on['rps'] / off['rps']:.2f}x the rate without"
                        if off["rps"] else "no writes completed")
        rows += [on, off]
    wait_sealed(ctx)
    return rows


def merge(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Runs of one wrk scenario as one row: summed requests and time, the worse of each percentile."""
    row = dict(runs[0])
    requests = sum(r["requests"] for r in runs)
    seconds = sum(r["duration_s"] for r in runs)
    row.update(requests=requests, duration_s=round(seconds, 2), rps=round(requests / seconds, 1) if seconds else 0.0,
               errors=sum(r["errors"] for r in runs),
               latency_ms={k: max(r["latency_ms"][k] for r in runs) for k in runs[0]["latency_ms"]},
               latency_is_worst_of_runs=True)
    return row


def jvm_memory(pid: int) -> dict[str, float]:
    """Kassa's heap in use after a full GC (jcmd GC.run, then GC.heap_info) and its resident set, in KiB."""
    jcmd = shutil.which("jcmd") or str(Path(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")) / "bin" / "jcmd")
    subprocess.run([jcmd, str(pid), "GC.run"], capture_output=True, timeout=60)
    time.sleep(1)
    info = subprocess.run([jcmd, str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    # G1: one "garbage-first heap ... used NK" line; the serial and parallel collectors (which the JVM picks
    # when split cores leave it one CPU): a line per generation, "DefNew total NK, used NK", "Tenured ..."
    g1 = re.search(r"garbage-first heap.*?used (\d+)K", info)
    generations = [int(n) for n in re.findall(r"total \d+K, used (\d+)K", info)]
    used_kib = float(g1.group(1)) if g1 else float(sum(generations))
    rss = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return {"heap_used_kib": used_kib, "rss_kib": float(rss.group(1)) if rss else 0.0}


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of one process (all its threads), from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent not idle (all cores), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class CpuShare:
    """CPU seconds of Kassa, of the WebSocket client and of the whole machine over a stretch of time."""

    def __init__(self, kassa: int, client: Optional[int]):
        self.kassa, self.client = kassa, client
        self.start = (cpu_seconds(kassa), cpu_seconds(client) if client else 0.0, machine_busy_seconds(),
                      time.monotonic())

    def done(self) -> dict[str, float]:
        k0, c0, m0, t0 = self.start
        k, c = cpu_seconds(self.kassa) - k0, (cpu_seconds(self.client) - c0) if self.client else 0.0
        m, t = machine_busy_seconds() - m0, time.monotonic() - t0
        return {"seconds": round(t, 2), "kassa_cpu_s": round(k, 2), "client_cpu_s": round(c, 2),
                "machine_busy_cpu_s": round(m, 2), "other_cpu_s": round(m - k - c, 2)}


def jcmd(pid: int, *command: str) -> str:
    binary = shutil.which("jcmd") or str(Path(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")) / "bin" / "jcmd")
    return subprocess.run([binary, str(pid), *command], capture_output=True, text=True, timeout=120).stdout


def java_binary() -> str:
    home = os.environ.get("JAVA_HOME")
    for candidate in ([Path(home) / "bin" / "java"] if home else []) + [Path("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")]:
        if candidate.exists():
            return str(candidate)
    return shutil.which("java") or "java"


def read_line(proc: subprocess.Popen, prefix: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 1)
        if ready:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith(prefix):
                return line[len(prefix):].strip()
    raise RuntimeError(f"the WebSocket client printed no {prefix.strip()} line within {timeout:.0f} s "
                       f"(exit {proc.poll()})")


def live_runner(ctx: Context, scenario: Scenario, levels: list[int]) -> list[dict[str, Any]]:
    """For each client count: connect the clients, measure Kassa's memory with them idle, post writes at
    the steady rate and measure commit-to-client latency; then, clients still connected, the write at 16
    connections with wrk; then again with no clients. Rows: live_<n> (latency of events, events/s) and
    <write>_with_subscribers (ratio to the same write without)."""
    target = write_target(ctx)
    rate = float(os.environ.get("BENCH_LIVE_RATE", 50 if ctx.large else 20))
    tokens = ctx.work / "live-tokens.txt"
    tokens.write_text("\n".join(c["token"] for c in ctx.cashiers) + "\n")
    body = ctx.work / "live-body.json"
    body.write_text(target["body"])
    load = write_scenario(ctx, "live_write")
    extra = {"write_body": target["body"]}
    rows = []
    if os.environ.get("BENCH_LIVE_CLIENTS"):
        levels = [int(n) for n in os.environ["BENCH_LIVE_CLIENTS"].split(",")]
    for clients in levels:
        wait_sealed(ctx)
        ctx.settle()
        baseline = jvm_memory(ctx.kassa_pid)
        ws_url = ctx.url.replace("http://", "ws://") + "/ws"
        proc = subprocess.Popen(
            [java_binary(), "-Xss256k", str(BENCH / "ws" / "LiveClients.java"), f"ws={ws_url}", f"tokens={tokens}",
             f"clients={clients}", f"topics={target['topic']}", f"rate={rate}", f"seconds={ctx.duration}",
             f"write_url={ctx.url}{target['path']}", f"write_token={target['token']}", f"body={body}",
             f"key_prefix=live-{ctx.run_id}-{clients}"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
            start_new_session=True)
        try:
            connected = read_line(proc, "CONNECTED ", 300).split()
            subscribed, failed = int(connected[0]), int(connected[1])
            ctx.settle()
            loaded = jvm_memory(ctx.kassa_pid)
            profile = os.environ.get("BENCH_LIVE_PROFILE", "1") != "0"
            kept = getattr(ctx, "results_dir", None) or ctx.work
            if profile:
                # kept with the run's results: what the idle connections hold, and a JFR of the fan-out
                kept.mkdir(parents=True, exist_ok=True)
                (kept / f"live-{clients}-histogram.txt").write_text(
                    "\n".join(jcmd(ctx.kassa_pid, "GC.class_histogram").splitlines()[:60]) + "\n")
                jcmd(ctx.kassa_pid, "JFR.start", "name=live", "settings=default",
                     f"filename={kept / f'live-{clients}.jfr'}")
            heap_per = (loaded["heap_used_kib"] - baseline["heap_used_kib"]) / max(1, subscribed)
            rss_per = (loaded["rss_kib"] - baseline["rss_kib"]) / max(1, subscribed)
            proc.stdin.write("GO\n")
            proc.stdin.flush()
            fan_out_cpu = CpuShare(ctx.kassa_pid, proc.pid)
            result = json.loads(read_line(proc, "RESULT ", ctx.duration + 120))
            fan_out_cpu = fan_out_cpu.done()
            expected = sum(n for s, n in result["writes"]["statuses"].items() if s.startswith("2")) * subscribed
            lat = result["latency_ms"]
            rows.append({
                "scenario": f"live_{target['topic']}", "kind": "websocket", "write": False, "concurrency": clients,
                "requests": result["events"], "duration_s": result["seconds"], "rps": round(result["events_per_s"], 1),
                "latency_ms": {k: lat[k] for k in ("p50", "p90", "p99", "max")},
                "errors": failed + result["closed_early"] + result["writes"]["errors"]
                          + sum(n for s, n in result["writes"]["statuses"].items() if not s.startswith("2")),
                "connected": subscribed, "failed_connections": failed, "closed_early": result["closed_early"],
                "events_expected": expected, "writes": result["writes"],
                "memory": {"baseline": baseline, "connected": loaded, "heap_kib_per_connection": round(heap_per, 1),
                           "rss_kib_per_connection": round(rss_per, 1)},
                "cpu": fan_out_cpu,
                "jvm_us_per_event": round(1e6 * fan_out_cpu["kassa_cpu_s"] / max(1, result["events"]), 2),
                "note": f"{rate} {target['name']} writes/s; events delivered {result['events']} of {expected}; "
                        f"per idle connection {heap_per:.1f} KiB heap, {rss_per:.1f} KiB RSS; "
                        f"rps column = events/s delivered, latency = occurred_at to arrival; Kassa "
                        f"{1e6 * fan_out_cpu['kassa_cpu_s'] / max(1, result['events']):.1f} us CPU per event delivered; CPU s over the run: "
                        f"Kassa {fan_out_cpu['kassa_cpu_s']}, client {fan_out_cpu['client_cpu_s']}, "
                        f"other {fan_out_cpu['other_cpu_s']}",
            })
            ctx.settle()
            with_cpu = CpuShare(ctx.kassa_pid, proc.pid)
            with_subscribers = ctx.measure(load, 16, extra=extra)
            with_cpu = with_cpu.done()
            if profile:
                jcmd(ctx.kassa_pid, "JFR.stop", "name=live")
                import ceiling
                ceiling.summarize(kept / f"live-{clients}.jfr")
        finally:
            if proc.poll() is None:
                try:
                    proc.stdin.write("CLOSE\n")
                    proc.stdin.flush()
                    proc.wait(timeout=30)
                except (BrokenPipeError, subprocess.TimeoutExpired):
                    os.killpg(proc.pid, 9)
                    proc.wait(timeout=10)
        wait_sealed(ctx)
        ctx.settle()
        without_cpu = CpuShare(ctx.kassa_pid, None)
        without = ctx.measure(load, 16, extra=extra)
        without_cpu = without_cpu.done()
        without.update(cpu=without_cpu)
        with_subscribers.update(scenario=f"{target['name']}_with_{clients}_live", write=False,
                                ratio=round(with_subscribers["rps"] / without["rps"], 3) if without["rps"] else None,
                                ratio_to="no live clients", cpu=with_cpu,
                                note=f"CPU s over the run: Kassa {with_cpu['kassa_cpu_s']}, WebSocket client "
                                     f"{with_cpu['client_cpu_s']}, everything else (PostgreSQL, wrk) "
                                     f"{with_cpu['other_cpu_s']}; without clients: Kassa "
                                     f"{without_cpu['kassa_cpu_s']}, other {without_cpu['other_cpu_s']}")
        without.update(scenario=f"{target['name']}_no_live", write=False)
        rows += [with_subscribers, without]
    return rows


SCENARIOS = [
    Scenario(
        name="live",
        description="N WebSocket clients on /ws (a Java process of its own) while writes are posted at 20/s "
                    "(large: 50/s): commit-to-client latency from the event's occurred_at, events/s delivered, "
                    "Kassa's heap and RSS per idle connection; then the write at 16 connections with and "
                    "without the clients connected.",
        method="GET", path="/ws", concurrency=[1000], large_concurrency=[1000, 10000],
        auth=None, runner=live_runner,
    ),
    Scenario(
        name="chain",
        description="The write (a sale, or a product before sales) at 16 connections with the sealer running, "
                    "then with its advisory lock held by the bench so that nothing is sealed: the hash "
                    "chain's cost to writers.",
        method="POST", path="-", concurrency=[16], large_concurrency=[16, 64],
        auth=None, runner=chain_runner,
    ),
]

"""Measures Kassa against the machine's own limit; `bench/run` is the way in (see bench/README.md).

Starts Kassa on a fresh embedded PostgreSQL (or the one KASSA_DB_URL names), seeds users through the
API, runs every scenario of scenarios.py with wrk at each concurrency, runs pgbench (TPC-B-like) on the
same PostgreSQL at the write scenarios' client counts, restarts Kassa once to time a second start,
stops everything it started, prints one table, and writes bench/results/<timestamp>.json and .svg.
Standard library only.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import itertools
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlparse

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import ceiling  # noqa: E402
import chart  # noqa: E402
import cores  # noqa: E402
from scenarios import SCENARIOS, Context, Scenario  # noqa: E402

ADMIN_PASSWORD = "Bench-Admin-Pass-2024-" + secrets.token_hex(4)
CASHIER_PASSWORD = "Bench-Cashier-Pass-42"
MODES = {
    "full": {"duration": 10, "warmup": 10, "cashiers": 12, "pgbench_scale": 10},
    "quick": {"duration": 10, "warmup": 10, "cashiers": 12, "pgbench_scale": 10},
    "large": {"duration": 30, "warmup": 10, "cashiers": 100, "pgbench_scale": 50},
}
QUICK = ["me", "sale_create", "sale_get", "live"]
OPTIONAL = {"event_check_ab"}
"""Scenarios run only when named with --only (A/B comparisons of one change)."""
QUICK_LEVELS = {"sale_create": [16, 64], "me": [64]}
"""--quick's connection counts where they differ: the aims compare sales at 16 and 64."""
"""--quick: the scenarios the aims of bench/README.md need (with the sale-SQL ceilings, TPC-B, the open-loop
runs and the profile), about 8 minutes on a quiet machine."""


INVOCATIONS = (f"w{n}" for n in itertools.count(1))
"""Passed to each wrk run, so that unique() in Lua never repeats across runs of one scenario."""


class Stop(Exception):
    pass


def on_signal(signum, frame):
    raise Stop(f"signal {signum}")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Kassa:
    """One Kassa process started by `./kassa start`, in its own process group."""

    def __init__(self, env: dict[str, str], log_path: Path, data_dir: Optional[Path], prefix: list[str]):
        self.prefix = prefix
        """taskset -c <server cores> in split mode: the JVM and the embedded PostgreSQL (its child) there."""
        self.env = env
        self.log_path = log_path
        self.data_dir = data_dir
        self.proc: Optional[subprocess.Popen] = None
        self.started_seconds: Optional[float] = None
        self.pg_port: Optional[int] = None

    def start(self, timeout: float = 240) -> None:
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with open(self.log_path, "ab") as out:
            self.proc = subprocess.Popen([*self.prefix, str(ROOT / "kassa"), "start"], cwd=ROOT, env=self.env, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log_path.read_text(errors="replace")[offset:]
            port = re.search(r"Embedded PostgreSQL on port (\d+)", text)
            if port:
                self.pg_port = int(port.group(1))
            ready = re.search(r"Started KassaApplication in ([\d.]+) seconds", text)
            if ready:
                self.started_seconds = float(ready.group(1))
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"Kassa exited with {self.proc.returncode} before it was ready; see {self.log_path}")
            time.sleep(0.25)
        raise RuntimeError(f"Kassa was not ready within {timeout:.0f} s; see {self.log_path}")

    def cpu_seconds(self) -> float:
        """CPU time the JVM has used so far (./kassa execs java, so the pid is the JVM's)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def settle(self, limit: float = 90) -> float:
        """Waits until the JVM is quiet (under a fifth of a core for a second): a run that ends leaves
        requests queued in the server (an Argon2 backlog can take many seconds), and the next run must
        not pay for them. Answers the seconds waited."""
        waited = time.monotonic()
        deadline = waited + limit
        while time.monotonic() < deadline:
            before = self.cpu_seconds()
            time.sleep(1)
            if self.cpu_seconds() - before < 0.2:
                break
        return round(time.monotonic() - waited, 1)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=45)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        self.proc = None
        self._stop_orphaned_postgres()

    def _stop_orphaned_postgres(self) -> None:
        """A Kassa killed hard leaves its embedded postmaster running: stop it (fast shutdown)."""
        if self.data_dir is None:
            return
        pid_file = self.data_dir / "postgres" / "postmaster.pid"
        if not pid_file.exists():
            return
        try:
            pid = int(pid_file.read_text().split()[0])
            os.kill(pid, signal.SIGINT)
        except (ValueError, IndexError, ProcessLookupError, PermissionError):
            return
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


class Api:
    def __init__(self, base: str):
        self.base = base

    def __call__(self, method: str, path: str, body: Any = None, token: Optional[str] = None,
                 headers: Optional[dict[str, str]] = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                return error.code, json.loads(raw) if raw else None
            except json.JSONDecodeError:
                return error.code, raw.decode(errors="replace")


def expect(result: tuple[int, Any], what: str) -> Any:
    status, body = result
    if not 200 <= status <= 299:
        raise RuntimeError(f"{what}: HTTP {status}: {body}")
    return body


def seed(api: Api, admin_password: str, cashiers: int, run_id: str) -> Context:
    """Users through the API, as an installation has them: the admin and a shop's cashiers, signed in."""
    admin = expect(api("POST", "/api/v1/auth/login", {"username": "admin", "password": admin_password}),
                   "admin login")["access_token"]
    ctx = Context(api=api, admin_token=admin, run_id=run_id)

    def cashier(i: int) -> dict[str, str]:
        username = f"till{i + 1:03d}-{run_id}"
        user = expect(api("POST", "/api/v1/users", {"username": username, "display_name": f"Till {i + 1}",
                                                     "password": CASHIER_PASSWORD, "roles": ["CASHIER"]}, admin),
                      f"create {username}")
        token = expect(api("POST", "/api/v1/auth/login", {"username": username, "password": CASHIER_PASSWORD}),
                       f"login {username}")["access_token"]
        return {"username": username, "password": CASHIER_PASSWORD, "id": user["id"], "token": token}

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        ctx.cashiers.extend(pool.map(cashier, range(cashiers)))
    return ctx


def lua_literal(value: Any) -> str:
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        out = []
        for ch in value:
            if ch in "\\\"":
                out.append("\\" + ch)
            elif ord(ch) < 32 or ord(ch) == 127:
                out.append(f"\\{ord(ch):03d}")
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'
    if isinstance(value, (list, tuple)):
        return "{" + ", ".join(lua_literal(v) for v in value) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{lua_literal(str(k))}] = {lua_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot pass {type(value).__name__} to Lua")


def run_wrk(url: str, script: Path, connections: int, duration: int) -> dict[str, Any]:
    threads = max(1, min(os.cpu_count() or 2, connections))
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
               "-s", str(script), url, "--", next(INVOCATIONS)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    line = next((l for l in done.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result (exit {done.returncode}): {done.stdout}\n{done.stderr}")
    return json.loads(line[len("BENCH_JSON "):])


def scenario_script(scenario: Scenario, work: Path, tokens: dict[str, list[str]], extra: dict[str, Any],
                    run_id: str) -> Path:
    config: dict[str, Any] = {"method": scenario.method, "path": scenario.path, "body": scenario.body,
                              "run_id": run_id}
    if scenario.auth:
        tokens_file = work / f"tokens-{scenario.auth}.txt"
        tokens_file.write_text("\n".join(tokens[scenario.auth]) + "\n")
        config["tokens_file"] = str(tokens_file)
    config.update(extra)
    script = work / f"{scenario.name}.lua"
    script.write_text(f"bench = {lua_literal(config)}\n"
                      f"dofile({lua_literal(str(BENCH / 'lua' / 'common.lua'))})\n"
                      + (scenario.lua or ""))
    return script


def kassa_row(scenario: Scenario, connections: int, raw: dict[str, Any]) -> dict[str, Any]:
    seconds = raw["duration_us"] / 1e6
    socket_errors = sum(raw["socket_errors"].values())
    return {
        "scenario": scenario.name, "kind": "kassa", "write": scenario.write, "concurrency": connections,
        "requests": raw["requests"], "duration_s": round(seconds, 2),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "latency_ms": {k: round(v / 1000, 2) for k, v in raw["latency_us"].items()},
        "errors": raw["non2xx"] + socket_errors, "non2xx": raw["non2xx"], "socket_errors": raw["socket_errors"],
        "statuses": raw["statuses"],
    }


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


def pgbench_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"PGHOST": db["host"], "PGPORT": str(db["port"]), "PGUSER": db["user"]})
    if db.get("password"):
        env["PGPASSWORD"] = db["password"]
    return env


def psql(db: dict[str, Any], text: str, timeout: float = 1800) -> str:
    """Runs SQL on Kassa's database with psql (stops at the first error); answers the unaligned output."""
    done = subprocess.run(["psql", "-X", "-v", "ON_ERROR_STOP=1", "-Atq", "-d", db["dbname"]], input=text,
                          env=pgbench_env(db), capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"psql failed: {done.stderr.strip()[:2000]}")
    return done.stdout


def pgbench_init(db: dict[str, Any], scale: int) -> None:
    env = pgbench_env(db)
    exists = subprocess.run(["psql", "-d", db["dbname"], "-Atc", "SELECT 1 FROM pg_database WHERE datname = 'bench'"],
                            env=env, capture_output=True, text=True, check=True).stdout.strip()
    if not exists:
        subprocess.run(["psql", "-d", db["dbname"], "-qc", "CREATE DATABASE bench"], env=env, check=True,
                       capture_output=True)
    subprocess.run(["pgbench", "-i", "-q", "-s", str(scale), "bench"], env=env, check=True, capture_output=True,
                   timeout=900)


def pgbench_run(db: dict[str, Any], clients: int, duration: int, work: Path, script: Optional[Path] = None,
                rate: Optional[float] = None, name: str = "pgbench", threads: Optional[int] = None,
                extra: Optional[list[str]] = None) -> dict[str, Any]:
    """pgbench at `clients` for `duration` s: TPC-B in database 'bench', or `script` (-M prepared, as pgjdbc
    sends a statement after its first uses) on Kassa's own database; with `rate`, open loop (-R): each
    transaction's latency counts from its scheduled start (the log's lag added), as a till's would."""
    env = pgbench_env(db)
    logs = work / f"{name}-{clients}-{int(rate or 0)}-{next(INVOCATIONS)}"
    logs.mkdir(exist_ok=True)
    threads = threads or max(1, min(len(os.sched_getaffinity(0)), clients))
    command = ["pgbench", "-n", "-c", str(clients), "-j", str(threads), "-T", str(duration), "-l",
               "--log-prefix", str(logs / "tx")]
    if rate:
        command += ["-R", str(rate)]
    command += [*(extra or []), "-M", "prepared", "-f", str(script), db["dbname"]] if script else ["bench"]
    done = subprocess.run(command, env=env, cwd=logs, capture_output=True, text=True, timeout=duration + 120)
    if done.returncode != 0:
        raise RuntimeError(f"pgbench failed: {done.stdout}\n{done.stderr}")
    found = re.search(r"tps = ([\d.]+) \(without initial connection time\)", done.stdout)
    if found is None:
        # no transaction completed within the run (on a starved machine 64 clients may still be connecting)
        log(f"{name}: pgbench reported no rate: {done.stdout[-500:]} {done.stderr[-500:]}")
    tps = float(found.group(1)) if found else 0.0
    failed = re.search(r"number of failed transactions: (\d+)", done.stdout)
    latencies = []
    for file in logs.glob("tx*"):
        for line in file.read_text().splitlines():
            fields = line.split()
            if len(fields) >= 3 and fields[2].isdigit():
                lag = int(fields[6]) if rate and len(fields) >= 7 and fields[6].isdigit() else 0
                latencies.append((int(fields[2]) + lag) / 1000)
    latencies.sort()
    return {
        "scenario": name, "kind": "pgbench", "write": script is None, "concurrency": clients,
        "requests": len(latencies), "duration_s": duration, "rps": round(tps, 1),
        "latency_ms": {"p50": round(percentile(latencies, 50), 2), "p90": round(percentile(latencies, 90), 2),
                       "p99": round(percentile(latencies, 99), 2),
                       "max": round(latencies[-1], 2) if latencies else 0.0,
                       "mean": round(statistics.fmean(latencies), 2) if latencies else 0.0},
        "errors": int(failed.group(1)) if failed else 0,
        **({"rate": rate} if rate else {}),
    }


def db_counters(db: dict[str, Any]) -> dict[str, int]:
    """Checkpoints and autovacuum/autoanalyze runs so far, to say which rows shared the server with them."""
    for checkpoints in ("(SELECT num_timed + num_requested FROM pg_stat_checkpointer)",
                        "(SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)"):
        done = subprocess.run(["psql", "-X", "-Atc", f"SELECT {checkpoints}, (SELECT coalesce(sum(autovacuum_count "
                               f"+ autoanalyze_count), 0) FROM pg_stat_all_tables)", "-d", db["dbname"]],
                              env=pgbench_env(db), capture_output=True, text=True)
        if done.returncode == 0 and "|" in done.stdout:
            a, b = done.stdout.strip().split("|")
            return {"checkpoints": int(a), "autovacuums": int(b)}
    return {}


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                   if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem_gb = None
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem_gb = round(kb / 1024 / 1024, 1)
    except (OSError, AttributeError):
        pass
    return {"nproc": os.cpu_count(), "memory_gb": mem_gb, "cpu": cpu, "kernel": platform.release(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def fmt(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def table(rows: list[dict[str, Any]]) -> str:
    header = ["scenario", "conc", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "jvm ms/req",
              "pg ms/req", "load core", "ratio", "to"]
    lines = []
    for r in rows:
        ratio = r.get("ratio_to_pgbench")
        to = "pgbench" if ratio is not None else ""
        if r.get("ratio_to_ceiling") is not None:
            ratio, to = r["ratio_to_ceiling"], r["ceiling"]
        if ratio is None and r.get("ratio") is not None:
            ratio, to = r["ratio"], r.get("ratio_to", "")
        lat = r["latency_ms"]
        # No response within the run: wrk has no latency to report, not a latency of zero.
        shown = [fmt(lat[k]) if r["requests"] and (k == "max" or not r.get("no_latency")) else "-"
                 for k in ("p50", "p90", "p99", "max")]
        cpu = r.get("cpu") or {}
        if "jvm_ms_per_request" not in cpu:
            cpu = {}  # the live row's CPU is over its whole run (cpu.kassa_cpu_s), per event in its note
        busy = (f"{100 * cpu['load_cores_busy']:.0f} %" + (" GEN" if r.get("generator_bound") else "")
                + (" busy" if cpu.get("load_cores_contended") else "")) if cpu else ""
        lines.append([r["scenario"], str(r["concurrency"]), fmt(r["rps"]), *shown,
                      str(r["errors"]), f"{cpu['jvm_ms_per_request']:.3f}" if cpu else "",
                      f"{cpu['pg_ms_per_request']:.3f}" if cpu else "", busy,
                      "" if ratio is None else f"{ratio:.3f}", to])
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(header)]
    left = {0, len(header) - 1}
    out = ["  ".join(h.ljust(w) if i in left else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths)))]
    out.append("  ".join("-" * w for w in widths))
    for l in lines:
        out.append("  ".join(v.ljust(w) if i in left else v.rjust(w) for i, (v, w) in enumerate(zip(l, widths))))
    notes = [f"{r['scenario']} {r['concurrency']}: {r['note']}" for r in rows if r.get("note")]
    if any(r.get("generator_bound") for r in rows):
        notes.append("GEN: the load generators used over 90 % of their cores, so the row measured the generator: "
                     "it does not count")
    if any((r.get("cpu") or {}).get("load_cores_contended") for r in rows):
        notes.append("busy: the load cores were over 90 % busy with other programs' work (not the generators')")
    if notes:
        out.append("")
        out.extend(notes)
    return "\n".join(out)


def with_setup(scenario: Scenario, ctx: Context) -> Scenario:
    """The scenario with what its setup gave (bodies, paths) as its Lua's `bench` table, for ctx.measure."""
    import dataclasses
    extra = scenario.setup(ctx) if scenario.setup else {}
    lua = "".join(f"bench[{lua_literal(k)}] = {lua_literal(v)}\n" for k, v in extra.items())
    return dataclasses.replace(scenario, lua=lua + (scenario.lua or ""))


def prepare(db: dict[str, Any], ctx: Context) -> dict[str, float]:
    """Before a scenario: what the earlier ones left is settled, so that its rows measure what they name.
    The sealer and the live hub catch up with the events (a backlog is work of the scenario that made it),
    VACUUM ANALYZE clears the dead rows and refreshes the statistics the earlier writes changed (else
    autovacuum may start in the middle of a measured run), and a CHECKPOINT writes the dirty pages out, so
    that neither the checkpoint nor its full-page writes fall into the measured runs: the warm-up after it
    pays for the full-page images of the pages it touches first."""
    took = {}
    t = time.monotonic()
    deadline = t + 120
    while time.monotonic() < deadline and psql(db, "SELECT count(*) FROM events WHERE seq IS NULL").strip() not in ("", "0"):
        time.sleep(0.5)
    took["sealed_s"] = round(time.monotonic() - t, 1)
    t = time.monotonic()
    psql(db, "VACUUM (ANALYZE)")
    took["vacuum_s"] = round(time.monotonic() - t, 1)
    t = time.monotonic()
    psql(db, "CHECKPOINT")
    took["checkpoint_s"] = round(time.monotonic() - t, 1)
    return took


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description="Measure Kassa against pgbench on the same PostgreSQL.")
    parser.add_argument("--large", action="store_true", help="longer runs, more concurrency levels and data")
    parser.add_argument("--quick", action="store_true", help="only what the aims need (see README): about 8 minutes")
    parser.add_argument("--shared-cores", action="store_true", help="Kassa, PostgreSQL and the load generators "
                        "on every core, as before (default: split, server on one half, load on the other)")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the sale-SQL ceilings, the open-loop "
                        "runs and the profile")
    parser.add_argument("--only", metavar="NAMES", help="comma-separated scenario names to run (default: all)")
    parser.add_argument("--duration", type=int, help="seconds per measured run (default 10, --large 30)")
    parser.add_argument("--warmup", type=int, help="seconds of load before each scenario's measured runs "
                        "(default 10)")
    parser.add_argument("--no-pgbench", action="store_true", help="skip the pgbench comparison")
    parser.add_argument("--no-restart", action="store_true", help="skip timing a second start")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, data)")
    args = parser.parse_args()

    for tool in ["wrk"] + ([] if args.no_pgbench else ["pgbench", "psql"]):
        if shutil.which(tool) is None:
            log(f"{tool} is missing: apt-get update && apt-get install -y wrk postgresql-client")
            return 2

    mode = "large" if args.large else "quick" if args.quick else "full"
    settings = dict(MODES[mode])
    if args.duration:
        settings["duration"] = args.duration
    if args.warmup is not None:
        settings["warmup"] = args.warmup
    scenarios = [s for s in SCENARIOS if s.name in QUICK] if args.quick else \
        [s for s in SCENARIOS if s.name not in OPTIONAL]
    if args.only:
        names = set(args.only.split(","))
        unknown = names - {s.name for s in SCENARIOS}
        if unknown:
            log(f"unknown scenario(s): {', '.join(sorted(unknown))}; known: {', '.join(s.name for s in SCENARIOS)}")
            return 2
        scenarios = [s for s in SCENARIOS if s.name in names]

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    started = datetime.datetime.now(datetime.timezone.utc)
    stamp = started.strftime("%Y%m%d-%H%M%S") + ("-large" if args.large else "-quick" if args.quick else "")
    layout = cores.layout("shared" if args.shared_cores else "split")
    cores.pin_self(layout["load"])
    log(f"cores: {layout['mode']}, server (Kassa, PostgreSQL) on {layout['server']}, load on {layout['load']}")
    run_id = secrets.token_hex(3)
    run_started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="kassa-bench-"))
    external_url = os.environ.get("KASSA_DB_URL", "").strip()
    data_dir = work / "data"
    port = free_port()
    env = dict(os.environ)
    env.update({
        "KASSA_DATA_DIR": str(data_dir), "KASSA_PORT": str(port), "KASSA_LOG_FORMAT": "text",
        "KASSA_SECURITY_ACCESS_TOKEN_TTL": "2h",
        "KASSA_RATE_LIMIT_PER_USER_CAPACITY": "1000000000", "KASSA_RATE_LIMIT_PER_USER_PER_SECOND": "1000000000",
        "KASSA_RATE_LIMIT_PER_ADDRESS_CAPACITY": "1000000000", "KASSA_RATE_LIMIT_PER_ADDRESS_PER_SECOND": "1000000000",
        "KASSA_RATE_LIMIT_LOGIN_CAPACITY": "1000000000", "KASSA_RATE_LIMIT_LOGIN_PER_SECOND": "1000000000",
        # thousands of live clients share a dozen cashiers' tokens, and the login scenario queues many at once
        "KASSA_EVENTS_MAX_CONNECTIONS_PER_USER": "1000000000", "KASSA_SECURITY_MAX_WAITING_LOGINS": "100000",
    })
    if external_url:
        admin_password = os.environ.get("BENCH_ADMIN_PASSWORD") or os.environ.get("KASSA_SECURITY_ADMIN_PASSWORD")
        if not admin_password:
            log("with KASSA_DB_URL, give the admin's password in BENCH_ADMIN_PASSWORD")
            return 2
        env["KASSA_SECURITY_ADMIN_PASSWORD"] = admin_password
    else:
        admin_password = ADMIN_PASSWORD
        env["KASSA_SECURITY_ADMIN_PASSWORD"] = admin_password
        env.pop("KASSA_DB_URL", None)

    kassa = Kassa(env, work / "kassa.log", None if external_url else data_dir, cores.taskset_prefix(layout["server"]))
    result: dict[str, Any] = {
        "started_at": started.isoformat(timespec="seconds"), "mode": mode, "settings": settings,
        "machine": machine(), "kassa": {"commit": git_commit()}, "results": [], "cores": layout,
    }
    rows: list[dict[str, Any]] = result["results"]
    try:
        log(f"starting Kassa on 127.0.0.1:{port} ({'PostgreSQL at ' + external_url if external_url else 'fresh embedded PostgreSQL'}), work dir {work}")
        kassa.start()
        result["kassa"]["first_start_seconds"] = kassa.started_seconds
        java = re.search(r"using Java ([\w.+-]+)", (work / "kassa.log").read_text(errors="replace"))
        result["kassa"]["java"] = java.group(1) if java else "unknown"
        if external_url:
            parsed = urlparse(external_url.removeprefix("jdbc:"))
            db = {"host": parsed.hostname or "127.0.0.1", "port": parsed.port or 5432,
                  "user": os.environ.get("KASSA_DB_USER", "kassa"), "password": os.environ.get("KASSA_DB_PASSWORD", ""),
                  "dbname": parsed.path.lstrip("/") or "postgres", "embedded": False}
        else:
            if kassa.pg_port is None:
                raise RuntimeError("no 'Embedded PostgreSQL on port N' line in Kassa's log")
            # the embedded server's superuser has a generated password since Kassa secures its roles
            # (platform/EmbeddedRoles): the bench's own throw-away database, in the bench's own work dir
            secret = data_dir / "postgres" / "kassa-postgres.secret"
            db = {"host": "127.0.0.1", "port": kassa.pg_port, "user": "postgres",
                  "password": secret.read_text().strip() if secret.exists() else "",
                  "dbname": "postgres", "embedded": True}
        result["database"] = {"embedded": db["embedded"], "port": db["port"]}
        try:
            result["database"]["version"] = subprocess.run(
                ["psql", "-d", db["dbname"], "-Atc", "SHOW server_version"], env=pgbench_env(db),
                capture_output=True, text=True, check=True).stdout.strip()
            max_connections = int(subprocess.run(
                ["psql", "-d", db["dbname"], "-Atc", "SHOW max_connections"], env=pgbench_env(db),
                capture_output=True, text=True, check=True).stdout.strip())
        except (OSError, subprocess.CalledProcessError, ValueError):
            max_connections = 100
        postmaster = cores.postmaster_pid(pgbench_env(db), db["dbname"], None if external_url else data_dir / "postgres")
        if postmaster and external_url:
            cores.pin_process_tree(postmaster, layout["server"])
        result["database"]["postmaster_pid_found"] = postmaster is not None
        if postmaster is None:
            log("PostgreSQL's processes are not on this machine (or not readable): no PostgreSQL CPU per request")

        def metered(run, requests_of=lambda row: row["requests"]) -> dict[str, Any]:
            """One measured run with the CPU of each side (cores.Meter) and the database's background work."""
            before = db_counters(db)
            meter = cores.Meter(layout, kassa.proc.pid, postmaster)
            row = run()
            row["cpu"] = meter.done(requests_of(row))
            row["generator_bound"] = row["cpu"]["generator_bound"]
            after = db_counters(db)
            row["during"] = {k: after[k] - before[k] for k in after if k in before}
            row["started_s"] = round(time.monotonic() - run_started - row["cpu"]["seconds"], 1)
            return row

        api = Api(f"http://127.0.0.1:{port}")
        log(f"seeding {settings['cashiers']} cashiers through the API")
        ctx = seed(api, admin_password, settings["cashiers"], run_id)
        tokens = {"cashier": [c["token"] for c in ctx.cashiers], "admin": [ctx.admin_token]}
        url = f"http://127.0.0.1:{port}"
        ctx.large, ctx.duration, ctx.db, ctx.url, ctx.work = args.large, settings["duration"], db, url, work
        ctx.kassa_pid = kassa.proc.pid
        results_dir = BENCH / "results" / stamp
        ctx.results_dir = results_dir
        ctx.sql = lambda text: psql(db, text)
        ctx.settle = kassa.settle

        def measure(scenario: Scenario, connections: int, duration: Optional[int] = None,
                    extra: Optional[dict[str, Any]] = None) -> dict[str, Any]:
            script = scenario_script(scenario, work, tokens, extra or {}, run_id)
            return metered(lambda: kassa_row(scenario, connections,
                                             run_wrk(url, script, connections, duration or settings["duration"])))

        ctx.measure = measure
        try:
            api_paths = set(expect(api("GET", "/v3/api-docs"), "OpenAPI document").get("paths", {}))
        except RuntimeError:
            api_paths = None

        for scenario in scenarios:
            if scenario.requires and api_paths is not None and scenario.requires not in api_paths:
                log(f"{scenario.name}: skipped, {scenario.requires} is not in this build")
                result.setdefault("skipped", {})[scenario.name] = f"{scenario.requires} is not in this build"
                continue
            levels = QUICK_LEVELS.get(scenario.name, scenario.levels(False)) if args.quick else scenario.levels(args.large)
            result.setdefault("prepared", {})[scenario.name] = prepare(db, ctx)
            if scenario.runner:
                log(f"{scenario.name}: at {levels}")
                try:
                    rows.extend(scenario.runner(ctx, scenario, levels))
                except (RuntimeError, subprocess.SubprocessError, OSError) as failure:
                    log(f"{scenario.name}: FAILED: {failure}")
                    result.setdefault("failed", {})[scenario.name] = str(failure)[:2000]
                continue
            extra = scenario.setup(ctx) if scenario.setup else {}
            script = scenario_script(scenario, work, tokens, extra, run_id)
            log(f"{scenario.name}: warm-up {settings['warmup']} s at {levels[0]}")
            run_wrk(url, script, levels[0], settings["warmup"])
            for connections in levels:
                settled = kassa.settle()
                log(f"{scenario.name}: {connections} connections for {settings['duration']} s"
                    f" (waited {settled} s for the server to go quiet)")
                row = metered(lambda: kassa_row(scenario, connections,
                                                run_wrk(url, script, connections, settings["duration"])))
                row["settled_s"] = settled
                rows.append(row)

        result["seeded"] = {k: v for k, v in ctx.state.items() if k.endswith("_seeded")}

        if not args.no_pgbench:
            clients = sorted({r["concurrency"] for r in rows if r["write"]})
            if clients:
                cap = max(1, max_connections - 50)
                log(f"pgbench: init scale {settings['pgbench_scale']} in database 'bench'")
                pgbench_init(db, settings["pgbench_scale"])
                result["database"]["pgbench_scale"] = settings["pgbench_scale"]
                measured: dict[int, dict[str, Any]] = {}
                for c in clients:
                    run_at = min(c, cap)
                    if run_at not in measured:
                        kassa.settle()
                        log(f"pgbench: {run_at} clients for {settings['duration']} s")
                        measured[run_at] = metered(lambda: pgbench_run(db, run_at, settings["duration"], work))
                        rows.append(measured[run_at])
                    for r in rows:
                        if r["kind"] == "kassa" and r["write"] and r["concurrency"] == c:
                            r["ratio_to_pgbench"] = (round(r["rps"] / measured[run_at]["rps"], 4)
                                                     if measured[run_at]["rps"] else None)
                            r["pgbench_clients"] = run_at

        if not args.no_pgbench and not args.no_ceiling:
            sale = next((s for s in SCENARIOS if s.name == "sale_create"), None)
            try:
                rows.extend(ceiling.runner(ctx, rows, pgbench_run, metered, max_connections,
                                           sale and "shop" in ctx.state and with_setup(sale, ctx), results_dir,
                                           settings["duration"]))
            except Exception as failure:  # noqa: BLE001 - the rest of the run and its results still count
                log(f"ceilings: FAILED: {failure!r}")
                result.setdefault("failed", {})["ceilings"] = str(failure)[:2000]

        if not args.no_restart:
            log("timing a second start on the same data directory")
            kassa.stop()
            kassa.start()
            result["kassa"]["second_start_seconds"] = kassa.started_seconds
    except (Stop, KeyboardInterrupt) as stop:
        log(f"interrupted ({stop or 'Ctrl-C'}); stopping what was started")
        return 130
    finally:
        kassa.stop()
        result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    out = BENCH / "results"
    out.mkdir(exist_ok=True)
    json_path = out / f"{stamp}.json"
    json_path.write_text(json.dumps(result, indent=2) + "\n")
    svg_path = out / f"{stamp}.svg"
    svg_path.write_text(chart.render(result))

    m = result["machine"]
    print(f"\nKassa {result['kassa']['commit']} ({mode}, {settings['duration']} s per run), "
          f"{m['nproc']} cores {m['cpu']}, {m['memory_gb']} GB, "
          f"PostgreSQL {result.get('database', {}).get('version', '?')}")
    print(table(rows))
    k = result["kassa"]
    print(f"\nstart-up to ready: first {k.get('first_start_seconds')} s (initdb + migrations), "
          f"second {k.get('second_start_seconds', '-')} s (data dir exists)")
    print(f"load average at start {m['load_average_at_start']}, at end {m['load_average_at_end']}")
    print(f"results: {json_path.relative_to(ROOT)}  chart: {svg_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

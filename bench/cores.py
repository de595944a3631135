"""Split cores and CPU per request, from /proc (see bench/README.md, "Split cores").

The server side (Kassa's JVM and its PostgreSQL: the embedded one is the JVM's child and inherits its
affinity; an external one on this machine is pinned the same way) runs on the first half of the cores, every
load generator (wrk, the WebSocket client, pgbench, psql, this script itself) on the other half. A Meter
reads, before and after a run, the CPU time (utime + stime) of the JVM and of every PostgreSQL process
(the postmaster with what it reaped from exited backends, cutime + cstime, plus each live child), and how
busy each core was (/proc/stat): CPU time per request is robust to what else runs on the machine, the
request rate is not. A row whose load cores were over 90 % busy is marked generator-bound: it measured the
generator, and does not count.
"""

from __future__ import annotations

import os
import resource
import subprocess
import time
from pathlib import Path
from typing import Any, Optional

TICK = os.sysconf("SC_CLK_TCK")
GENERATOR_BOUND = 0.90


def layout(mode: str) -> dict[str, Any]:
    """The cores of each side: 'split' (default) halves the cores this process may use; 'shared' puts
    everything everywhere, as the bench did before."""
    cores = sorted(os.sched_getaffinity(0))
    if mode == "split" and len(cores) >= 2:
        half = len(cores) // 2
        return {"mode": "split", "server": cores[:half], "load": cores[half:]}
    return {"mode": "shared", "server": cores, "load": cores}


def taskset_prefix(cores: list[int]) -> list[str]:
    return ["taskset", "-c", ",".join(str(c) for c in cores)]


def pin_self(cores: list[int]) -> None:
    """This script and everything it starts from now on (wrk, pgbench, psql, the Java clients) run there."""
    os.sched_setaffinity(0, set(cores))


def pin_process_tree(pid: int, cores: list[int]) -> None:
    """Pins a running process and all its threads, and its children (an external postmaster's backends
    fork from it, so new ones inherit)."""
    for p in [pid, *children(pid)]:
        subprocess.run(["taskset", "-a", "-p", "-c", ",".join(str(c) for c in cores), str(p)],
                       capture_output=True)


def _stat(pid: int) -> Optional[list[str]]:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def process_cpu(pid: int, reaped: bool = False) -> float:
    """utime + stime of a process (all its threads), with cutime + cstime (its waited-for children) if asked."""
    fields = _stat(pid)
    if fields is None:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICK


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def postgres_cpu(postmaster: Optional[int]) -> float:
    """CPU seconds of a PostgreSQL: the postmaster, what it reaped from exited backends, each live child."""
    if not postmaster:
        return 0.0
    return process_cpu(postmaster, reaped=True) + sum(process_cpu(c) for c in children(postmaster))


def core_times() -> dict[int, tuple[int, int]]:
    """Per core: (busy ticks, total ticks) from /proc/stat."""
    out = {}
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("cpu") and line[3:4].isdigit():
            name, *values = line.split()
            v = [int(x) for x in values[:8]]
            idle = v[3] + v[4]
            out[int(name[3:])] = (sum(v) - idle, sum(v))
    return out


def generator_cpu() -> float:
    """CPU seconds of this script and of the generators it has waited for (wrk, pgbench, the Java clients)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + done.ru_utime + done.ru_stime


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


class Meter:
    """CPU of the JVM and of PostgreSQL, and each side's core use, over one measured run."""

    def __init__(self, cores: dict[str, Any], jvm: Optional[int], postmaster: Optional[int]):
        self.cores, self.jvm, self.postmaster = cores, jvm, postmaster
        self.t0 = time.monotonic()
        self.jvm0 = process_cpu(jvm) if jvm else 0.0
        self.pg0 = postgres_cpu(postmaster)
        self.cores0 = core_times()
        self.load0 = load_average()
        self.gen0 = generator_cpu()

    def done(self, requests: int) -> dict[str, Any]:
        seconds = time.monotonic() - self.t0
        jvm = (process_cpu(self.jvm) - self.jvm0) if self.jvm else 0.0
        pg = postgres_cpu(self.postmaster) - self.pg0
        now = core_times()

        def busy(side: str) -> float:
            b = sum(now[c][0] - self.cores0[c][0] for c in self.cores[side] if c in now)
            t = sum(now[c][1] - self.cores0[c][1] for c in self.cores[side] if c in now)
            return round(b / t, 3) if t else 0.0

        per = max(1, requests)
        generators = generator_cpu() - self.gen0
        capacity = seconds * max(1, len(self.cores["load"]))
        out = {
            "seconds": round(seconds, 2), "jvm_cpu_s": round(jvm, 3), "pg_cpu_s": round(pg, 3),
            "jvm_ms_per_request": round(1000 * jvm / per, 3), "pg_ms_per_request": round(1000 * pg / per, 3),
            "server_cores_busy": busy("server"), "load_cores_busy": busy("load"),
            "generator_cpu_s": round(generators, 3), "generator_share": round(generators / capacity, 3),
            "load_average": load_average(), "load_average_before": self.load0,
        }
        # the load cores over 90 % busy by the generators themselves; busy by other programs (a neighbour's
        # build) is contention, said apart, since it slows the generator without it being the limit
        out["generator_bound"] = self.cores["mode"] == "split" and out["generator_share"] > GENERATOR_BOUND
        out["load_cores_contended"] = out["load_cores_busy"] > GENERATOR_BOUND and not out["generator_bound"]
        return out


def postmaster_pid(psql_env: dict[str, str], dbname: str, data_dir: Optional[Path] = None) -> Optional[int]:
    """The postmaster of the PostgreSQL psql reaches, if it runs on this machine: the first line of its
    postmaster.pid (the embedded one's data directory, or read by the server for a superuser)."""
    text = ""
    if data_dir is not None and (data_dir / "postmaster.pid").exists():
        text = (data_dir / "postmaster.pid").read_text()
    else:
        text = subprocess.run(["psql", "-X", "-Atc", "SELECT pg_read_file('postmaster.pid')", "-d", dbname],
                              env=psql_env, capture_output=True, text=True).stdout
    try:
        pid = int(text.split()[0])
    except (ValueError, IndexError):
        return None
    return pid if _stat(pid) is not None else None

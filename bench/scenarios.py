"""The scenarios `bench/run` measures. Adding one is adding one entry to SCENARIOS (see README.md).

Each scenario runs wrk against one endpoint, at each concurrency of its list, for the run's duration.
The requests come from bench/lua/common.lua: by default every (token, body) pair is prepared once and
cycled; `lua` may redefine request() for requests that must differ each time (unique keys, names).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Optional


@dataclass
class Scenario:
    name: str
    """Short name: the table's first column and the results' key."""
    description: str
    """One sentence for the README and the JSON."""
    method: str
    path: str
    """Path under the server; setup() may return another 'path' (e.g. with an id it created)."""
    concurrency: list[int]
    """Open connections, one wrk run each, in quick mode."""
    large_concurrency: Optional[list[int]] = None
    """The same for --large; the quick list when not given."""
    body: Optional[str] = None
    """JSON body sent with every request (setup() may return 'body' or a list 'bodies' instead)."""
    auth: Optional[str] = "cashier"
    """Whose bearer tokens: 'cashier' (round robin over the seeded cashiers), 'admin', or None."""
    lua: Optional[str] = None
    """Lua appended after common.lua; may define request() with unique(), next_token(), json_headers()."""
    setup: Optional[Callable[["Context"], dict[str, Any]]] = None
    """Runs once before the scenario, through the API; what it returns is merged into Lua's `bench`
    table (path, body, bodies, or anything the scenario's Lua reads as bench.<key>)."""
    write: bool = False
    """Writes to the database: its throughput is compared with pgbench's TPC-B at the same clients."""
    runner: Optional[Callable[["Context", "Scenario", list[int]], list[dict[str, Any]]]] = None
    """Instead of wrk at each level: runner(ctx, scenario, levels) measures and answers the rows itself
    (pgbench scripts, the WebSocket client, on/off comparisons). See catalog.py, live.py."""
    requires: Optional[str] = None
    """An API path (as in the OpenAPI document, e.g. '/api/v1/sales') this scenario needs: without it in
    the running build the scenario is skipped with a note, so scenarios can be written before they land."""

    def levels(self, large: bool) -> list[int]:
        return (self.large_concurrency or self.concurrency) if large else self.concurrency


@dataclass
class Context:
    """What a setup hook gets: the API, the admin's token and the seeded cashiers."""
    api: Callable[..., tuple[int, Any]]
    """api(method, path, body=None, token=None, headers=None) -> (status, parsed JSON or None)"""
    admin_token: str
    cashiers: list[dict[str, str]] = field(default_factory=list)
    """Each {'username', 'password', 'id', 'token'}."""
    run_id: str = ""
    large: bool = False
    duration: int = 10
    """Seconds per measured run."""
    sql: Callable[[str], str] = lambda text: ""
    """sql(text) runs statements with psql on Kassa's own database and answers psql's unaligned output."""
    db: dict[str, Any] = field(default_factory=dict)
    """host, port, user, password, dbname of Kassa's PostgreSQL (for pgbench)."""
    url: str = ""
    work: Any = None
    """The run's temporary directory (a Path)."""
    kassa_pid: int = 0
    measure: Callable[..., dict[str, Any]] = lambda *a, **k: {}
    """measure(scenario, connections, duration=None, extra=None) -> one wrk row, as the default runner makes."""
    settle: Callable[[], float] = lambda: 0.0
    """Waits until Kassa's JVM is quiet; answers the seconds waited."""
    state: dict[str, Any] = field(default_factory=dict)
    """Shared between scenarios of one run (seeded products, a location...)."""


def pg_env(db: dict[str, Any]) -> dict[str, str]:
    """The environment for psql/pgbench on Kassa's PostgreSQL (PGHOST, PGPORT, PGUSER, PGPASSWORD)."""
    import os
    env = dict(os.environ)
    env.update({"PGHOST": db["host"], "PGPORT": str(db["port"]), "PGUSER": db["user"]})
    if db.get("password"):
        env["PGPASSWORD"] = db["password"]
    return env


def _login_bodies(ctx: Context) -> dict[str, Any]:
    return {"bodies": [json.dumps({"username": c["username"], "password": c["password"]}) for c in ctx.cashiers]}


SCENARIOS: list[Scenario] = [
    Scenario(
        name="login",
        description="POST /api/v1/auth/login as the seeded cashiers in turn: an Argon2 check (19 MiB, "
                    "2 passes) and a refresh token written; CPU-bound, expect low rates.",
        method="POST", path="/api/v1/auth/login",
        concurrency=[4, 16], large_concurrency=[4, 16, 64],
        auth=None, setup=_login_bodies, write=True,
    ),
    Scenario(
        name="me",
        description="GET /api/v1/me with the cashiers' tokens in turn: JWT check, rate-limit bucket and "
                    "one primary-key read.",
        method="GET", path="/api/v1/me",
        concurrency=[64, 512], large_concurrency=[16, 64, 256, 512, 1024],
    ),
    Scenario(
        name="create_user",
        description="POST /api/v1/users as the admin with a name unique per request (Lua counter): an "
                    "Argon2 hash, then an insert.",
        method="POST", path="/api/v1/users",
        concurrency=[4], large_concurrency=[4, 16],
        auth="admin", write=True,
        lua="""
function request()
  local body = string.format('{"username":"u%s","password":"Bench-Cashier-Pass-42","roles":["CASHIER"]}',
                             unique())
  return wrk.format("POST", bench.path, json_headers(next_token()), body)
end
""",
    ),
]


# Scenarios of the later modules, each file one area; their order here is the order they run in.
# live and chain post sales when the sales scenarios have set a shop up before them, else products.
import catalog  # noqa: E402
import imports  # noqa: E402
import live  # noqa: E402
import papers  # noqa: E402
import sales  # noqa: E402

SCENARIOS.extend(s for s in catalog.SCENARIOS if s.name != "numbers")
SCENARIOS.extend(sales.SCENARIOS)
SCENARIOS.extend(s for s in catalog.SCENARIOS if s.name == "numbers")
SCENARIOS.extend(live.SCENARIOS)
SCENARIOS.extend(imports.SCENARIOS)
SCENARIOS.extend(papers.SCENARIOS)

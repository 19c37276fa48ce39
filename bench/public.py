"""How many requests a second the public pages serve, against a bare Django view on the same server.

Serves the app under gunicorn (2 workers, bench/settings.py: DEBUG off, as deployed) on PostgreSQL,
with the demo partnership (`manage.py load_demo`, as `make run` loads it) and the figures bench's
partnership of 100,000 applications (bench/statistics.py builds it, or reuses it). Then 32 clients
at a time ask for each page for a few seconds (`wrk` when installed, else a small asyncio client),
and the bench reports each page's requests a second, its ratio to the bare view's (`/bench/bare/`,
measured before and after the pages, in the same run) and its p95. Targets: at least 0.5 of the bare
view for the pages that are the same for everyone, at least 0.25 for the question pages.

    DATABASE_URL=postgres://user:password@127.0.0.1:5432/bench make bench   (see bench/README.md)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Run as a script, this folder comes first on sys.path, where statistics.py (the figures bench) would
# stand in for the standard library's `statistics`: the project's root goes there instead.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Any  # noqa: E402

from bench.measure import Target, milliseconds, percentile, table, verdict  # noqa: E402

SAME_FOR_EVERYONE = Target(0.5, unit="", at_least=True)
QUESTION = Target(0.25, unit="", at_least=True)
CLIENTS = 32
WORKERS = 2
BARE_EVERY = 3  # pages measured between two runs of the bare view

# wrk's report, as one line of JSON: requests, seconds, percentiles in microseconds, answers not 2xx.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "not_2xx": %d, "errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    summary.errors.status, errors))
end
"""


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    target: Target
    cookie: str = ""


@dataclass(frozen=True)
class Load:
    """What one page served under load."""

    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    not_2xx: int = 0
    errors: int = 0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk(url: str, seconds: float, cookie: str = "") -> Load:
    """`wrk` at CLIENTS connections on two threads (the machine's cores) for `seconds`."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds:g}s", "--timeout", "30s", "-s", script.name]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)  # noqa: S603
    os.unlink(script.name)
    line = next(line for line in done.stdout.splitlines() if line.startswith("{"))
    figures = json.loads(line)
    return Load(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        not_2xx=figures["not_2xx"],
        errors=figures["errors"],
    )


async def _client(host: str, port: int, request: bytes, until: float, latencies: list[float]) -> int:
    failed = 0
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            await writer.drain()
            answer = await reader.read()
            writer.close()
        except OSError:
            failed += 1
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        if not answer.startswith(b"HTTP/1.1 2") and not answer.startswith(b"HTTP/1.0 2"):
            failed += 1
    return failed


def asyncio_load(url: str, seconds: float, cookie: str = "") -> Load:
    """The same load as `wrk` from Python, where wrk is not installed (it costs the server more CPU)."""
    parsed = urllib.parse.urlsplit(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    lines = [
        f"GET {parsed.path}{'?' + parsed.query if parsed.query else ''} HTTP/1.1",
        f"Host: {host}:{port}",
    ]
    lines += [f"Cookie: {cookie}"] if cookie else []
    request = ("\r\n".join([*lines, "Connection: close", "", ""])).encode()
    latencies: list[float] = []

    async def run() -> int:
        until = time.perf_counter() + seconds
        clients = [_client(host, port, request, until, latencies) for _ in range(CLIENTS)]
        return sum(await asyncio.gather(*clients))

    started = time.perf_counter()
    failed = asyncio.run(run())
    elapsed = time.perf_counter() - started
    return Load(
        requests=len(latencies),
        seconds=elapsed,
        p50_ms=percentile(latencies, 50) if latencies else 0.0,
        p95_ms=percentile(latencies, 95) if latencies else 0.0,
        not_2xx=failed,
    )


def load(url: str, seconds: float, cookie: str = "") -> Load:
    return wrk(url, seconds, cookie) if shutil.which("wrk") else asyncio_load(url, seconds, cookie)


def ratio(page: Load, bare: Load) -> float:
    return page.per_second / bare.per_second if bare.per_second else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(per_year: int) -> dict[str, str]:
    """The database as the server will find it: migrated, the demo partnership, the figures bench's
    partnership of 10 × `per_year` applications. Answers the two partnerships' slugs."""
    import django  # noqa: PLC0415 (only once the settings are chosen)

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from bench import statistics as figures  # noqa: PLC0415
    from community_trigger.agencies.services import demo_partnership_load  # noqa: PLC0415

    if connection.vendor != "postgresql":
        return {}
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    large, _ = figures.data_set(years=10, per_year=per_year)
    return {"demo": demo_partnership_load().slug, "large": large.slug}


def serve(port: int) -> subprocess.Popen[bytes]:
    """gunicorn with the bench's settings, started and answering the bare view."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=120",
        ],
        cwd=HERE.parent,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=30):
                    return server
            except OSError:  # refused while it starts; URLError is one too
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within a minute")
    except BaseException:  # never leave the server behind (Ctrl-C included)
        server.terminate()
        server.wait(timeout=30)
        raise


def question_cookie(base: str, slug: str) -> tuple[str, str]:
    """The first question page (the start button's address, followed) and the cookies a first visit
    leaves (the form's CSRF cookie), which a visitor coming back to the page sends."""
    request = urllib.request.Request(f"{base}/{slug}/apply/")  # noqa: S310 (our own server)
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        path = urllib.parse.urlsplit(answer.url).path
        cookies = answer.headers.get_all("Set-Cookie") or []
    return path, "; ".join(cookie.split(";", 1)[0] for cookie in cookies)


def pages(base: str, slugs: dict[str, str]) -> list[Page]:
    demo, large = slugs["demo"], slugs["large"]
    first_question, cookie = question_cookie(base, demo)
    return [
        Page("home", "/", SAME_FOR_EVERYONE),
        Page("start", f"/{demo}/", SAME_FOR_EVERYONE),
        Page("procedure", f"/{demo}/procedure/", SAME_FOR_EVERYONE),
        Page("figures", f"/{demo}/statistics/", SAME_FOR_EVERYONE),
        Page("figures, CSV", f"/{demo}/statistics.csv", SAME_FOR_EVERYONE),
        Page("figures, JSON", f"/{demo}/statistics.json", SAME_FOR_EVERYONE),
        Page("checker, first page", f"/{demo}/check/", SAME_FOR_EVERYONE),
        Page("figures at 100k applications", f"/{large}/statistics/", SAME_FOR_EVERYONE),
        Page("first question, new visitor", first_question, QUESTION),
        Page("first question, returning visitor", first_question, QUESTION, cookie=cookie),
    ]


def combined(*runs: Load) -> Load:
    """Several runs of one address as one: their requests over their time; the worst percentiles."""
    return Load(
        requests=sum(run.requests for run in runs),
        seconds=sum(run.seconds for run in runs),
        p50_ms=max(run.p50_ms for run in runs),
        p95_ms=max(run.p95_ms for run in runs),
        not_2xx=sum(run.not_2xx for run in runs),
        errors=sum(run.errors for run in runs),
    )


def measure(base: str, slugs: dict[str, str], seconds: float) -> dict[str, Any]:
    """The bare view, then BARE_EVERY pages, the bare view again, and so on, ending with the bare view;
    each page's ratio is to the bare view's runs just before and just after it, so a machine that
    gets busier or quieter during the run moves both sides of each ratio alike."""
    wanted = pages(base, slugs)
    for page in wanted:  # a few times, so each worker has loaded it; and it must answer
        for _ in range(2 * WORKERS):
            with urllib.request.urlopen(f"{base}{page.path}", timeout=60) as answer:  # noqa: S310
                answer.read()
    bare_runs = [load(f"{base}/bench/bare/", seconds)]
    measured: list[tuple[Page, Load, Load]] = []
    for start in range(0, len(wanted), BARE_EVERY):
        group = [
            (page, load(f"{base}{page.path}", seconds, page.cookie))
            for page in wanted[start : start + BARE_EVERY]
        ]
        bare_runs.append(load(f"{base}/bench/bare/", seconds))
        beside = combined(bare_runs[-2], bare_runs[-1])
        for page, served in group:
            measured.append((page, served, beside))
            print(
                f"  {page.name}: {served.per_second:.0f} requests/s, ratio {ratio(served, beside):.2f}",
                file=sys.stderr,
            )
    bare = combined(*bare_runs)
    return {
        "bare": {
            "requests_per_second": round(bare.per_second, 1),
            "runs": [round(run.per_second, 1) for run in bare_runs],
            "p95_ms": round(bare.p95_ms, 1),
        },
        "pages": [
            {
                "page": page.name,
                "path": page.path,
                "requests_per_second": round(served.per_second, 1),
                "bare_requests_per_second": round(beside.per_second, 1),
                "ratio": round(ratio(served, beside), 3),
                "p50_ms": round(served.p50_ms, 1),
                "p95_ms": round(served.p95_ms, 1),
                "not_2xx": served.not_2xx,
                "errors": served.errors,
                "target_ratio": page.target.limit,
            }
            for page, served, beside in measured
        ],
    }


def report(result: dict[str, Any]) -> str:
    bare = result["bare"]
    rows = [
        [
            page["page"],
            f"{page['requests_per_second']:,.0f}",
            f"{page['ratio']:.2f}",
            milliseconds(page["p95_ms"]),
            Target(page["target_ratio"], unit="", at_least=True).words(),
            verdict(page["ratio"], Target(page["target_ratio"], unit="", at_least=True))
            + (f" ({page['not_2xx']} not 2xx)" if page["not_2xx"] else ""),
        ]
        for page in result["pages"]
    ]
    return "\n".join(
        [
            f"on {result['machine']}; {CLIENTS} clients, gunicorn with {WORKERS} workers, {result['tool']}",
            f"bare view: {bare['requests_per_second']:,.0f} requests/s (its runs between the pages: "
            f"{', '.join(f'{run:,.0f}' for run in bare['runs'])}), p95 {milliseconds(bare['p95_ms'])} ms",
            table(["page", "requests/s", "ratio", "p95 ms", "target ratio", ""], rows),
            f"every target met: {'yes' if all_met(result) else 'NO'}",
        ]
    )


def all_met(result: dict[str, Any]) -> bool:
    return all(
        page["ratio"] >= page["target_ratio"] and not page["not_2xx"] and not page["errors"]
        for page in result["pages"]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="load on each page")
    parser.add_argument("--per-year", type=int, default=10_000, help="the figures page's applications a year")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args()
    slugs = prepare(arguments.per_year)
    if not slugs:
        print(
            "public: skipped. Set DATABASE_URL to a PostgreSQL database the bench may use, e.g. "
            "DATABASE_URL=postgres://user:password@127.0.0.1:5432/bench make bench"
        )
        return 0
    from bench import statistics as figures  # noqa: PLC0415 (Django is set up by now)

    port = free_port()
    server = serve(port)
    try:
        result = measure(f"http://127.0.0.1:{port}", slugs, arguments.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["machine"] = figures.machine()
    result["tool"] = "wrk" if shutil.which("wrk") else "asyncio"
    result["all_met"] = all_met(result)
    print(json.dumps(result, indent=2) if arguments.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

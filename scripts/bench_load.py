"""`make bench-load`: the main pages under load, against gunicorn as deployed (docs/benchmarks.md, "Load").

1. A throwaway PostgreSQL database (danvan_benchload_<random>) with the migrations and the demo
   data (its users too: `tinh` is the provincial officer).
2. gunicorn with the production settings (DEBUG off, gunicorn.conf.py, CACHE_URL on Redis under a
   key prefix of its own, collected static files), on a free port of 127.0.0.1; requests say HTTPS
   as the reverse proxy would (X-Forwarded-Proto).
3. For each page, `wrk` (Debian's package): CONNECTIONS clients for SECONDS, after a short warm-up
   that is not counted; the officer's pages with the session cookie of a real sign-in.
4. A Markdown table: requests/s, its ratio to the login page (the trivial dynamic view), latency
   p50/p99, errors (non-2xx/3xx answers and socket errors); then everything is stopped and dropped.

Bounded: 127.0.0.1 only, a fixed duration per page. Usage: python scripts/bench_load.py [--seconds 60]
[--connections 100] [--pages login,home] [--gunicorn-arg=--workers=4 ...] [--set NAME=VALUE ...]
(--set: a setting for the server, e.g. DATABASE_CONN_MAX_AGE=0). BENCH_LOAD_ADMIN_URL: a PostgreSQL
role that may create databases (default postgres://postgres@127.0.0.1:5432/postgres);
BENCH_LOAD_CACHE_URL: the Redis to use (default redis://127.0.0.1:6379/14; none: each process's memory).
"""

import argparse
import datetime
import http.client
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
import redis
from prod_check import free_port, stop  # the same script's folder: gunicorn's port, stopping it
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
OFFICER, PASSWORD = "tinh", "danvan-demo"  # the demo's provincial officer (devtools/demo_data)
STYLESHEET = re.compile(r'href="(/static/css/danvan\.[0-9a-f]{12}\.css)"')
# (name, path, signed in): the login page and a static file are the yardsticks.
PAGES = [
    ("login", "/dang-nhap/", False),
    ("static", None, False),  # the hashed stylesheet the pages name
    ("home", "/", True),
    ("registry list", "/mo-hinh/", True),
    ("dashboard", "/thong-ke/", True),
]
WARM_UP_SECONDS = 5
NOT_INHERITED = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL", "CACHE_KEY_PREFIX",
                 "DANVAN_ENV_FILE", "STATIC_ROOT", "DATABASE_CONN_MAX_AGE", "VIRTUAL_ENV"}


def log(message):
    print(f"bench-load: {message}", file=sys.stderr, flush=True)


# --- The database and the server ----------------------------------------------------------------

def admin_url():
    return os.environ.get("BENCH_LOAD_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def run_sql(template, database):
    with psycopg.connect(admin_url(), autocommit=True) as connection:
        connection.execute(sql.SQL(template).format(sql.Identifier(database)))


def server_env(database, static_root, overrides):
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(
        DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1", DANVAN_ENV_FILE="",
        DATABASE_URL=urlunsplit(urlsplit(admin_url())._replace(path=f"/{database}")),
        STATIC_ROOT=str(static_root), SECURE_PROXY_SSL_HEADER="true",
    )
    cache_url = os.environ.get("BENCH_LOAD_CACHE_URL", "redis://127.0.0.1:6379/14")
    if cache_url != "none":
        env.update(CACHE_URL=cache_url, CACHE_KEY_PREFIX=f"danvan-benchload-{secrets.token_hex(4)}")
    env.update(overrides)
    return env


def manage(env, *args):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env):
    """Migrations, the demo data with its users (they exist only with DEBUG on), static files."""
    manage(env, "migrate", "--noinput", "-v0")
    manage({**env, "DEBUG": "true"}, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v0")


def start_gunicorn(env, port, gunicorn_args, log_file):
    command = [str(GUNICORN), "danvan.wsgi", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
               *gunicorn_args]
    log(" ".join(command))
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_until_up(process, port):
    for _ in range(120):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within 60 s")


# --- Asking the server as the proxy would ---------------------------------------------------------

class Browser:
    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        status, text = answer.status, answer.read().decode("utf-8", "replace")
        for header in answer.headers.get_all("Set-Cookie") or []:
            self.cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        connection.close()
        return status, text

    def sign_in(self):
        self.request("GET", "/dang-nhap/")
        origin = f"https://127.0.0.1:{self.port}"
        status, _text = self.request(
            "POST", "/dang-nhap/", body=urlencode({"csrfmiddlewaretoken": self.cookies["csrftoken"],
                                                 "username": OFFICER, "password": PASSWORD}),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": origin,
                     "Referer": f"{origin}/dang-nhap/"})
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"signing in as {OFFICER} answered {status}")


def resolve_pages(browser, names):
    """(name, path, cookie header or None) of each page, each checked to answer 200 first."""
    status, login_page = Browser(browser.port).request("GET", "/dang-nhap/")
    stylesheet = STYLESHEET.search(login_page)
    if status != 200 or not stylesheet:
        raise SystemExit(f"the login page answered {status} or named no hashed stylesheet")
    pages = []
    for name, path, signed_in in PAGES:
        if name not in names:
            continue
        path = path or stylesheet.group(1)
        asker = browser if signed_in else Browser(browser.port)
        status, text = asker.request("GET", path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        if signed_in and 'class="who"' not in text:
            raise SystemExit(f"{path} does not show the signed-in officer")
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items()) if signed_in else None
        pages.append((name, path, cookie))
    return pages


# --- CPU used by the server ----------------------------------------------------------------------
# On a shared machine requests/s depend on what else runs; the CPU time the server spends per
# request does not (much): it is what the page costs, and 1000 / it is the requests per second
# one free core would serve.

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids) -> dict[int, float]:
    """User + system CPU seconds of each of the processes `pids` still running."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return seconds


def spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two readings by the processes running at the second (a process
    started in between counts whole; one that ended in between is not seen)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def gunicorn_pids(master):
    """gunicorn's master and workers: the processes of its session."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[3]) == master:  # session id
            pids.append(int(stat.parent.name))
    return pids


def database_pids(database):
    """The PostgreSQL server processes of the database's connections (kept open: CONN_MAX_AGE)."""
    with psycopg.connect(admin_url(), autocommit=True) as connection:
        rows = connection.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [database]).fetchall()
    return [pid for (pid,) in rows]


class CpuMeter:
    """CPU seconds spent by gunicorn and by the database's server processes while a page is loaded.
    A PostgreSQL process whose connection closed during the run (DATABASE_CONN_MAX_AGE reached, or 0)
    is not seen: the figure is a lower bound, and that cost shows in requests/s."""

    def __init__(self, master, database):
        self.master, self.database = master, database

    def __enter__(self):
        self.start = cpu_seconds(gunicorn_pids(self.master)), cpu_seconds(database_pids(self.database))
        self.db = bool(self.start[1])
        return self

    def __exit__(self, *exc):
        self.web_seconds = spent(self.start[0], cpu_seconds(gunicorn_pids(self.master)))
        self.db_seconds = spent(self.start[1], cpu_seconds(database_pids(self.database)))


# --- wrk ------------------------------------------------------------------------------------------

def wrk(port, path, cookie, seconds, connections):
    command = ["wrk", "--threads", "2", "--connections", str(connections), "--duration", f"{seconds}s",
               "--timeout", "30s", "--latency", "--header", "X-Forwarded-Proto: https"]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    result = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                            check=True)
    try:
        return parse_wrk(result.stdout)
    except (AttributeError, KeyError) as error:
        raise SystemExit(f"wrk's report is not as expected ({error!r}):\n{result.stdout}{result.stderr}") from error


DURATION = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * DURATION[unit]


def parse_wrk(output):
    """Requests/s, p50 and p99 (ms), requests and errors from wrk's report."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE).group(1)),
        "requests": int(re.search(r"^\s+(\d+) requests in", output, re.MULTILINE).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "errors": (int(bad_status.group(1)) if bad_status else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
    }


def machine():
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.machine())
    return f"{os.cpu_count()} CPU ({model}), Python {platform.python_version()}, {platform.system()}"


def markdown(results, seconds, connections, gunicorn_line, load):
    login = next((r["rps"] for name, _path, r in results if name == "login"), None)
    lines = [
        f"{datetime.date.today():%d/%m/%Y}; {machine()}; {gunicorn_line}; {connections} clients, {seconds} s per page; "
        f"load average {load[0]:.1f} before, {os.getloadavg()[0]:.1f} after.",
        "",
        "| page | requests/s | × login | p50 (ms) | p99 (ms) | requests | errors "
        "| CPU ms/request: gunicorn | PostgreSQL |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, path, r in results:
        ratio = f"{r['rps'] / login:.2f}" if login else "–"
        lines.append(f"| {name} (`{path}`) | {r['rps']:.0f} | {ratio} | {r['p50']:.0f} | {r['p99']:.0f} "
                     f"| {r['requests']} | {r['errors']} | {r['web_cpu']:.1f} "
                     f"| {'–' if r['db_cpu'] is None else format(r['db_cpu'], '.1f')} |")
    return "\n".join(lines)


def gunicorn_summary(log_path):
    """What gunicorn says it runs: the worker class and how many workers booted."""
    text = log_path.read_text(errors="replace")
    kind = re.search(r"Using worker: (\S+)", text)
    booted = len(re.findall(r"Booting worker with pid", text))
    return f"gunicorn {booted} workers ({kind.group(1) if kind else '?'})"


# --- The run -------------------------------------------------------------------------------------

def run(args):
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    work = Path(tempfile.mkdtemp(prefix="danvan-benchload-"))
    database = args.database or f"danvan_benchload_{secrets.token_hex(4)}"
    overrides = dict(item.split("=", 1) for item in args.set)
    env = server_env(database, work / "static", overrides)
    process = None
    if not args.database:
        run_sql("CREATE DATABASE {}", database)
    try:
        log(f"database {database}: migrations, demo data, static files")
        prepare(env)
        port = args.port or free_port()
        log_path = work / "gunicorn.log"
        with log_path.open("w") as log_file:
            process = start_gunicorn(env, port, args.gunicorn_arg, log_file)
        wait_until_up(process, port)
        browser = Browser(port)
        browser.sign_in()
        load = os.getloadavg()
        results = []
        for name, path, cookie in resolve_pages(browser, args.pages.split(",")):
            wrk(port, path, cookie, WARM_UP_SECONDS, args.connections)
            with CpuMeter(process.pid, database) as meter:
                result = wrk(port, path, cookie, args.seconds, args.connections)
            result["web_cpu"] = 1000 * meter.web_seconds / max(result["requests"], 1)
            # None: no connection was kept open (CONN_MAX_AGE=0), the server processes were not seen
            result["db_cpu"] = 1000 * meter.db_seconds / max(result["requests"], 1) if meter.db else None
            log(f"{name}: {result}")
            results.append((name, path, result))
        print(markdown(results, args.seconds, args.connections, gunicorn_summary(log_path), load))
    finally:
        if process is not None:
            stop(process)
        if not args.database:
            run_sql("DROP DATABASE IF EXISTS {} WITH (FORCE)", database)
        if "CACHE_KEY_PREFIX" in env:
            client = redis.Redis.from_url(env["CACHE_URL"])
            for key in client.scan_iter(match=f"{env['CACHE_KEY_PREFIX']}:*", count=1000):
                client.delete(key)
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument("--database", help="an existing database to use (kept), instead of a throwaway one")
    parser.add_argument("--pages", default=",".join(name for name, _path, _signed_in in PAGES))
    parser.add_argument("--gunicorn-arg", action="append", default=[], help="passed to gunicorn (repeat)")
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE: a setting for the server")
    run(parser.parse_args())


if __name__ == "__main__":
    main()

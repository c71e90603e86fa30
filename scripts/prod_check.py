"""`make prod-check`: the README's deployment steps, verbatim, on a fresh clone, end in a working site.

1. Clone the current commit into a temporary folder (uncommitted changes are not in it).
2. Create a throwaway PostgreSQL database (danvan_prodcheck_<random>).
3. Take the README's "Deploying" block that starts gunicorn, give its "your values" lines
   (SITE=, DB_URL=, PORT=, CACHE=) this check's values, and run it with bash in the clone, with a
   clean environment and no terminal. Everything else in it runs as written (the task worker
   included); the environment adds only CACHE_KEY_PREFIX, so that the check's Redis keys are its own.
4. Wait until gunicorn answers, then start the other processes of a deployment (SERVICES, none
   today: the block starts the task worker) with the settings the block wrote.
5. Ask for the main pages as the reverse proxy would (Host, X-Forwarded-Proto: https): 200, the
   hashed CSS served by WhiteNoise, 4 workers; an administrator (created by this check:
   `createsuperuser` needs a terminal) logs in; the dashboard answers through the workers from
   the cache they share in Redis; the task worker the block started imports an uploaded file
   (upload, check, confirm, done).
6. Stop every process (each started in its own process group), drop the database and the
   check's Redis keys.

To check more, add a function to CHECKS (each gets the Site); another process, a line to SERVICES.
Usage: python scripts/prod_check.py [--keep] (PRODCHECK_DATABASE_URL: a PostgreSQL role that may
create databases, default postgres://postgres@127.0.0.1:5432/postgres; PRODCHECK_CACHE_URL: the
Redis database to use, default redis://127.0.0.1:6379/13; PRODCHECK_PORT: gunicorn's port, default a free one).
"""

import argparse
import csv
import http.client
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg  # the virtualenv's (make prod-check runs this with .venv/bin/python)
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
SITE = "danvan-prodcheck.test"  # a name that resolves nowhere: only ever a Host header
YOUR_VALUES = ("SITE", "DB_URL", "PORT", "CACHE")
# What a developer's shell or the calling Makefile may carry and a fresh server would not.
NOT_INHERITED = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL", "DANVAN_ENV_FILE",
    "STATIC_ROOT", "VENV", "PYTHON", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "VIRTUAL_ENV", "CACHE_URL",
    "CACHE_KEY_PREFIX", "DATABASE_CONN_MAX_AGE", "GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_TIMEOUT",
}
PAGES = ["/", "/mo-hinh/", "/thong-ke/", "/dang-nhap/", "/admin/login/"]
OFFICER_PAGES = ["/khao-sat/", "/nhap-xuat/", "/admin/"]
STYLESHEET = re.compile(r'<link rel="stylesheet"[^>]* href="(/static/[^"]+\.[0-9a-f]{12}\.css)"')
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
WORKERS = 4
# The processes of a deployment besides gunicorn: (name, command run in the clone with the
# settings the README's block wrote). Each runs in its own process group until the check ends.
SERVICES: list[tuple[str, list[str]]] = []
START_TIMEOUT = 900  # seconds for `make setup`, migrations, collectstatic and gunicorn to start


class CheckFailed(Exception):
    pass


def log(message):
    print(f"prod-check: {message}", flush=True)


# --- The README -------------------------------------------------------------------------------

def deploy_block(readme: str) -> str:
    """The ```sh block of the "Deploying" section that starts gunicorn."""
    section = re.search(r"^## Deploying.*?(?=^## )", readme, flags=re.MULTILINE | re.DOTALL)
    if section is None:
        raise CheckFailed('README has no "## Deploying" section')
    blocks = [b for b in re.findall(r"^```sh\n(.*?)^```", section.group(0), re.MULTILINE | re.DOTALL)
              if "gunicorn" in b]
    if len(blocks) != 1:
        raise CheckFailed(f'README "Deploying" should have one ```sh block that starts gunicorn, not {len(blocks)}')
    return blocks[0]


def with_values(block: str, values: dict) -> str:
    """The block with each "your values" line (NAME=…) replaced by NAME=<ours>; nothing else changes."""
    lines = block.splitlines()
    for name, value in values.items():
        found = [i for i, line in enumerate(lines) if line.startswith(f"{name}=")]
        if len(found) != 1:
            raise CheckFailed(f"README deploy block: expected one line starting {name}=, found {len(found)}")
        lines[found[0]] = f"{name}={value}"
    return "\n".join(lines) + "\n"


# --- The database -----------------------------------------------------------------------------

def admin_url() -> str:
    return os.environ.get("PRODCHECK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_url(name: str) -> str:
    parts = urlsplit(admin_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


def run_sql(template: str, database: str):
    """CREATE/DROP DATABASE (not allowed in a transaction), the name quoted as an identifier."""
    with psycopg.connect(admin_url(), autocommit=True) as connection:
        connection.execute(sql.SQL(template).format(sql.Identifier(database)))


# --- The site ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


@dataclass
class Site:
    """The running deployment, asked as the reverse proxy asks: Host header, HTTPS said by header."""

    port: int
    folder: Path
    process: subprocess.Popen
    cache_url: str = ""
    cache_prefix: str = ""
    services: dict = field(default_factory=dict)  # name -> subprocess.Popen
    cookies: dict = field(default_factory=dict)

    def request(self, method, path, body=None, headers=None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Host": SITE, "X-Forwarded-Proto": "https", "X-Real-IP": "192.0.2.1", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        response = Response(answer.status, answer.headers, answer.read())
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post_form(self, path, data) -> Response:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{SITE}",
                   "Referer": f"https://{SITE}{path}"}
        return self.request("POST", path, body=urlencode(data), headers=headers)

    def post_file(self, path, field_name, file_name, content: bytes) -> Response:
        """A form with the CSRF token and one file, as a browser sends it (multipart)."""
        boundary = secrets.token_hex(16)
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f'{self.cookies["csrftoken"]}\r\n--{boundary}\r\nContent-Disposition: form-data; '
                f'name="{field_name}"; filename="{file_name}"\r\nContent-Type: text/csv\r\n\r\n').encode()
        body += content + f"\r\n--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Origin": f"https://{SITE}",
                   "Referer": f"https://{SITE}{path}"}
        return self.request("POST", path, body=body, headers=headers)

    def manage(self, *args, **env):
        """`manage.py args…` in the clone, with the deployment's settings (production.env)."""
        environment = clean_env(DANVAN_ENV_FILE=str(self.folder / "production.env"),
                                CACHE_KEY_PREFIX=self.cache_prefix, **env)
        subprocess.run([str(self.folder / ".venv/bin/python"), "manage.py", *args], cwd=self.folder,
                       env=environment, check=True, capture_output=True)


def clean_env(**extra) -> dict:
    return {**{k: v for k, v in os.environ.items() if k not in NOT_INHERITED}, **extra}


def start(block: str, folder: Path, log_file, cache_prefix: str) -> subprocess.Popen:
    return subprocess.Popen(
        ["bash", "-e", "-o", "pipefail", "-c", block], cwd=folder, env=clean_env(CACHE_KEY_PREFIX=cache_prefix),
        stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
    )


def start_services(site: Site, work: Path):
    """SERVICES, each with the settings file the block wrote, its output in <work>/<name>.log."""
    env = clean_env(DANVAN_ENV_FILE=str(site.folder / "production.env"), CACHE_KEY_PREFIX=site.cache_prefix)
    for name, command in SERVICES:
        with (work / f"{name.replace(' ', '-')}.log").open("w") as log_file:
            site.services[name] = subprocess.Popen(
                command, cwd=site.folder, env=env, stdin=subprocess.DEVNULL, stdout=log_file,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        log(f"started {name}: {' '.join(command)}")


def expect_redis(url: str):
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise CheckFailed(f"Redis does not answer at {url} ({error}): start it (redis-server --daemonize yes)") \
            from error


def forget_keys(url: str, prefix: str):
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


def wait_until_up(site: Site, log_path: Path):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if site.process.poll() is not None:
            raise CheckFailed(f"the deploy steps stopped (exit {site.process.returncode}) before gunicorn "
                              f"answered:\n{tail(log_path)}")
        try:
            with socket.create_connection(("127.0.0.1", site.port), timeout=1):
                return
        except OSError:
            time.sleep(1)
    raise CheckFailed(f"gunicorn did not answer within {START_TIMEOUT} s:\n{tail(log_path)}")


def stop(process: subprocess.Popen):
    """End a process group (the block's: bash, gunicorn and its workers; or a service's): TERM, then KILL."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    try:
        os.killpg(process.pid, signal.SIGKILL)  # anything left in the group
    except ProcessLookupError:
        pass


def tail(path: Path, lines=60) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# --- The checks -------------------------------------------------------------------------------

def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def check_pages(site: Site):
    """Each main page answers 200 and names its hashed stylesheet, which WhiteNoise serves."""
    for path in PAGES:
        page = site.get(path)
        expect(page.status == 200, f"{path} answered {page.status}")
        expect("Content-Security-Policy" in page.headers, f"{path} has no Content-Security-Policy")
        stylesheet = STYLESHEET.search(page.text)
        expect(stylesheet, f"{path} names no hashed stylesheet")
        css = site.get(stylesheet.group(1), **{"Accept-Encoding": "gzip"})
        expect(css.status == 200, f"{stylesheet.group(1)} answered {css.status}")
        expect(css.headers.get("Content-Type", "").startswith("text/css"), f"{stylesheet.group(1)} is not CSS")
        expect("immutable" in css.headers.get("Cache-Control", ""), f"{stylesheet.group(1)} not served by WhiteNoise")
        log(f"{path}: 200, {stylesheet.group(1)} served by WhiteNoise")


def check_workers(site: Site):
    """gunicorn runs as the README starts it: a master and its workers."""
    found = subprocess.run(["pgrep", "-s", str(site.process.pid), "-f", "gunicorn danvan.wsgi"],
                           capture_output=True, text=True, check=False).stdout.split()
    expect(len(found) == WORKERS + 1, f"expected gunicorn's master and {WORKERS} workers, found {len(found)}")
    log(f"gunicorn: a master and {WORKERS} workers")


def check_admin_login(site: Site):
    """An administrator logs in (CSRF, secure cookies, sessions and login throttling on PostgreSQL)."""
    password = secrets.token_urlsafe(16)
    site.manage("createsuperuser", "--noinput", "--username", "prodcheck", "--email", "prodcheck@example.gov.vn",
                DJANGO_SUPERUSER_PASSWORD=password)
    site.get("/admin/login/")
    token = site.cookies.get("csrftoken")
    expect(token, "no CSRF cookie on /admin/login/")
    answer = site.post_form("/admin/login/?next=/admin/", {
        "csrfmiddlewaretoken": token, "username": "prodcheck", "password": password, "next": "/admin/",
    })
    expect(answer.status == 302 and answer.headers["Location"] == "/admin/",
           f"admin login answered {answer.status}: {answer.text[:300]}")
    for path in OFFICER_PAGES:
        page = site.get(path)
        expect(page.status == 200, f"{path} answered {page.status} to the administrator")
    log("an administrator logs in; " + ", ".join(OFFICER_PAGES) + ": 200")


def check_task_worker_import(site: Site):
    """The task worker runs beside gunicorn, as the README starts it, and imports an upload through
    the pages: the official list of units loaded by its command, a field added in the admin, then
    the template's example row, renamed, uploaded, checked by the worker, confirmed and imported.
    After check_admin_login (its administrator's session)."""
    found = subprocess.run(["pgrep", "-s", str(site.process.pid), "-f", "manage.py db_worker"],
                           capture_output=True, text=True, check=False).stdout.split()
    expect(len(found) == 1, f"expected one task worker (manage.py db_worker), found {len(found)}")
    site.manage("import_units", "tests/data/nso-ha-tinh-2025-07-01.csv", "--valid-from", "2025-07-01")
    site.get("/admin/models_registry/field/add/")
    added = site.post_form("/admin/models_registry/field/add/", {
        "csrfmiddlewaretoken": site.cookies["csrftoken"], "name": "Kinh tế", "code": "kinh-te", "order": "1",
        "is_active": "on", "_save": "1"})
    expect(added.status == 302, f"adding a field in the admin answered {added.status}: {added.text[:300]}")
    template = site.get("/nhap-xuat/mau/models.csv")
    expect(template.status == 200, f"the models template answered {template.status}")
    headers, example = list(csv.reader(io.StringIO(template.body.decode("utf-8-sig"))))[:2]
    example[1] = "Mô hình kiểm tra triển khai"  # the model's name (the template's example is refused as it is)
    content = io.StringIO()
    csv.writer(content).writerows([headers, example])
    site.get("/nhap-xuat/")
    uploaded = site.post_file("/nhap-xuat/tai-len/models/", "models-file", "kiem-tra.csv", content.getvalue().encode())
    job = re.fullmatch(r"/nhap-xuat/lan-nhap/(\d+)/", uploaded.headers.get("Location", ""))
    expect(uploaded.status == 302 and job, f"the upload answered {uploaded.status}: {uploaded.text[:300]}")
    job_path = job.group(0)
    wait_for_job(site, job_path, "checked")
    site.post_form(f"{job_path}xac-nhan/", {"csrfmiddlewaretoken": site.cookies["csrftoken"]})
    wait_for_job(site, job_path, "done")
    log(f"the task worker checked and imported an upload ({job_path})")


def wait_for_job(site: Site, job_path: str, status: str, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = json.loads(site.get(f"{job_path}trang-thai/").body)
        if state["status"] == status:
            return
        expect(state["status"] in ("checking", "importing"), f"{job_path}: {state}, expected {status}")
        time.sleep(0.5)
    raise CheckFailed(f"{job_path} was not {status} after {timeout} s: {state}")



def check_shared_cache(site: Site):
    """The administrator's dashboard through the 4 workers: the same numbers every time, counted
    once and then found in Redis by every worker (the check's keys do not grow)."""
    client = redis.Redis.from_url(site.cache_url)

    def dashboard_keys():
        return sorted(client.scan_iter(match=f"{site.cache_prefix}:dashboard:*", count=1000))

    def page():
        answer = site.get("/thong-ke/")
        expect(answer.status == 200, f"/thong-ke/ answered {answer.status} to the administrator")
        return CSRF_TOKEN.sub("", answer.text)  # the one part that differs on every answer

    first = page()
    keys = dashboard_keys()
    expect(keys, f"/thong-ke/ left no entry in Redis under {site.cache_prefix}:dashboard:")
    for _ in range(3 * WORKERS):  # gunicorn spreads them over its workers
        expect(page() == first, "/thong-ke/ answered differently when repeated")
    expect(dashboard_keys() == keys, "repeated dashboard views wrote new cache entries: the workers do not share")
    log(f"/thong-ke/: 200 as the administrator, {len(keys)} counting statements kept in Redis for every worker")


CHECKS = [check_pages, check_workers, check_admin_login, check_shared_cache, check_task_worker_import]


# --- The run ----------------------------------------------------------------------------------

def clone(into: Path) -> Path:
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    if subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True,
                      check=True).stdout.strip():
        log("note: uncommitted changes are not part of this check (it clones the commit)")
    folder = into / "danvan"
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(folder)], check=True)
    subprocess.run(["git", "checkout", "--quiet", commit], cwd=folder, check=True)
    log(f"cloned {commit[:12]} into {folder}")
    return folder


def run(keep: bool) -> None:
    work = Path(tempfile.mkdtemp(prefix="danvan-prodcheck-"))
    database = f"danvan_prodcheck_{secrets.token_hex(4)}"
    cache_url = os.environ.get("PRODCHECK_CACHE_URL", "redis://127.0.0.1:6379/13")
    cache_prefix = f"danvan-prodcheck-{secrets.token_hex(4)}"
    expect_redis(cache_url)
    site = None
    try:
        folder = clone(work)
        run_sql("CREATE DATABASE {}", database)
        log(f"created database {database}")
        port = int(os.environ.get("PRODCHECK_PORT") or free_port())  # a free one unless named
        block = with_values(deploy_block((folder / "README.md").read_text()),
                            {"SITE": SITE, "DB_URL": database_url(database), "PORT": str(port), "CACHE": cache_url})
        log_path = work / "deploy.log"
        with log_path.open("w") as log_file:
            site = Site(port, folder, start(block, folder, log_file, cache_prefix), cache_url, cache_prefix)
        log(f"running the README's deploy steps (log: {log_path})")
        wait_until_up(site, log_path)
        start_services(site, work)
        try:
            for check in CHECKS:
                check(site)
        except CheckFailed as failure:
            raise CheckFailed(f"{failure}\n--- the deploy steps' output ---\n{tail(log_path)}") from failure
        log("the README's deployment works")
    finally:
        if site is not None:
            for service in site.services.values():
                stop(service)
            stop(site.process)
        run_sql("DROP DATABASE IF EXISTS {} WITH (FORCE)", database)
        log(f"dropped database {database}")
        forget_keys(cache_url, cache_prefix)
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary clone and its log")
    try:
        run(parser.parse_args().keep)
    except CheckFailed as failure:
        log(f"FAILED: {failure}")
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Every manage.py command the README and docs/ show works as written, after `make run`.

The checkout's files (as git sees them, uncommitted changes included) are copied into a temporary
folder, the virtualenv running these tests is linked there as `.venv`, and `make demo` does what
`make run` does before it serves: writes `.env`, migrates and loads the demo data. Then each ```sh
block that calls manage.py runs there as one bash script, in the folder of the project: the
README's in its order, then those of docs/*.md by file name — all but the blocks of the README's
"Deploying", which `make prod-check` runs on PostgreSQL, and of docs/deploy-*.md (steps for a
server with production settings, whose task worker the README's deploy block starts).
"""

import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Settings a developer's shell would not carry, nor the Makefile that started the tests.
NOT_INHERITED = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DANVAN_ENV_FILE", "VENV", "PYTHON",
    "MAKEFLAGS", "MFLAGS", "MAKELEVEL",
}
# Commands of an optional extra: without it installed, they must say how to install it.
OPTIONAL = {"load_vietnam_provinces": ("vietnam_provinces", "pip install '.[provinces]'")}


PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def readme_blocks():
    """The ```sh blocks of the README and docs/ that call manage.py, but the deployment's
    (the README's "Deploying", docs/deploy-*.md)."""
    blocks = []
    for page in PAGES:
        sections = re.split(r"^(?=## )", page.read_text(), flags=re.MULTILINE)
        for section in sections:
            deploying = page.name == "README.md" and section.startswith("## Deploying")
            if deploying or page.name.startswith("deploy-"):
                continue
            blocks += [b for b in re.findall(r"^```sh\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)
                       if "manage.py" in b]
    return blocks


def test_the_readme_shows_the_commands_this_test_runs():
    commands = "".join(readme_blocks())
    for command in ["export_models", "import_models", "import_counts", "import_units", "import_successions",
                    "load_vietnam_provinces", "axes_reset"]:
        assert f"manage.py {command}" in commands
    for page in PAGES:  # no untested indented examples
        assert "\n    python manage.py" not in page.read_text(), page


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A copy of the checkout after `make demo`, with the tests' virtualenv as .venv."""
    folder = tmp_path_factory.mktemp("readme") / "danvan"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True,
        check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    (folder / ".venv").symlink_to(Path(sys.prefix))
    result = run(["make", "demo"], folder)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def run(command, folder):
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=600,
    )


def missing_optional(block):
    for command, (module, hint) in OPTIONAL.items():
        if f"manage.py {command}" in block and importlib.util.find_spec(module) is None:
            return command, hint
    return None


@pytest.mark.parametrize("index", range(len(readme_blocks())))
def test_readme_block_runs_as_written(checkout, index):
    block = readme_blocks()[index]
    result = run(["bash", "-e", "-o", "pipefail", "-c", block], checkout)
    optional = missing_optional(block)
    if optional:
        assert result.returncode != 0
        assert optional[1] in result.stderr
    else:
        assert result.returncode == 0, f"{block}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def group_commands(pgid: int) -> list[str]:
    table = subprocess.run(["ps", "-eo", "pgid=,args="], capture_output=True, text=True, check=True).stdout
    return [line.split(None, 1)[1] for line in table.splitlines() if line.split(None, 1)[0] == str(pgid)]


def test_make_run_serves_with_the_task_worker_and_ctrl_c_stops_both(checkout):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    make = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=checkout, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 300
        while True:
            assert make.poll() is None and time.monotonic() < deadline, make.stdout.read()
            try:
                assert urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).status == 200
                break
            except OSError:
                time.sleep(0.5)
        running = group_commands(make.pid)
        assert any("manage.py db_worker" in command for command in running), running
        assert any(f"manage.py runserver 127.0.0.1:{port}" in command for command in running), running
        os.killpg(make.pid, signal.SIGINT)  # Ctrl-C in the terminal: the foreground process group
        make.wait(timeout=60)
        deadline = time.monotonic() + 30
        while group_commands(make.pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert group_commands(make.pid) == []
    finally:
        if make.poll() is None or group_commands(make.pid):
            os.killpg(make.pid, signal.SIGKILL)
        make.communicate()

"""The Makefile's choice of interpreter: the first of python3.13/3.12/3.11/python3 that is 3.11–3.13.

Each test runs `make -n setup` (print, do not run) in a folder holding only the Makefile and the
files it reads, with a PATH of stand-in interpreters that print their version, so what is on this
machine does not matter.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ["sh", "cat", "cksum", "cut"]  # what the Makefile's own shell calls need

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    for name in ["Makefile", "requirements.lock", "pyproject.toml"]:
        shutil.copy(ROOT / name, folder / name)
    return folder


@pytest.fixture
def bin_dir(tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in TOOLS:
        (folder / tool).symlink_to(shutil.which(tool))
    return folder


def fake_python(bin_dir, name, version):
    script = bin_dir / name
    script.write_text(f"#!/bin/sh\necho {version}\n")
    script.chmod(0o755)


def make_setup(project, bin_dir, *args):
    return subprocess.run(
        [shutil.which("make"), "-n", "setup", *args], cwd=project, env={"PATH": str(bin_dir)},
        capture_output=True, text=True, check=False,
    )


def test_a_lone_python3_12_is_chosen(project, bin_dir):
    fake_python(bin_dir, "python3.12", "3.12")
    result = make_setup(project, bin_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "python3.12 -m venv .venv"


def test_the_newest_supported_comes_first_and_a_failing_one_is_skipped(project, bin_dir):
    fake_python(bin_dir, "python3.11", "3.11")
    fake_python(bin_dir, "python3.12", "3.12")
    broken = bin_dir / "python3.13"  # like a pyenv shim for a version not selected: it exits 127
    broken.write_text("#!/bin/sh\necho 'pyenv: python3.13: command not found' >&2\nexit 127\n")
    broken.chmod(0o755)
    result = make_setup(project, bin_dir)
    assert result.stdout.splitlines()[0] == "python3.12 -m venv .venv"


def test_python3_is_taken_when_it_is_recent_enough(project, bin_dir):
    fake_python(bin_dir, "python3", "3.13")
    assert make_setup(project, bin_dir).stdout.splitlines()[0] == "python3 -m venv .venv"


def test_python3_10_is_refused_with_a_clear_message(project, bin_dir):
    fake_python(bin_dir, "python3.10", "3.10")
    fake_python(bin_dir, "python3", "3.10")
    result = make_setup(project, bin_dir)
    assert result.returncode != 0
    assert "danvan needs Python 3.11, 3.12 or 3.13" in result.stderr
    assert "python3 (3.10)" in result.stderr
    assert "make PYTHON=" in result.stderr


def test_python_3_14_is_not_taken(project, bin_dir):
    fake_python(bin_dir, "python3", "3.14")  # requires-python stops below 3.14
    fake_python(bin_dir, "python3.11", "3.11")
    assert make_setup(project, bin_dir).stdout.splitlines()[0] == "python3.11 -m venv .venv"


def test_python_given_on_the_command_line_wins_and_is_checked(project, bin_dir):
    fake_python(bin_dir, "python3.13", "3.13")
    fake_python(bin_dir, "python3.11", "3.11")
    chosen = make_setup(project, bin_dir, "PYTHON=python3.11", "VENV=.venv-3.11")
    assert chosen.stdout.splitlines()[0] == "python3.11 -m venv .venv-3.11"
    fake_python(bin_dir, "python3.10", "3.10")
    refused = make_setup(project, bin_dir, "PYTHON=python3.10")
    assert refused.returncode != 0
    assert "PYTHON=python3.10 is not Python 3.11, 3.12 or 3.13 (3.10)" in refused.stderr

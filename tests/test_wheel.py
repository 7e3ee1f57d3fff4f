"""The built wheel works anywhere: installed in a fresh environment, far from the checkout.

The ontology, shapes, schemes, seed, named queries and templates are package data, so
``praxis init`` and ``praxis stats`` run from an installed wheel in any folder. The test
builds the wheel (offline: ``--no-build-isolation`` with the setuptools of this
environment), installs it without dependencies and without an index into a fresh virtual
environment in a temporary folder, and lets that environment see the dependencies through
a plain path line (which does not run the other folder's ``.pth`` files, so the editable
install of this checkout does not leak in). Nothing touches the network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.wheel


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def _source(target: Path) -> Path:
    """The files a build reads, copied (setuptools writes build/ and *.egg-info beside them)."""
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    target.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, target / name)
    for name in ("graph", "explorer", "ontology", "data"):
        shutil.copytree(ROOT / name, target / name, ignore=skip)
    return target


def test_the_wheel_installs_and_runs_init_and_stats_outside_the_checkout(tmp_path):
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    wheels, source = tmp_path / "wheels", _source(tmp_path / "source")
    offline = ("--no-deps", "--no-build-isolation", "--no-index")
    _run(*pip, "wheel", *offline, "-w", wheels, source, cwd=tmp_path)
    (wheel,) = wheels.glob("praxis_graph-*.whl")

    env_dir = tmp_path / "fresh"
    _run(sys.executable, "-m", "venv", "--without-pip", env_dir, cwd=tmp_path)
    python = env_dir / "bin" / "python"
    _run(*pip, "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    fresh_site = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
        ).stdout.strip()
    )
    (fresh_site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")

    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PRAXIS_STORE", "VIRTUAL_ENV")}
    where = _run(python, "-c", "import graph; print(graph.__file__)", cwd=work, env=env).stdout.strip()
    assert Path(where).is_relative_to(env_dir), where

    praxis = env_dir / "bin" / "praxis"
    made = _run(praxis, "init", cwd=work, env=env)
    print(made.stderr.strip())
    assert "Created oxigraph:.praxis/store with" in made.stderr
    stats = _run(praxis, "stats", "--format", "json", cwd=work, env=env)
    print(stats.stdout.strip())
    assert '"Lesson"' in stats.stdout and '"statements"' in stats.stdout
    assert (work / ".praxis" / "store").is_dir()

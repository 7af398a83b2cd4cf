"""scripts/dev.py: the two set-up commands install only what changed and pass arguments through."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dev
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def calls(monkeypatch):
    """Record the commands dev.py would run instead of running them."""
    seen: list[list[str]] = []

    def fake_run(cmd, **kwargs):
        seen.append([str(c) for c in cmd])
        return 0

    monkeypatch.setattr(dev, "run", fake_run)
    monkeypatch.setattr(dev, "hand_over", fake_run)
    return seen


def test_requirements_are_installed_only_when_they_change(tmp_path, calls):
    venv = tmp_path / "venv"
    venv.mkdir()
    (tmp_path / "requirements.txt").write_text("mkdocs==1.6.1\n")
    dev_reqs = tmp_path / "requirements-dev.txt"
    dev_reqs.write_text("-r requirements.txt\npytest==9.2.0\n")
    python = Path("/bin/python-in-venv")

    assert dev.ensure_requirements(python, dev_reqs, venv) is True
    assert calls[-1][-2:] == ["-r", str(dev_reqs)]
    assert calls[-1][:4] == [str(python), "-m", "pip", "install"]
    assert dev.ensure_requirements(python, dev_reqs, venv) is False
    assert len(calls) == 1
    # A change in an included file counts as a change.
    (tmp_path / "requirements.txt").write_text("mkdocs==1.6.2\n")
    assert dev.ensure_requirements(python, dev_reqs, venv) is True
    assert len(calls) == 2


def test_failed_install_leaves_no_stamp(tmp_path, monkeypatch):
    monkeypatch.setattr(dev, "run", lambda cmd, **kw: 1)
    reqs = tmp_path / "requirements.txt"
    reqs.write_text("nothing==0\n")
    with pytest.raises(dev.SetupError, match="pip could not install requirements.txt"):
        dev.ensure_requirements(Path("python"), reqs, tmp_path)
    assert not dev.stamp_path(tmp_path, reqs).exists()


def test_test_command_passes_arguments_to_pytest(monkeypatch, calls):
    monkeypatch.setattr(dev, "ensure_venv", lambda: Path("/venv/bin/python"))
    monkeypatch.setattr(dev, "ensure_requirements", lambda python, reqs, venv=None: False)
    chromium_checked = []
    monkeypatch.setattr(dev, "ensure_chromium", lambda: chromium_checked.append(True) or True)
    assert dev.main(["test", "-k", "scaffold", "-x"]) == 0
    assert calls == [["/venv/bin/python", "-m", "pytest", "-k", "scaffold", "-x"]]
    assert chromium_checked == [True]


def test_serve_validates_then_serves_on_localhost(monkeypatch, calls):
    monkeypatch.setattr(dev, "ensure_venv", lambda: Path("/venv/bin/python"))
    monkeypatch.setattr(dev, "ensure_requirements", lambda python, reqs, venv=None: False)
    assert dev.main(["serve"]) == 0
    assert calls[0] == ["/venv/bin/python", str(ROOT / "scripts" / "validate.py")]
    assert calls[1] == ["/venv/bin/python", "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:8000"]
    calls.clear()
    assert dev.main(["serve", "-a", "127.0.0.1:9000", "--dirty"]) == 0
    assert calls[1] == ["/venv/bin/python", "-m", "mkdocs", "serve", "-a", "127.0.0.1:9000", "--dirty"]


def test_serve_stops_when_records_are_invalid(monkeypatch, capsys):
    monkeypatch.setattr(dev, "ensure_venv", lambda: Path("/venv/bin/python"))
    monkeypatch.setattr(dev, "ensure_requirements", lambda python, reqs, venv=None: False)
    commands = []
    monkeypatch.setattr(dev, "run", lambda cmd, **kw: commands.append(cmd) or 1)
    monkeypatch.setattr(dev, "hand_over", lambda cmd, **kw: commands.append(cmd) or 0)
    assert dev.main(["serve"]) == 1
    assert len(commands) == 1  # never reached mkdocs
    assert "fix the records above" in capsys.readouterr().err


def test_chromium_installed_with_apt_as_root(tmp_path, monkeypatch, calls):
    monkeypatch.setattr(dev.shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None)
    monkeypatch.setattr(dev.os, "geteuid", lambda: 0)
    assert dev.ensure_chromium(tmp_path / "chromium") is False  # the fake apt-get installs nothing
    assert calls == [["/usr/bin/apt-get", "update"],
                     ["/usr/bin/apt-get", "install", "-y", "--no-install-recommends", "chromium"]]


def test_chromium_missing_without_root_says_what_to_do(tmp_path, monkeypatch, calls, capsys):
    monkeypatch.setattr(dev.os, "geteuid", lambda: 1000)
    assert dev.ensure_chromium(tmp_path / "chromium") is False
    assert calls == []
    assert "apt-get install --no-install-recommends chromium" in capsys.readouterr().err


def test_unknown_command_is_one_clear_line(capsys):
    assert dev.main(["deploy"]) == 2
    assert capsys.readouterr().err.strip() == "dev.py: unknown command 'deploy'; use one of: serve, test, build, build-properdocs"


def test_makes_a_working_venv_once(tmp_path):
    venv = tmp_path / ".venv"
    python = dev.ensure_venv(venv)
    assert subprocess.run([str(python), "-c", "import sys; print(sys.prefix)"], capture_output=True,
                          text=True, check=True).stdout.strip() == str(venv)
    made = (venv / "pyvenv.cfg").stat().st_mtime_ns
    assert dev.ensure_venv(venv) == python
    assert (venv / "pyvenv.cfg").stat().st_mtime_ns == made


def test_dev_py_uses_only_the_standard_library():
    """It must run before any dependency is installed: import it with no site-packages."""
    result = subprocess.run([sys.executable, "-S", "-I", str(ROOT / "scripts" / "dev.py"), "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "python3 scripts/dev.py serve" in result.stdout


def test_local_url_follows_site_url(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nsite_url: https://example.github.io/inspections/\n")
    assert dev.local_url("councils/leeds/", config) == "http://127.0.0.1:8000/inspections/councils/leeds/"
    config.write_text("site_name: x\n")
    assert dev.local_url("", config) == "http://127.0.0.1:8000/"

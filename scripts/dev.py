#!/usr/bin/env python3
"""The project's two set-up commands (standard library only, Python 3.11+):

    python3 scripts/dev.py serve   # make .venv, install requirements.txt, check records, serve on 127.0.0.1:8000
    python3 scripts/dev.py test    # make .venv, install requirements-dev.txt and chromium, run the whole test suite

and two extras:

    python3 scripts/dev.py build             # make .venv, check records, `mkdocs build --strict` into site/
    python3 scripts/dev.py build-properdocs  # the same with ProperDocs (MkDocs 1.x continued), in .venv-properdocs

Anything after the command goes to the tool it runs, e.g.
`python3 scripts/dev.py test -k scaffold -x` or `python3 scripts/dev.py serve --dirty`.
Dependencies are installed again only when a requirements file changed
(its hash is stamped inside .venv).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
# ProperDocs gets its own environment (requirements-properdocs.txt), so .venv stays as requirements-dev.txt makes it.
PROPERDOCS_VENV = ROOT / ".venv-properdocs"
PROPERDOCS_REQUIREMENTS = ROOT / "requirements-properdocs.txt"
CHROMIUM = Path("/usr/bin/chromium")
MIN_PYTHON = (3, 11)
SERVE_ADDRESS = "127.0.0.1:8000"


def say(message: str) -> None:
    print(f"dev.py: {message}", file=sys.stderr, flush=True)


class SetupError(Exception):
    """Something the person running the command must fix; printed as one message."""


def venv_python(venv: Path = VENV) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(cmd: list[str], **kwargs) -> int:
    """Run a command in the repository, letting Ctrl-C reach it rather than us."""
    try:
        return subprocess.call([str(c) for c in cmd], cwd=ROOT, **kwargs)
    except KeyboardInterrupt:
        return 130


def hand_over(cmd: list, env: dict | None = None) -> int:
    """Run the final command in place of this process (POSIX), so that Ctrl-C and
    `kill` reach it directly and nothing is left running behind us."""
    cmd = [str(c) for c in cmd]
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.chdir(ROOT)
        os.execve(cmd[0], cmd, env if env is not None else dict(os.environ))
    return run(cmd, env=env)


# --- The virtual environment -------------------------------------------------------


def _works(python: Path) -> bool:
    if not python.exists():
        return False
    try:
        return subprocess.run([str(python), "-c", "import sys; assert sys.version_info >= (3, 11)"],
                              capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def ensure_venv(venv: Path = VENV) -> Path:
    """Create the virtual environment if it is missing or broken (e.g. made by a Python since removed)."""
    python = venv_python(venv)
    if _works(python):
        return python
    say(f"creating the virtual environment {venv.relative_to(ROOT) if venv.is_relative_to(ROOT) else venv}")
    import venv as venv_module  # imported here: only needed the first time

    try:
        venv_module.EnvBuilder(with_pip=True, clear=venv.exists(), upgrade_deps=False).create(venv)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SetupError(f"could not create {venv} ({exc}). On Debian or Ubuntu install the venv module first: "
                         f"apt-get install python3-venv") from None
    if not _works(python):
        raise SetupError(f"{python} does not run after creating the virtual environment; "
                         "remove the .venv folder and try again")
    return python


def requirements_digest(path: Path) -> str:
    """Hash of a requirements file and every file it includes with -r, so any change is seen."""
    digest = hashlib.sha256()
    seen: set[Path] = set()

    def add(file: Path) -> None:
        file = file.resolve()
        if file in seen:
            return
        seen.add(file)
        text = file.read_bytes()
        digest.update(file.name.encode() + b"\0" + text + b"\0")
        for line in text.decode("utf-8").splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] in ("-r", "--requirement"):
                add(file.parent / parts[1])

    add(path)
    return digest.hexdigest()


def stamp_path(venv: Path, requirements: Path) -> Path:
    return venv / f".installed-{requirements.name}.sha256"


def ensure_requirements(python: Path, requirements: Path, venv: Path = VENV) -> bool:
    """Install pinned requirements when they changed since the last install. Returns True if it installed."""
    digest = requirements_digest(requirements)
    stamp = stamp_path(venv, requirements)
    if stamp.exists() and stamp.read_text().strip() == digest:
        return False
    say(f"installing pinned dependencies from {requirements.name} (the first time takes a few minutes)")
    code = run([python, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", requirements])
    if code != 0:
        raise SetupError(f"pip could not install {requirements.name} (exit {code}); see its messages above")
    stamp.write_text(digest + "\n")
    return True


# --- Chromium for the browser tests ----------------------------------------------


def ensure_chromium(chromium: Path = CHROMIUM) -> bool:
    """Make sure Debian's chromium is installed for the browser tests.

    As root with apt-get (a fresh Debian machine, CI), install it; otherwise say
    what to do. Returns True when chromium is there.
    """
    if chromium.exists():
        return True
    apt = shutil.which("apt-get")
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if apt and is_root:
        say("installing Debian's chromium for the browser tests (apt-get)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if run([apt, "update"], env=env) == 0 and run(
                [apt, "install", "-y", "--no-install-recommends", "chromium"], env=env) == 0 and chromium.exists():
            return True
        say("apt-get could not install chromium; the browser tests will be skipped or fail")
        return False
    say(f"{chromium} is missing, so the browser tests cannot run. Install Debian's chromium package, e.g. "
        "`sudo apt-get install --no-install-recommends chromium`, then run this again.")
    return False


# --- For scripts run with a Python that lacks the dependencies ---------------------


def rerun_in_venv(script: str, missing: ImportError) -> None:
    """Run `script` again under .venv, making it first if needed, so that
    `python3 scripts/new_record.py ...` works on a fresh clone. Never returns."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        say(f"{missing}; run `python3 scripts/dev.py build` to install the pinned dependencies")
        raise SystemExit(2)
    try:
        python = ensure_venv()
        ensure_requirements(python, ROOT / "requirements.txt")
    except SetupError as exc:
        say(str(exc))
        raise SystemExit(1) from None
    sys.stdout.flush()
    os.execv(str(python), [str(python), script, *sys.argv[1:]])


# --- Commands --------------------------------------------------------------------


def validate_records(python: Path) -> None:
    if run([python, ROOT / "scripts" / "validate.py"]) != 0:
        raise SetupError("fix the records above (see CONTRIBUTING.md, 'Fixing common errors'), then run this again")


def mkdocs_env() -> dict[str, str]:
    # Material 9.8 prints an end-of-life notice on every build; it is not ours to act on.
    return dict(os.environ, NO_MKDOCS_2_WARNING="1")


def local_url(path: str = "", config: Path = ROOT / "mkdocs.yml") -> str:
    """Where `mkdocs serve` shows a page: it serves under the path of `site_url`."""
    base = "/"
    try:
        for line in config.read_text(encoding="utf-8").splitlines():
            match = re.match(r"site_url:\s*['\"]?https?://[^/\s]+(/[^\s'\"#]*)?", line)
            if match:
                base = match.group(1) or "/"
                break
    except OSError:
        pass
    return f"http://{SERVE_ADDRESS}{base.rstrip('/')}/{path.lstrip('/')}"


def cmd_serve(extra: list[str]) -> int:
    python = ensure_venv()
    ensure_requirements(python, ROOT / "requirements.txt")
    validate_records(python)
    address = [] if any(a in ("-a", "--dev-addr") or a.startswith("--dev-addr=") for a in extra) else [
        "--dev-addr", SERVE_ADDRESS]
    say(f"serving the site at {local_url()} (Ctrl-C to stop); editing a record rebuilds it")
    return hand_over([python, "-m", "mkdocs", "serve", *address, *extra], env=mkdocs_env())


def cmd_build(extra: list[str]) -> int:
    python = ensure_venv()
    ensure_requirements(python, ROOT / "requirements.txt")
    validate_records(python)
    return hand_over([python, "-m", "mkdocs", "build", "--strict", *extra], env=mkdocs_env())


def ensure_properdocs() -> Path:
    """The Python of .venv-properdocs, made and brought up to requirements-properdocs.txt if needed."""
    python = ensure_venv(PROPERDOCS_VENV)
    ensure_requirements(python, PROPERDOCS_REQUIREMENTS, PROPERDOCS_VENV)
    return python


def cmd_build_properdocs(extra: list[str]) -> int:
    python = ensure_properdocs()
    validate_records(python)
    # -f: ProperDocs looks for properdocs.yml first and notes that reading mkdocs.yml is a fallback.
    return hand_over([python, "-m", "properdocs", "build", "--strict", "-f", ROOT / "mkdocs.yml", *extra],
                     env=mkdocs_env())


def cmd_test(extra: list[str]) -> int:
    python = ensure_venv()
    if ensure_requirements(python, ROOT / "requirements-dev.txt"):
        # requirements-dev.txt includes requirements.txt: that one is now installed too.
        stamp_path(VENV, ROOT / "requirements.txt").write_text(requirements_digest(ROOT / "requirements.txt") + "\n")
    ensure_chromium()
    return hand_over([python, "-m", "pytest", *extra])


COMMANDS = {"serve": cmd_serve, "test": cmd_test, "build": cmd_build, "build-properdocs": cmd_build_properdocs}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if sys.version_info < MIN_PYTHON:
        say(f"needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; this is {sys.version.split()[0]}")
        return 2
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__.strip())
        return 0 if argv else 2
    command, extra = argv[0], argv[1:]
    if command not in COMMANDS:
        say(f"unknown command '{command}'; use one of: {', '.join(COMMANDS)}")
        return 2
    try:
        return COMMANDS[command](extra)
    except SetupError as exc:
        say(str(exc))
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

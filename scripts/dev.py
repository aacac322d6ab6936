"""The README's two commands: `python3 scripts/dev.py run` and `python3 scripts/dev.py test`.

Standard library only, so it works on a fresh machine with nothing but Python 3.11+: it makes `.venv`, installs the
project into it, installs the Debian packages the GUI and the browser tests need when it can (root and apt), then
runs the app against a local server with demo data, or the whole test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
VAR = ROOT / "var"  # demo run data: server database, blobs, keys, the client store
SERVER_ADDR = ("127.0.0.1", 8765)

# Qt's xcb platform plugin and the tests' browser, screen and CJK fonts (Debian names).
QT_RUNTIME = ["libegl1", "libgl1", "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1",
              "libxcb-shape0", "libxcb-randr0", "libxcb-render-util0", "libxcb-xinerama0", "libxcb-image0",
              "libdbus-1-3", "libfontconfig1", "fonts-noto-cjk"]
TEST_TOOLS = ["xvfb", "xauth", "chromium", "poppler-utils"]
PYTEST_OUTCOMES = {0: "all passed", 1: "SOME TESTS FAILED (listed above)", 2: "interrupted", 3: "internal error",
                   4: "usage error", 5: "no tests collected"}


def log(msg: str) -> None:
    print(f"[dev] {msg}", flush=True)


def run(cmd: list[str | Path], **kw) -> None:
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)


def ensure_apt(packages: list[str]) -> None:
    """Install missing Debian packages when we are root on a Debian-like system; otherwise say what is missing."""
    missing = [p for p in packages if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode != 0] \
        if shutil.which("dpkg") else []
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        log(f"missing system packages (install them with your package manager): {' '.join(missing)}")
        return
    log(f"installing system packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)


def ensure_venv() -> None:
    """Create .venv and (re)install the project when pyproject.toml changed since the last install."""
    if not PY.exists():
        log("creating .venv")
        run([sys.executable, "-m", "venv", VENV])
    stamp = VENV / ".installed"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    log("installing the project and its test tools into .venv")
    run([PY, "-m", "pip", "install", "-q", "--upgrade", "pip"])
    run([PY, "-m", "pip", "install", "-q", "-e", ".[test]"])
    stamp.write_text(digest)


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}; see {VAR / 'server.log'}")
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)  # polling a process we do not control; the loop is bounded by the deadline
    raise SystemExit(f"the server did not answer {url} within {timeout:.0f} s")


def cmd_run(args: argparse.Namespace) -> int:
    ensure_apt(QT_RUNTIME + (["xvfb", "xauth"] if not has_display() else []))
    ensure_venv()
    if not has_display() and shutil.which("xvfb-run") and not os.environ.get("FI_UNDER_XVFB"):
        log("no display found: running under Xvfb (screen :99-like virtual display)")
        os.environ["FI_UNDER_XVFB"] = "1"
        os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1440x900x24",
                               sys.executable, __file__, "run", *sys.argv[2:]])
    env = {**os.environ, "FIELD_INSPECTOR_SERVER_DATA": str(VAR / "server"),
           "FIELD_INSPECTOR_DATA": str(VAR / "client")}
    server = ROOT / ".venv" / "bin" / "field-inspector-server"
    if not (VAR / "server" / ".demo-loaded").exists():
        log(f"creating the local server database with {args.targets} demo targets")
        run([server, "init", "--admin", "admin", "--password", "demo-2025"], env=env)
        run([PY, "-m", "demo", "server", "--targets", str(args.targets)], env=env)
        (VAR / "server" / ".demo-loaded").touch()
    host, port = SERVER_ADDR
    log(f"starting the local server on http://{host}:{port}")
    with open(VAR / "server.log", "ab") as out:
        proc = subprocess.Popen([server, "serve", "--host", host, "--port", str(port)], env=env, cwd=ROOT,
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_healthy(f"http://{host}:{port}/healthz", proc)
        log("opening the desktop app (demo users: zhang.wei / demo-2025)")
        return subprocess.run([ROOT / ".venv" / "bin" / "field-inspector", "run", "--server",
                               f"http://{host}:{port}", "--demo"], env=env, cwd=ROOT).returncode
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_test(args: argparse.Namespace) -> int:
    ensure_apt(QT_RUNTIME + TEST_TOOLS)
    ensure_venv()
    started = time.monotonic()
    lint = subprocess.run([PY, "-m", "ruff", "check", "."], cwd=ROOT).returncode
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # Two workers, a test file each at a time (module fixtures such as the bundle build run once); most tests wait on
    # a server process, a browser or the disk, so two workers fit a 2-core machine.
    # A worker that dies is not replaced: under loadfile a replacement can wait for work that never comes (xdist
    # issue #1378) and the run hangs until CI's limit; this way the run ends at once with the crash in its output.
    parallel = ["-n", os.environ.get("FI_TEST_WORKERS", "2"), "--dist", "loadfile", "--max-worker-restart", "0"]
    tests = subprocess.run([PY, "-m", "pytest", "-rfE", *parallel, *args.pytest_args], cwd=ROOT, env=env).returncode
    minutes, seconds = divmod(int(time.monotonic() - started), 60)
    log("summary: ruff " + ("clean" if lint == 0 else "FOUND PROBLEMS")
        + "; pytest " + (PYTEST_OUTCOMES.get(tests, f"exit code {tests}"))
        + f"; {minutes} min {seconds} s")
    return lint or tests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="set up, start a local server with demo data, open the desktop app")
    p_run.add_argument("--targets", type=int, default=500, help="demo targets to generate the first time")
    p_run.set_defaults(func=cmd_run)
    p_test = sub.add_parser("test", help="set up and run ruff and the whole test suite")
    p_test.add_argument("pytest_args", nargs=argparse.REMAINDER, help="extra pytest arguments, e.g. -m long")
    p_test.set_defaults(func=cmd_test)
    args = parser.parse_args()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

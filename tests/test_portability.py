"""The desktop client runs on Windows laptops (README, "Windows"): no POSIX-only module or call in `app/`, no
hard-coded Unix folder outside the per-platform font list, data under platformdirs' folders."""

from __future__ import annotations

import ast
from pathlib import Path

from app.store import paths

APP = Path(__file__).resolve().parents[1] / "app"
POSIX_MODULES = {"fcntl", "pwd", "grp", "termios", "resource", "posix", "pty", "tty", "crypt", "syslog"}
POSIX_CALLS = {
    "os": {"fork", "forkpty", "getuid", "geteuid", "getgid", "chown", "lchown", "killpg", "setsid", "getpgid",
           "setpgid", "mkfifo", "sync", "nice", "uname", "statvfs"},
    "signal": {"SIGKILL", "SIGALRM", "SIGHUP", "SIGUSR1", "SIGUSR2", "alarm", "setitimer", "pause"},
}  # fmt: skip
UNIX_FOLDERS = ("/tmp", "/var/", "/home/", "/usr/", "/etc/", "/proc/")
PER_PLATFORM = {
    "app/documents/fonts.py",  # known font paths of Linux, macOS and Windows, tried in turn
    "app/store/trusted_time.py",  # Linux's boot id; elsewhere empty (OSError), and a reboot shows as uptime going down
}


def _sources() -> list[tuple[str, ast.Module]]:
    return [(str(p.relative_to(APP.parent)), ast.parse(p.read_text(encoding="utf-8"))) for p in APP.rglob("*.py")]


def test_no_posix_only_module_or_call_in_the_client() -> None:
    found = []
    for name, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [f"{name}: import {a.name}" for a in node.names if a.name.split(".")[0] in POSIX_MODULES]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in POSIX_MODULES:
                found.append(f"{name}: from {node.module} import …")
            elif _posix_call(node):
                found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def _posix_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.attr in POSIX_CALLS.get(node.value.id, set())
    )


def test_no_hard_coded_unix_folder_in_the_client() -> None:
    found = [
        f"{name}:{node.lineno}: {node.value!r}"
        for name, tree in _sources()
        if name not in PER_PLATFORM
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(UNIX_FOLDERS)
    ]
    assert found == []


def test_the_data_folder_comes_from_the_platform(monkeypatch) -> None:
    monkeypatch.delenv(paths.DATA_ENV, raising=False)
    root = paths.data_root()
    assert root.name == "field-inspector" and root.is_absolute()
    assert paths.default_store_path("zhang.wei") == root / "zhang.wei" / paths.STORE_FILENAME

"""The package rules of docs/ARCHITECTURE.md, read from the source: SQL only in app/store, Qt only through
app/ui/qt.py, the demo data set (demo/) imported by neither the app nor the server, and who may import whom."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"

# SQL in a string: a statement, or a WHERE fragment as `Store.list(model, "x = ?")` took before `Store.find`.
SQL_TEXT = re.compile(
    r"\b(SELECT|INSERT INTO|DELETE FROM|UPDATE \w+ SET|PRAGMA|BEGIN|COMMIT|ROLLBACK|CREATE (TABLE|INDEX)|DROP)\b"
    r"|\w+ (=|<|>|LIKE) \?|\bIN \(\?|\bIS (NOT )?NULL\b"
)
# Reaching for a database connection: sqlite modules, a connection's methods, the store's private connection.
DB_CODE = re.compile(
    r"\bsqlite3\b|\bsqlite_utils\b|\._db\b|\.conn\b|\.(execute|executemany|executescript|query|atomic)\("
)
QT_GATE = "app/ui/qt.py"
ENTRY_POINT = "app/__main__.py"  # starts the UI: the one module outside app/ui that imports it
QT_MODULES = ("PySide6", "shiboken6")
CORE = ("app/models", "app/rules", "app/store", "app/sync")  # no service, document, report or UI above them
SERVICES = ("app/planning", "app/onsite")
READERS = ("app/documents", "app/reports")  # read records through the store, not through the services


def _modules(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)  # `from app import demo`
    return found


def _strings_and_code(path: Path) -> tuple[list[str], list[str]]:
    strings, code = [], []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            strings.append(token.string)
        elif token.type not in (tokenize.COMMENT,):
            code.append(token.line)
    return strings, code


def test_no_sql_outside_the_store() -> None:
    leaks = []
    for path in _modules("app"):
        if _name(path).startswith("app/store/"):
            continue
        strings, lines = _strings_and_code(path)
        leaks += [f"{_name(path)}: SQL text {s[:60]!r}" for s in strings if SQL_TEXT.search(s)]
        leaks += [f"{_name(path)}: {line.strip()[:80]}" for line in dict.fromkeys(lines) if DB_CODE.search(line)]
    assert leaks == []


def test_the_checks_see_a_leak() -> None:
    """The patterns above catch what they are for (a rule that matches nothing proves nothing)."""
    assert SQL_TEXT.search("SELECT id FROM targets") and SQL_TEXT.search("team = ? AND status IN (?, ?)")
    assert SQL_TEXT.search("revoked_at IS NULL") and not SQL_TEXT.search("请先选择检查结果 / choose a result")
    assert DB_CODE.search("store._db.execute('x')") and DB_CODE.search("with store.db.atomic():")
    assert not DB_CODE.search("self.runner.run(job)")


def test_qt_is_imported_only_through_app_ui_qt() -> None:
    offenders = [
        _name(path)
        for path in _modules("app", "server")
        if _name(path) != QT_GATE and any(i.split(".")[0] in QT_MODULES for i in _imports(path))
    ]
    assert offenders == []
    outside_ui = [
        _name(path)
        for path in _modules("app", "server")
        if not _name(path).startswith("app/ui/")
        and _name(path) != ENTRY_POINT
        and any(i.startswith("app.ui") for i in _imports(path))
    ]
    assert outside_ui == []


def test_neither_the_app_nor_the_server_imports_the_demo() -> None:
    """The demo ships with neither: it is the checkout's tool (`python -m demo`), for scripts, tests and benches."""
    offenders = [
        f"{_name(path)} imports {i}"
        for path in _modules("app", "server")
        for i in sorted(_imports(path))
        if i == "demo" or i.startswith("demo.")
    ]
    assert offenders == []


def test_layers_import_only_downwards() -> None:
    def reaching(folders: tuple[str, ...], above: tuple[str, ...]) -> list[str]:
        banned = tuple(a.replace("/", ".") for a in above)
        return [
            f"{_name(path)} imports {i}"
            for path in _modules(*folders)
            for i in sorted(_imports(path))
            if i.startswith(banned)
        ]

    assert reaching(CORE, (*SERVICES, *READERS, "app/ui")) == []
    assert reaching(READERS, SERVICES) == []
    assert reaching(SERVICES, (*READERS, "app/ui")) == []


def test_one_bilingual_error_base_and_one_shanghai_zone() -> None:
    """Shared pieces are written once: `zh`/`en` are set only by app/errors.py, UTC+8 made only in shanghai.py."""
    sets_zh = [
        _name(path)
        for path in _modules("app", "server")
        if re.search(r"self\.zh\s*[,=]", path.read_text(encoding="utf-8")) and _name(path) != "app/errors.py"
    ]
    assert sets_zh == []
    utc8 = [
        _name(path)
        for path in _modules("app", "server")
        if re.search(r"hours=8\b|Asia/Shanghai", path.read_text(encoding="utf-8"))
    ]
    assert utc8 == ["app/rules/shanghai.py"]


# The UI thread never waits on the database worker: no store stand-in that blocks (BlockingStore, removed in issue 13),
# no blocking call on the runner, no unbounded wait on an event or a thread's queue in app/ui (closing excepted: the
# runner and the sync thread wait for their workers to finish once, when the app ends).
UI_BLOCKING = re.compile(r"\bBlockingStore\b|\brunner\.call\(|\.call\(lambda store|\bEvent\(\)\.wait\(\)|\.wait\(\)$")
CLOSE_WAITS = {"app/ui/runner.py": {"thread.wait()"}}


def test_the_ui_thread_never_waits_on_the_database_worker() -> None:
    from app.ui.runner import Runner

    assert not hasattr(Runner, "call"), "Runner.call blocked the UI thread: use run(op, on_done, on_error)"
    offenders = []
    for path in _modules("app/ui", "scripts", "tests/ui", "tests/helpers"):
        allowed = CLOSE_WAITS.get(_name(path), set())
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#")[0].strip()
            if UI_BLOCKING.search(code) and not any(a in code for a in allowed):
                offenders.append(f"{_name(path)}:{number}: {code[:80]}")
    assert offenders == []


def test_the_blocking_check_sees_a_blocking_store() -> None:
    assert UI_BLOCKING.search("self._store = BlockingStore(runner)")
    assert UI_BLOCKING.search("return self.runner.call(lambda store: store.get(Plan, plan_id))")
    assert UI_BLOCKING.search("finished.wait()") and not UI_BLOCKING.search("finished.wait(timeout)")

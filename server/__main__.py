"""`field-inspector-server`: serve, init, load-catalogue, create-user, rotate-key, import-targets, import-users,
grade, file-signal, backup, restore. (Demo data: `python -m demo server`, from the checkout.)"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from app.models import Role
from server import production
from server.core.config import Settings
from server.core.logging import configure_logging
from server.db.engine import is_postgres, make_engine, make_sessionmaker
from server.db.migrate import upgrade
from server.signing import KeyRing

if TYPE_CHECKING:
    from fastapi import FastAPI


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="field-inspector-server", description="卫监外勤 central server")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate the database and serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--workers", type=int, default=1, help="server processes on the port (PostgreSQL only; SQLite takes one)"
    )
    init = commands.add_parser("init", help="migrate the database, create the signing key and the first admin")
    init.add_argument("--admin", required=True, help="admin username")
    init.add_argument("--password", required=True)
    init.add_argument("--name", default="管理员")
    init.add_argument("--team", default="办公室")
    init.add_argument("--district", default="310105")
    commands.add_parser("load-catalogue", help="load the checklist catalogue (new and changed checklists only)")
    user = commands.add_parser("create-user", help="add an inspector, team lead or admin")
    user.add_argument("--username", required=True)
    user.add_argument("--password", required=True)
    user.add_argument("--name", required=True)
    user.add_argument("--role", choices=[r.value for r in Role], default=Role.INSPECTOR.value)
    user.add_argument("--team", required=True)
    user.add_argument("--district", default="310105")
    user.add_argument("--certificate-no")
    commands.add_parser("rotate-key", help="make a new signing key current (old keys still verify)")
    backup = commands.add_parser("backup", help="copy the database, blobs and signing keys into a new folder")
    backup.add_argument("--to", required=True, help="a new or empty folder")
    restore = commands.add_parser("restore", help="restore a backup into an empty database and data folder")
    restore.add_argument("--from", dest="source", required=True, help="the backup folder")
    grade = commands.add_parser("grade", help="grade targets (信用+风险 A–D) now; after a configuration change, all")
    grade.add_argument("--target", action="append", default=[], help="a target id (repeatable); default: every target")
    grade.add_argument("--config", help="the grading configuration (JSON); default FI_GRADING_CONFIG or the filed one")
    grade.add_argument("--every", type=float, help="grade again every this many hours, until stopped (the schedule)")
    signal = commands.add_parser(
        "file-signal", help="file a grading signal for a target (credit repair, complaints found true, licence, …)"
    )
    signal.add_argument("target", help="the target id, or its 统一社会信用代码")
    signal.add_argument("name", help="the signal: " + ", ".join(sorted(_fileable())))
    signal.add_argument("value", help="its value: a number, or for licence valid, expiring, expired or missing")
    signal.add_argument("--note", default="", help="where it comes from (信用平台, 许可部门…)")
    signal.add_argument("--by", default="admin", help="who files it (kept with the filing)")
    for kind, what in (
        ("targets", "targets (检查对象) by credit code"),
        ("users", "users with 执法证号 and teams"),
        ("catalogue", "checklists and items with legal bases (a used checklist gets a new version)"),
    ):
        imp = commands.add_parser(f"import-{kind}", help=f"import {what} from an xlsx or CSV export")
        imp.add_argument("file", help="the xlsx or CSV file")
        imp.add_argument("--district", default="310105")
        imp.add_argument("--dry-run", action="store_true", help="check and report only; write nothing")
        imp.add_argument("--json", action="store_true", help="print the whole report as JSON")
        if kind == "users":
            imp.add_argument(
                "--deactivate-missing",
                action="store_true",
                help="the file is the whole staff list: deactivate (never delete) the district's users it omits",
            )
    verify = commands.add_parser(
        "verify-record", help="check a printed site record's seal (its FI-SEAL1:… line or QR text) against the server"
    )
    verify.add_argument("seal", nargs="+", help="the seal as printed (may be split over several arguments)")
    return parser


SQLITE_ONE_WORKER = (
    "SQLite 只能由一个服务进程使用，多进程请用 PostgreSQL / SQLite takes one server process: each process serialises "
    "its own writers only, so two processes read the same record version and both write the next one (lost "
    "updates); use PostgreSQL (DATABASE_URL=postgresql://…) for --workers > 1"
)


_LOG_LEVEL = "FI_LOG_LEVEL"


def worker_app() -> FastAPI:
    """The app of one server process, its logging set up as the parent's (workers are fresh interpreters)."""
    from server.api.app import create_app

    configure_logging(os.environ.get(_LOG_LEVEL, "INFO"))
    app = create_app()
    gc.collect()  # what is garbage now is not frozen with the rest
    gc.freeze()  # the modules and the app live as long as the process: full collections no longer walk them
    return app


# A laptop's sync is a run of requests with its own work between them (a page written, the next push made): with
# uvicorn's 5 s, a busy laptop's next request met the server closing the idle connection (RemoteDisconnected, 18 of
# 2,213 pulls at 200 laptops in bench/bench_load.py). Idle connections cost a file descriptor and a little memory.
KEEP_ALIVE_SECONDS = 60


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    """Serve with `--workers` processes; the database is migrated and the signing key made once, before they start."""
    import uvicorn

    if args.workers < 1:
        raise ValueError("--workers 至少为 1 / --workers must be at least 1")
    engine = make_engine(settings.database_url)
    try:
        if args.workers > 1 and not is_postgres(engine):
            raise ValueError(SQLITE_ONE_WORKER)
        upgrade(engine)
        KeyRing.load_or_create(settings.key_dir)
        if production.production():
            with make_sessionmaker(engine)() as session:
                problems = production.default_secrets(settings, session)
            if problems:
                raise ValueError(production.refusal(problems))
    finally:
        engine.dispose()
    os.environ[_LOG_LEVEL] = args.log_level.upper()
    uvicorn.run(
        "server.__main__:worker_app",  # each worker builds its app from the same environment
        factory=True,
        workers=args.workers,
        host=args.host,
        port=args.port,
        log_config=None,
        log_level=args.log_level,
        access_log=False,  # server.access logs each request with its duration
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


def _with_session(settings: Settings, work) -> object:
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        with make_sessionmaker(engine)() as session:
            result = work(session)
            session.commit()
        return result
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    configure_logging(args.log_level.upper() if args.command == "serve" else "WARNING")
    settings = Settings.from_env()
    try:
        return _run(settings, args)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2


def _run(settings: Settings, args: argparse.Namespace) -> int:
    from server.accounts import create_user

    if args.command == "serve":
        _serve(settings, args)
    elif args.command == "init":
        keys = KeyRing.load_or_create(settings.key_dir)
        _with_session(
            settings,
            lambda s: create_user(
                s,
                username=args.admin,
                password=args.password,
                name=args.name,
                role=Role.ADMIN,
                team=args.team,
                district=args.district,
            ),
        )
        print(f"已创建管理员 / admin {args.admin} created; signing key {keys.current_id}")
    elif args.command == "load-catalogue":
        from server import catalogue

        print(json.dumps(_with_session(settings, catalogue.load), ensure_ascii=False))
    elif args.command == "create-user":
        _with_session(
            settings,
            lambda s: create_user(
                s,
                username=args.username,
                password=args.password,
                name=args.name,
                role=Role(args.role),
                team=args.team,
                district=args.district,
                certificate_no=args.certificate_no,
            ),
        )
        print(f"已创建用户 / user {args.username} created")
    elif args.command in ("import-targets", "import-users", "import-catalogue"):
        return _import(settings, args)
    elif args.command == "grade":
        while True:  # once, or on a schedule with --every
            print(json.dumps(_with_session(settings, lambda s: _grade(s, args)), ensure_ascii=False), flush=True)
            if not args.every:
                break
            time.sleep(args.every * 3600)
    elif args.command == "file-signal":
        print(json.dumps(_with_session(settings, lambda s: _file_signal(s, args)), ensure_ascii=False))
    elif args.command in ("backup", "restore"):
        from pathlib import Path

        from server import backup

        done = (
            backup.backup(settings, Path(args.to))
            if args.command == "backup"
            else backup.restore(settings, Path(args.source))
        )
        print(json.dumps(asdict(done), ensure_ascii=False))
    elif args.command == "rotate-key":
        keys = KeyRing.load_or_create(settings.key_dir)
        print(f"当前签名密钥 / current signing key: {keys.rotate()}")
    elif args.command == "verify-record":
        return _verify_record(settings, " ".join(args.seal))
    return 0


def _verify_record(settings: Settings, text: str) -> int:
    """Say whether a printed record matches the record the server holds: 0 valid, 1 not valid, 3 unknown."""
    from server.sync import seal_rule

    verdict = _with_session(settings, lambda s: seal_rule.check_printed(s, text))
    print(verdict.headline)
    print(verdict.detail)
    return {seal_rule.VALID: 0, seal_rule.INVALID: 1}.get(verdict.status, 3)


def _import(settings: Settings, args: argparse.Namespace) -> int:
    """Run an import (server/imports) and print its report: counts, refused rows with reasons, changed fields."""
    from pathlib import Path

    from sqlalchemy.orm import Session

    from app.models.imports import ImportReport
    from server.imports.catalogue import import_catalogue
    from server.imports.reader import FileRefusal
    from server.imports.targets import import_targets
    from server.imports.users import import_users

    def catalogue(session: Session, data: bytes, *, district: str, username: str, dry_run: bool) -> ImportReport:
        return import_catalogue(session, data, username=username, dry_run=dry_run)

    importer = {"import-targets": import_targets, "import-users": import_users, "import-catalogue": catalogue}[
        args.command
    ]
    data = Path(args.file).read_bytes()
    extra = {"deactivate_missing": True} if getattr(args, "deactivate_missing", False) else {}
    try:
        report = _with_session(
            settings,
            lambda s: importer(s, data, district=args.district, username="importer", dry_run=args.dry_run, **extra),
        )
    except FileRefusal as exc:
        print(exc.message, file=sys.stderr)
        return 2
    if args.json:
        print(report.model_dump_json(indent=1))
        return 0
    print(
        f"{'预检（未写入） / dry run, nothing written' if report.dry_run else '已导入 / imported'}: "
        f"{report.rows} 行 rows, 新增 created {report.created_count}, 更新 updated {report.updated_count}, "
        f"未变 unchanged {report.unchanged_count}, 拒绝 refused {report.refused_count}"
    )
    for row in report.refused:
        print(f"  第 {row.row} 行 row {row.row} {row.key} {row.name}: " + "; ".join(row.messages))
    for row in report.updated:
        changes = ", ".join(f"{c.field}: {c.old!r} → {c.new!r}" for c in row.changes)
        print(f"  更新 updated {row.key} {row.name}: {changes}")
    for row in report.deactivated:
        print(f"  停用 deactivated {row.key} {row.name}（名单中没有 / not in the file）")
    for username, password in report.initial_passwords.items():
        print(f"  初始密码 initial password {username}: {password}")
    if report.ignored_columns:
        print("  未识别的列 / columns ignored: " + ", ".join(report.ignored_columns))
    return 0


def _grade(session: object, args: argparse.Namespace) -> dict[str, object]:
    """Grade the named targets, or every one; only changed grades are written, each with its history step."""
    from pathlib import Path

    from app.resources import load_grading_config
    from server import grading

    config = load_grading_config(Path(args.config)) if args.config else grading.config_from_env()
    if args.target:
        changes = grading.regrade(session, args.target, config=config, reason="on_demand")
    else:
        changes = grading.regrade_all(session, config=config, reason="on_demand")
    grades: dict[str, int] = {}
    for change in changes:
        grades[change.after] = grades.get(change.after, 0) + 1
    return {"config_version": config.version, "changed": len(changes), "changed_to": grades}


def _fileable() -> frozenset[str]:
    from server.grading import FILEABLE

    return FILEABLE


def _number_or_text(text: str) -> object:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def _file_signal(session: object, args: argparse.Namespace) -> dict[str, object]:
    """File one signal (a number, or a licence status) for a target found by id or credit code, and re-grade it."""
    from sqlalchemy import select

    from server import grading
    from server.db.tables import RecordRow

    value = _number_or_text(args.value)
    found = session.scalars(  # type: ignore[attr-defined]
        select(RecordRow.id).where(
            RecordRow.entity == "targets", RecordRow.deleted.is_(False), RecordRow.id == args.target
        )
    ).first()
    if found is None:
        by_code = grading.find_records(session, "targets", "credit_code", [args.target])  # type: ignore[arg-type]
        if not by_code:
            raise ValueError(f"找不到检查对象 {args.target} / no such target: {args.target}")
        found = by_code[0]["id"]
    changes = grading.file_signal(session, found, args.name, value, note=args.note, by=args.by)  # type: ignore[arg-type]
    return {
        "target_id": found,
        "signal": args.name,
        "value": value,
        "changes": [{"before": c.before, "after": c.after, "score": c.score, "moved": c.moved} for c in changes],
    }


if __name__ == "__main__":
    sys.exit(main())

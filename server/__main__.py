"""`field-inspector-server`: serve, init, load-demo, create-user, rotate-key."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from app.models import Role
from server.core.config import Settings
from server.core.logging import configure_logging
from server.db.engine import make_engine, make_sessionmaker
from server.db.migrate import upgrade
from server.signing import KeyRing


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="field-inspector-server", description="卫监外勤 central server")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate the database and serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--log-level", default="info")
    init = commands.add_parser("init", help="migrate the database, create the signing key and the first admin")
    init.add_argument("--admin", required=True, help="admin username")
    init.add_argument("--password", required=True)
    init.add_argument("--name", default="管理员")
    init.add_argument("--team", default="办公室")
    init.add_argument("--district", default="310105")
    demo = commands.add_parser("load-demo", help="load the demo data set, the checklist catalogue and demo users")
    demo.add_argument("--targets", type=int, default=300)
    demo.add_argument("--seed", type=int, default=1)
    user = commands.add_parser("create-user", help="add an inspector, team lead or admin")
    user.add_argument("--username", required=True)
    user.add_argument("--password", required=True)
    user.add_argument("--name", required=True)
    user.add_argument("--role", choices=[r.value for r in Role], default=Role.INSPECTOR.value)
    user.add_argument("--team", required=True)
    user.add_argument("--district", default="310105")
    user.add_argument("--certificate-no")
    commands.add_parser("rotate-key", help="make a new signing key current (old keys still verify)")
    return parser


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn

    from server.api.app import create_app

    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_config=None,
        log_level=args.log_level,
        access_log=False,  # server.access logs each request with its duration
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
    from server.demo_load import load_demo

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
    elif args.command == "load-demo":
        counts = _with_session(settings, lambda s: load_demo(s, args.targets, args.seed))
        print(json.dumps(counts, ensure_ascii=False))
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
    elif args.command == "rotate-key":
        keys = KeyRing.load_or_create(settings.key_dir)
        print(f"当前签名密钥 / current signing key: {keys.rotate()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

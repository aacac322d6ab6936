"""`field-inspector`: the desktop app (`run`, the default) and the bundle's `self-check`. (Demo data for a store:
`python -m demo store`, from the checkout.)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import __version__

DEFAULT_USER = "zhang.wei"  # the demo inspector, until enrollment (login) names the user


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="field-inspector", description="卫监外勤 Field Inspector")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="open the main window on a user's local store (the default command)")
    run.add_argument("--user", default=DEFAULT_USER, help=f"whose local store to open (default {DEFAULT_USER})")
    run.add_argument("--store", type=Path, help="open this store file instead of the user's default one")
    run.add_argument("--lang", choices=("zh", "en"), help="interface language (default: last used, else zh)")
    run.add_argument("--server", metavar="URL", help="sync with this server (sign in once; offline without it)")
    run.add_argument("--demo", action="store_true", help="fill in the demo password and sign in at once")
    check = sub.add_parser("self-check", help="open the window on a filled store and render a document (bundle test)")
    check.add_argument("--store", type=Path, required=True, help="a store with targets in it (python -m demo store)")
    check.add_argument("--pdf", type=Path, required=True, help="where to write the rendered one-page form")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["run", *argv]
    args = _parser().parse_args(argv)
    if args.command == "self-check":
        from app.ui.self_check import run_self_check

        return run_self_check(args.store, args.pdf)
    if args.server and not args.server.startswith(("http://", "https://")):
        print(f"服务器地址须以 http:// 或 https:// 开头：{args.server} / "
              f"the server address must start with http:// or https://: {args.server}", file=sys.stderr)
        return 2
    from app.store import StoreError
    from app.ui.application import run

    try:
        return run(args.store, args.user, args.lang, args.server, args.demo)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

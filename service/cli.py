"""The `zitat` command: serve, analyze, evaluate, openapi, version."""

from __future__ import annotations

import argparse
import atexit
import json
import os
import sys
import tempfile
from pathlib import Path

from . import __version__
from .config import REPO_ROOT

GUNICORN_CONF = REPO_ROOT / "deploy" / "gunicorn.conf.py"


def cmd_serve(args: argparse.Namespace) -> int:
    """Run gunicorn with deploy/gunicorn.conf.py; start an embedded Redis when REDIS_URL is unset."""
    if not os.environ.get("REDIS_URL") and not args.no_redis:
        from .redis_server import RedisServer

        server = RedisServer(port=args.redis_port).start()
        atexit.register(server.stop)
        os.environ["REDIS_URL"] = server.url
        print(f"zitat: embedded Redis on {server.url}", file=sys.stderr)
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="zitat-metrics-")
    if args.workers:
        os.environ["WEB_CONCURRENCY"] = str(args.workers)
    from gunicorn.app.wsgiapp import WSGIApplication

    sys.argv = ["zitat", "--config", str(GUNICORN_CONF), "--bind", args.bind, "service.wsgi:app"]
    WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    """Print the API's JSON for one article, without a server or cache."""
    import marshmallow

    from .analyzer import Analyzer, Article
    from .app import build_pipeline
    from .cache import ResultCache
    from .config import Settings
    from .problems import Problem
    from .schemas import ArticleSchema

    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    try:
        article = Article(**ArticleSchema().load({"text": text, "id": args.id}))
    except marshmallow.ValidationError as exc:
        problem = Problem(422, "validation-error", "The input failed validation; see `errors`.", errors=exc.messages)
        print(json.dumps(problem.to_dict(), ensure_ascii=False), file=sys.stderr)
        return 2
    settings = Settings.from_env()
    analyzer = Analyzer(
        build_pipeline(settings),
        ResultCache(None, settings.cache_ttl_s, settings.redis_retry_after_s),
        max_text_chars=settings.max_text_chars,
        timeout_s=settings.pipeline_timeout_s,
    )
    try:
        result = analyzer.analyze(article)
    except Problem as problem:
        print(json.dumps(problem.to_dict(), ensure_ascii=False, indent=2), file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False, indent=2 if args.pretty else None))
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    """Write the OpenAPI document generated from the app (the source of openapi.yaml)."""
    text = openapi_yaml()
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def openapi_yaml() -> str:
    from .api import openapi_document
    from .app import build_app
    from .config import Settings

    return openapi_document(build_app(Settings.from_env()).extensions["zitat.api"])


def cmd_version(args: argparse.Namespace) -> int:  # noqa: ARG001
    print(f"zitat {__version__}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zitat", description="Who said what to whom in German news.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP service under gunicorn")
    serve.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"), help="HOST:PORT (default 127.0.0.1:8000)")
    serve.add_argument("--workers", type=int, default=None, help="gunicorn workers (default WEB_CONCURRENCY or 2)")
    serve.add_argument("--redis-port", type=int, default=None, help="port of the embedded Redis (default: a free one)")
    serve.add_argument("--no-redis", action="store_true", help="run without cache when REDIS_URL is unset")
    serve.set_defaults(func=cmd_serve)

    analyze = sub.add_parser("analyze", help="print the quotes of one article as JSON")
    analyze.add_argument("file", help="a UTF-8 text file, or - for standard input")
    analyze.add_argument("--id", default=None, help="client id to echo")
    analyze.add_argument("--pretty", action="store_true", help="indent the JSON")
    analyze.set_defaults(func=cmd_analyze)

    # Listed for --help only: main() hands `zitat evaluate ...` to service.evaluation's own parser.
    sub.add_parser("evaluate", help="score the pipeline on SpkAtt-style JSON documents (zitat evaluate --help)")

    openapi = sub.add_parser("openapi", help="write the OpenAPI document")
    openapi.add_argument("-o", "--output", default="-", help="file (default: standard output)")
    openapi.set_defaults(func=cmd_openapi)

    version = sub.add_parser("version", help="print the version")
    version.set_defaults(func=cmd_version)

    from .batch import add_batch_parser
    from .worker import add_worker_parser

    add_worker_parser(sub)
    add_batch_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["evaluate"]:
        from .evaluation import main as evaluation_main

        return evaluation_main(argv[1:])
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

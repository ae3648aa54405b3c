"""The inspection page at `/` and the example articles it offers (not part of the API document).

The page is static HTML, CSS and JavaScript served by the service itself (no CDN, no build
step); it calls the public `/v1/quotes` endpoint like any other client.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, abort, jsonify, render_template

from . import __version__
from .config import REPO_ROOT
from .normalize import classify_lines, normalize

web_blp = Blueprint("web", __name__, template_folder="templates")

EXAMPLE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.txt$")
TITLE_CHARS = 90
MIN_TITLE_WORDS = 6


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    chars: int


def examples_dir() -> Path:
    """The seed articles: ZITAT_EXAMPLES_DIR, or seeds/ at the repository root."""
    return Path(os.environ.get("ZITAT_EXAMPLES_DIR") or REPO_ROOT / "seeds")


def example_title(text: str) -> str:
    """A menu label: the first heading or body line long enough to say what the article is about."""
    clean = normalize(text).text
    lines = [" ".join(clean[line.start:line.end].split()) for line in classify_lines(clean) if line.kind in {"heading", "body"}]
    title = next((line for line in lines if len(line.split()) >= MIN_TITLE_WORDS), lines[0] if lines else "")
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


@lru_cache(maxsize=4)
def _load_examples(directory: str, stamp: tuple) -> tuple[Example, ...]:  # noqa: ARG001 - stamp busts the cache
    found = []
    for path in sorted(Path(directory).glob("*.txt")):
        if EXAMPLE_NAME.match(path.name):
            text = path.read_text(encoding="utf-8")
            found.append(Example(path.name, example_title(text), len(text)))
    return tuple(found)


def list_examples() -> tuple[Example, ...]:
    directory = examples_dir()
    if not directory.is_dir():
        return ()
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(directory.glob("*.txt")))
    return _load_examples(str(directory), stamp)


@web_blp.route("/")
def index():
    return render_template("index.html", version=__version__)


@web_blp.route("/examples.json")
def examples_index():
    return jsonify({"examples": [example.__dict__ for example in list_examples()]})


@web_blp.route("/examples/<name>")
def example_text(name: str):
    if not EXAMPLE_NAME.match(name) or name not in {example.name for example in list_examples()}:
        abort(404, description=f"There is no example article named {name!r}.")
    text = (examples_dir() / name).read_text(encoding="utf-8")
    return Response(text, mimetype="text/plain")

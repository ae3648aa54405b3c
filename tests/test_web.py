"""The inspection page's routes, without a browser (the browser tests are in test_browser.py)."""

from __future__ import annotations

import re

import pytest

from helpers import assert_problem
from service.app import build_app
from service.config import REPO_ROOT, Settings
from service.web import example_title

SEEDS = sorted(path.name for path in (REPO_ROOT / "seeds").glob("*.txt"))


@pytest.fixture()
def web_client():
    # The page and its examples need no model: the app without the analyzer is enough.
    return build_app(Settings()).test_client()


def test_page_loads_only_its_own_assets(web_client):
    response = web_client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"#]+)"', page)
    assert any(asset.startswith("/static/zitat.js") for asset in assets)
    assert any(asset.startswith("/static/zitat.css") for asset in assets)
    assert all(asset.startswith("/") for asset in assets), assets  # nothing from another host
    assert "<script>" not in page and "style=" not in page  # the CSP allows no inline code or styles
    for asset in assets:
        assert web_client.get(asset.split("?")[0]).status_code == 200, asset
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_examples_are_the_seed_articles(web_client):
    examples = web_client.get("/examples.json").get_json()["examples"]
    assert [example["name"] for example in examples] == SEEDS
    for example in examples:
        text = (REPO_ROOT / "seeds" / example["name"]).read_text(encoding="utf-8")
        assert example["chars"] == len(text) and example["title"]
        served = web_client.get(f"/examples/{example['name']}")
        assert served.mimetype == "text/plain" and served.get_data(as_text=True) == text


@pytest.mark.parametrize("name", ["nope.txt", "..%2fpyproject.toml", "000.md", "%2e%2e"])
def test_unknown_examples_are_problems(web_client, name):
    assert_problem(web_client.get(f"/examples/{name}"), 404)


def test_examples_directory_is_configurable(web_client, tmp_path, monkeypatch):
    (tmp_path / "mein-artikel.txt").write_text("(dpa)\n\nDer Kanzler sagte am Montag in Berlin, er sei zuversichtlich.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    monkeypatch.setenv("ZITAT_EXAMPLES_DIR", str(tmp_path))
    examples = web_client.get("/examples.json").get_json()["examples"]
    assert [example["name"] for example in examples] == ["mein-artikel.txt"]
    monkeypatch.setenv("ZITAT_EXAMPLES_DIR", str(tmp_path / "missing"))
    assert web_client.get("/examples.json").get_json() == {"examples": []}


def test_example_title_skips_boilerplate_and_short_lines():
    text = "RENEWZ.de\nMenü\nKurz gesagt\nPutins scharfe Drohung: Warum er westliche Pläne für die Ukraine ablehnt\nText."
    assert example_title(text) == "Putins scharfe Drohung: Warum er westliche Pläne für die Ukraine ablehnt"
    assert len(example_title("Wort " * 100)) <= 90

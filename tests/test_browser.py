"""The inspection page at / in a real headless Chromium (Debian's `chromium`, driven by Playwright)
against a real HTTP server running the app on the shipped model and a real Redis.

Setup (CI does this): `apt-get install -y chromium` and `pip install playwright`; never
`playwright install`: the browser comes from Debian. ZITAT_CHROMIUM overrides the path.
ZITAT_UPDATE_SCREENSHOT=1 also writes the screenshot to docs/screenshot.png for the README.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import requests

from server_thread import serve
from service.config import REPO_ROOT

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("ZITAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BODY_LIMIT = 64 * 1024
TIMEOUT_MS = 60_000
SEEDS = sorted(path.name for path in (REPO_ROOT / "seeds").glob("*.txt"))
EMOJI_ARTICLE = (
    "🇩🇪 Berlin 😀. „Das ist gefährlich für unser Land 🙈“, sagte Kreml-Sprecher Dmitri Peskow am Montag "
    "der Agentur Interfax. Er fügte hinzu: „Wir werden 👀 genau hinschauen.“"
)

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM}: `apt-get install -y chromium` (or set ZITAT_CHROMIUM) to run the browser tests",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="`pip install playwright` to run the browser tests")
expect = sync_api.expect
expect.set_options(timeout=TIMEOUT_MS)  # an analysis on a busy CI machine can take seconds


def serve_app(pipeline, redis_url: str, **settings):
    return serve(pipeline, redis_url, max_body_bytes=BODY_LIMIT, **settings)


@pytest.fixture(scope="module")
def server(pipeline, redis_server):
    with serve_app(pipeline, redis_server.url) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageWatch:
    """Console errors, uncaught exceptions, and every URL the page asked for."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.urls: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("request", lambda request: self.urls.append(request.url))

    def _console(self, message) -> None:
        # A failed fetch (the 413 test) is logged by Chromium itself; that is the page working.
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.errors.append(message.text)


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    watch = PageWatch(page)
    page.goto(server.url + "/")
    yield page
    context.close()
    assert not watch.errors, f"browser console errors (CSP violations, script errors): {watch.errors}"
    foreign = [url for url in watch.urls if not url.startswith((server.url + "/", "blob:", "data:"))]
    assert not foreign, f"the page loaded resources from elsewhere: {foreign}"


def api_result(server, text: str) -> dict:
    response = requests.post(f"{server.url}/v1/quotes", json={"text": text}, timeout=120)
    assert response.status_code == 200, response.text
    return response.json()


def load_example(page, name: str) -> str:
    page.locator("#example-select").select_option(name)
    expect(page.locator("#status")).to_contain_text(f"Example {name} loaded")
    return page.locator("#article").input_value()


def analyse(page) -> None:
    page.locator("#analyse-button").click()
    wait_for_result(page)


def wait_for_result(page) -> None:
    expect(page.locator("#status")).to_contain_text(re.compile(r"\d+ quotes? from"))
    expect(page.locator("#results")).to_be_visible()


def shown_as(text: str) -> str:
    """How the page shows a stretch of submitted text: markup gone, references decoded, spaces collapsed."""
    text = re.sub(r"<[^>]*>", " ", text).replace("\\/", "/")
    return " ".join(html.unescape(text).split())


def highlighted_quotes(page) -> list[dict]:
    marks = page.locator("#article-view mark.quote")
    return [
        {
            "id": marks.nth(i).get_attribute("data-quote-id"),
            "speaker": marks.nth(i).get_attribute("data-speaker"),
            "text": marks.nth(i).text_content(),
        }
        for i in range(marks.count())
    ]


def inner_marks(page, role: str) -> list[dict]:
    spans = page.locator(f"#article-view .{role}-mark")
    return [
        {"quotes": spans.nth(i).get_attribute("data-quotes").split(), "text": spans.nth(i).text_content()}
        for i in range(spans.count())
    ]


def speaker_label(quote: dict) -> str:
    speaker = quote["speaker"]
    return (speaker["name"] or speaker["text"]) if speaker else "Unattributed"


def assert_page_matches_api(page, text: str, result: dict) -> None:
    # Document order: a quote nested in another (a direct quote inside a reported one) comes after it;
    # an interrupted quote is drawn as its parts, without the attribution between them.
    quotes = sorted(result["quotes"], key=lambda quote: (quote["start"], -quote["end"]))
    parts = sorted(((part, quote) for quote in quotes for part in quote["parts"]),
                   key=lambda pair: (pair[0]["start"], -pair[0]["end"]))
    shown = highlighted_quotes(page)
    assert [mark["id"] for mark in shown] == [quote["id"] for _, quote in parts]
    for mark, (part, quote) in zip(shown, parts):
        assert mark["speaker"] == speaker_label(quote), quote["id"]
        assert shown_as(mark["text"]) == shown_as(text[part["start"]:part["end"]]), quote["id"]
    for role in ("speaker", "cue", "addressee"):
        marks = inner_marks(page, role)
        for quote in quotes:
            if quote[role]:
                # A mark crossed by another mark's boundary is drawn in pieces, in document order.
                pieces = [mark["text"] for mark in marks if quote["id"] in mark["quotes"]]
                assert shown_as("".join(pieces)) == shown_as(quote[role]["text"]), (role, quote["id"], pieces)
    counts = {}
    for quote in quotes:
        counts[speaker_label(quote)] = counts.get(speaker_label(quote), 0) + 1
    items = page.locator("#speaker-list .speaker-button")
    listed = {items.nth(i).locator(".speaker-name").text_content(): int(items.nth(i).locator(".speaker-count").text_content()) for i in range(items.count())}
    assert listed == counts


@pytest.mark.parametrize("seed", SEEDS)
def test_example_is_highlighted_as_the_api_answers(page, server, seed):
    options = page.locator("#example-select option")
    expect(options).to_have_count(len(SEEDS) + 1)
    text = load_example(page, seed)
    assert text == (REPO_ROOT / "seeds" / seed).read_text(encoding="utf-8")
    analyse(page)
    result = api_result(server, text)
    assert result["quotes"], f"the pipeline found no quote in {seed}"
    assert_page_matches_api(page, text, result)
    edges = page.locator("#edge-table tbody tr")
    assert edges.count() == len({(speaker_label(q), (q["addressee"] or {}).get("text", "").lower()) for q in result["quotes"]})


def test_emoji_offsets_and_keyboard(page, server):
    """Code-point offsets land on the right characters after astral emoji; Tab, Enter and Ctrl+Enter work."""
    result = api_result(server, EMOJI_ARTICLE)
    assert result["quotes"], "the pipeline found no quote in the emoji article"
    article = page.locator("#article")
    article.fill(EMOJI_ARTICLE)

    article.focus()
    page.keyboard.press("Control+Enter")
    wait_for_result(page)
    assert_page_matches_api(page, EMOJI_ARTICLE, result)
    first = min(result["quotes"], key=lambda quote: quote["start"])
    assert page.locator("#article-view mark.quote").first.text_content() == first["text"]

    page.locator("#status").evaluate("node => { node.textContent = ''; }")
    article.focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.locator("#analyse-button").evaluate("node => node === document.activeElement"):
            break
    else:
        pytest.fail("Tab from the text box never reached the Analyse button")
    page.keyboard.press("Enter")
    wait_for_result(page)

    page.locator("#analyse-button").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('mark.quote')"):
            break
    else:
        pytest.fail("Tab from the Analyse button never reached a highlighted quote")
    focused_id = page.evaluate("() => document.activeElement.dataset.quoteId")
    focused = next(quote for quote in result["quotes"] if quote["id"] == focused_id)
    tip = page.locator("#quote-tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(speaker_label(focused))
    expect(tip).to_contain_text(focused["type"])
    expect(tip).to_contain_text(f"{round(focused['confidence'] * 100)} %")
    expect(page.locator("#quote-details")).to_contain_text(speaker_label(focused))
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()


def test_download_link_gives_the_api_json(page, server, tmp_path):
    text = load_example(page, SEEDS[0])
    analyse(page)
    with page.expect_download() as download_info:
        page.locator("#download-link").click()
    saved = tmp_path / "download.json"
    download_info.value.save_as(saved)
    downloaded = json.loads(saved.read_text(encoding="utf-8"))
    expected = api_result(server, text)
    assert {k: v for k, v in downloaded.items() if k != "cached"} == {k: v for k, v in expected.items() if k != "cached"}


def test_oversized_article_shows_the_problem_detail(page):
    page.locator("#article").fill("Ein Satz ohne Zitat. " * (BODY_LIMIT // 20))
    page.locator("#analyse-button").click()
    error = page.locator("#error")
    expect(error).to_be_visible()
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_contain_text("HTTP 413")
    expect(error).to_contain_text(f"larger than {BODY_LIMIT} bytes")
    expect(page.locator("#results")).to_be_hidden()


def test_empty_article_is_explained_without_a_request(page):
    page.locator("#article").fill("   ")
    page.locator("#analyse-button").click()
    expect(page.locator("#error")).to_contain_text("There is no text to analyse")


def test_narrow_screen_has_no_sideways_scrolling_and_screenshots(browser, server, tmp_path):
    for width, name in ((1280, "screenshot.png"), (390, "screenshot-narrow.png")):
        context = browser.new_context(viewport={"width": width, "height": 1400 if width >= 1000 else 900}, device_scale_factor=1)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(server.url + "/")
        load_example(page, SEEDS[1])
        analyse(page)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.locator("#article-view mark.quote").nth(2).hover()
        expect(page.locator("#quote-tip")).to_be_visible()
        # Wide: the top of the page with the first results and the side panel (README size);
        # narrow: the whole page, to look at the single-column layout.
        clip = {"x": 0, "y": 0, "width": width, "height": 1400} if width >= 1000 else None
        page.screenshot(path=str(tmp_path / name), full_page=True, clip=clip)
        if os.environ.get("ZITAT_UPDATE_SCREENSHOT") == "1" and width >= 1000:
            shutil.copyfile(tmp_path / name, REPO_ROOT / "docs" / name)
        context.close()
    print(f"screenshots in {tmp_path}")


def test_api_key_and_rate_limit_messages(browser, pipeline, redis_server):
    with serve_app(pipeline, redis_server.url, api_keys=("browser-test-key",), rate_limit="2/minute") as guarded:
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(guarded.url + "/")
        page.locator("#article").fill(EMOJI_ARTICLE)
        page.locator("#analyse-button").click()
        expect(page.locator("#error")).to_contain_text("HTTP 401")
        expect(page.locator("#error")).to_contain_text("API key")

        page.locator(".settings summary").click()
        page.locator("#api-key").fill("browser-test-key")
        analyse(page)
        expect(page.locator("#error")).to_be_hidden()
        page.locator("#analyse-button").click()
        page.locator("#analyse-button").click()
        expect(page.locator("#error")).to_contain_text("HTTP 429")
        expect(page.locator("#error")).to_contain_text(re.compile(r"try again in \d+ s"))
        context.close()


HTML_ARTICLE = (
    "<article><h1>Gipfel in Brüssel</h1>"
    "<p>Berlin &amp; Brüssel 🇪🇺 – „Wir werden <em>nicht</em> nachgeben“, sagte Kanzler Olaf Scholz am Montag.</p>"
    "<p>Die Außenministerin erklärte, man sei &bdquo;zu Gesprächen bereit&ldquo;.</p></article>"
)


def test_html_file_opened_or_dropped_is_shown_without_markup(page, server, tmp_path):
    source = tmp_path / "artikel.html"
    source.write_text(HTML_ARTICLE, encoding="utf-8")
    page.locator("#file-input").set_input_files(str(source))
    expect(page.locator("#status")).to_contain_text("File artikel.html loaded")
    assert page.locator("#article").input_value() == HTML_ARTICLE
    analyse(page)
    result = api_result(server, HTML_ARTICLE)
    assert result["quotes"], "the pipeline found no quote in the HTML article"
    assert_page_matches_api(page, HTML_ARTICLE, result)
    shown = page.locator("#article-view").text_content()
    assert "<" not in shown and "&amp;" not in shown and "Berlin & Brüssel 🇪🇺" in shown

    page.locator("#article").fill("")
    transfer = page.evaluate_handle(
        """text => { const data = new DataTransfer();
                     data.items.add(new File([text], "dropped.txt", { type: "text/plain" })); return data; }""",
        EMOJI_ARTICLE,
    )
    page.locator("#article").dispatch_event("drop", {"dataTransfer": transfer})
    expect(page.locator("#status")).to_contain_text("File dropped.txt loaded")
    assert page.locator("#article").input_value() == EMOJI_ARTICLE


def contrast(foreground: str, background: str) -> float:
    def luminance(css_colour: str) -> float:
        channels = [int(value) / 255 for value in re.findall(r"\d+", css_colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_highlight_colours_keep_text_readable(page):
    load_example(page, SEEDS[2])
    analyse(page)
    colours = page.locator("#article-view mark.quote, #article-view .speaker-mark, #article-view .cue-mark").evaluate_all(
        "nodes => nodes.map(n => [getComputedStyle(n).color, getComputedStyle(n).backgroundColor, n.className])"
    )
    assert colours
    for foreground, background, name in colours:
        assert contrast(foreground, background) >= 4.5, (name, foreground, background)  # WCAG AA for text


def span(text: str, part: str, after: int = 0) -> dict:
    start = text.index(part, after)
    return {"text": part, "start": len(text[:start]), "end": len(text[:start]) + len(part)}


def test_nested_and_overlapping_quotes_are_drawn_once_each(page):
    """Rendering alone (an answer given to the page's drawing code): nesting, overlap, astral characters."""
    text = "😀 Er sagte, man wolle „keinen Krieg 🙈“ führen. Sie erklärte: „Das bleibt so.“ Ende."
    outer = {**span(text, "man wolle „keinen Krieg 🙈“ führen"), "id": "q1", "type": "mixed"}
    inner = {**span(text, "„keinen Krieg 🙈“"), "id": "q2", "type": "direct"}
    overlapping = {**span(text, "führen. Sie erklärte"), "id": "q3", "type": "reported"}
    last = {**span(text, "„Das bleibt so.“"), "id": "q4", "type": "direct"}
    speaker = {**span(text, "Er"), "name": "Olaf Scholz", "entity_id": "e1", "kind": "PRON"}
    quotes = [
        {**quote, "speaker": speaker, "cue": span(text, "sagte"), "addressee": None, "confidence": 0.9}
        for quote in (outer, inner, overlapping)
    ] + [{**last, "speaker": None, "cue": span(text, "erklärte"), "addressee": None, "confidence": 0.5}]
    for quote in quotes:
        assert text[quote["start"]:quote["end"]] == quote["text"]
    result = {"id": None, "title": None, "text_sha256": "0" * 64, "cached": False, "quotes": quotes,
              "entities": [], "model": {"ner": "n", "pipeline": "p"}}
    page.evaluate("([text, result]) => window.zitat.showResult(text, result)", [text, result])

    shown = {mark["id"]: mark["text"] for mark in highlighted_quotes(page)}
    assert shown == {"q1": outer["text"], "q2": inner["text"], "q3": ". Sie erklärte", "q4": last["text"]}
    assert page.locator('mark[data-quote-id="q1"] mark[data-quote-id="q2"]').count() == 1
    assert page.locator("#article-view").text_content() == text
    assert page.locator("#article-view .speaker-mark").text_content() == "Er"
    items = page.locator("#speaker-list .speaker-button")
    assert [items.nth(i).locator(".speaker-name").text_content() for i in range(items.count())] == ["Olaf Scholz", "Unattributed"]
    expect(page.locator("#status")).to_contain_text("4 quotes from 1 speaker")


def test_interrupted_quote_is_drawn_as_its_parts(page, server):
    text = "„Wir sind bereit“, sagte die Ministerin am Montag, „aber nicht um jeden Preis.“ Danach ging sie."
    page.fill("#article", text)
    analyse(page)
    result = api_result(server, text)
    quote = next(q for q in result["quotes"] if q["text"].startswith("„Wir sind bereit“"))
    assert [part["text"] for part in quote["parts"]] == ["„Wir sind bereit“", "„aber nicht um jeden Preis.“"]
    assert_page_matches_api(page, text, result)
    marks = page.locator(f'#article-view mark.quote[data-quote-id="{quote["id"]}"]')
    assert [marks.nth(i).text_content() for i in range(marks.count())] == ["„Wir sind bereit“", "„aber nicht um jeden Preis.“"]
    assert "sagte" not in "".join(marks.nth(i).text_content() for i in range(marks.count()))
    marks.nth(0).hover()
    expect(marks.nth(1)).to_have_class(re.compile(r"\bsame-quote\b"))
    expect(page.locator("#quote-tip")).to_be_visible()

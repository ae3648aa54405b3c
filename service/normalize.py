"""Text clean-up before any other stage, with an exact offset map back to the submitted text.

``normalize`` rewrites the submitted text into the form every later stage works on (HTML
entities and tags decoded, odd Unicode spaces and invisible characters removed, line endings
unified) and remembers, for every character of the result, which characters of the submitted
text it came from.  ``NormalizedText.to_original`` maps a span of the clean text back, so the
API can return offsets into exactly what the client sent.

The rewrite is a single left-to-right pass of one regular expression made of bounded
alternatives, so it runs in linear time on any input.

This module also classifies lines as boilerplate (tickers, site names, dates, bylines, menus,
share buttons, disclaimers, repeated headlines) or headings, so the quote stage can skip them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = [
    "NormalizedText",
    "normalize",
    "LineInfo",
    "classify_lines",
    "boilerplate_line_spans",
    "heading_line_spans",
]


@dataclass(frozen=True)
class _Segment:
    """A run of the normalised text and the original span it came from.

    Copied runs map character by character; replaced runs map every character to the whole
    original span (``&amp;`` -> ``&`` maps the ``&`` back to all five characters).
    """

    norm_start: int
    norm_end: int
    orig_start: int
    orig_end: int
    copied: bool


@dataclass(frozen=True)
class NormalizedText:
    text: str
    original: str
    _segments: tuple[_Segment, ...] = field(default=(), repr=False, compare=False)
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``[start, end)`` of ``self.text`` to a span of ``self.original``."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside normalised text of length {len(self.text)}")
        if start == end:
            position = self._original_start(start) if start < len(self.text) else len(self.original)
            return position, position
        return self._original_start(start), self._original_end(end - 1)

    def _segment_at(self, index: int) -> _Segment:
        return self._segments[bisect_right(self._starts, index) - 1]

    def _original_start(self, index: int) -> int:
        segment = self._segment_at(index)
        if segment.copied:
            return segment.orig_start + index - segment.norm_start
        return segment.orig_start

    def _original_end(self, index: int) -> int:
        """Original end offset of the character at normalised ``index``."""
        segment = self._segment_at(index)
        if segment.copied:
            return segment.orig_start + index - segment.norm_start + 1
        return segment.orig_end


# HTML tags that end a line or a block; other known inline tags are simply removed.
_BLOCK_TAGS = frozenset(
    "br p div li ul ol h1 h2 h3 h4 h5 h6 blockquote section article header footer figure "
    "figcaption table tr td th tbody thead hr nav aside main dd dt dl pre address".split()
)
_INLINE_TAGS = frozenset(
    "a b i u s em strong span sup sub small font center img q cite time abbr wbr mark "
    "ins del code big label".split()
)
_TAG_NAMES = "|".join(sorted(_BLOCK_TAGS | _INLINE_TAGS, key=len, reverse=True))

_SPACE_CHARS = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_LINE_BREAK_CHARS = "\u000b\u000c\u0085\u2028\u2029"
_INVISIBLE_CHARS = (
    "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\u0000-\u0008\u000e-\u001f\u007f"
)
_C1_CHARS = "\u0080-\u0084\u0086-\u009f"  # Windows-1252 bytes decoded as Latin-1

_PATTERN = re.compile(
    "|".join(
        [
            r"(?P<crlf>\r\n?)",
            # <br>, <BR \/>, </p>, <p class="x">: bounded attribute part keeps this linear.
            rf"(?P<tag><\s{{0,3}}(?:\\?/)?\s{{0,3}}(?P<tagname>(?i:{_TAG_NAMES}))\b[^<>]{{0,300}}>)",
            r"(?P<entity>&(?:amp;)?(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)",
            r"(?P<escaped>\\[/\"])",
            rf"(?P<space>[{_SPACE_CHARS}])",
            rf"(?P<linebreak>[{_LINE_BREAK_CHARS}])",
            rf"(?P<invisible>[{_INVISIBLE_CHARS}])",
            rf"(?P<c1>[{_C1_CHARS}])",
            # ,,Zitat'' typed on a keyboard without German quote marks
            r"(?P<lowquote>(?<![,\d]),,(?=[^\s,]))",
            r"(?P<twoquote>''|``|\u00b4\u00b4)",
            r"(?P<oddquote>[\u201f\u2033\u301d\u301e\uff02])",
            r"(?P<openquote>[\u201e\u201c\u201d])",
            r"(?P<combining>.[\u0300-\u036f]{1,16})",
            r"(?P<ligature>[\ufb00-\ufb06])",
        ]
    ),
    re.DOTALL,
)


def _decode_entity(raw: str) -> str:
    body = raw[5:] if raw.lower().startswith("&amp;") and len(raw) > 5 else raw[1:]
    candidate = "&" + body if body.endswith(";") else "&" + body + ";"
    decoded = html.unescape(candidate)
    if decoded == candidate:
        # Not a known entity (e.g. "AT&T;"): keep the text as written.
        return raw
    return decoded


def _c1_character(char: str) -> str:
    try:
        return bytes([ord(char)]).decode("cp1252")
    except UnicodeDecodeError:
        return ""


class _Builder:
    def __init__(self, original: str) -> None:
        self.original = original
        self.pieces: list[str] = []
        self.segments: list[_Segment] = []
        self.length = 0

    def copy(self, start: int, end: int) -> None:
        if start < end:
            self._add(self.original[start:end], start, end, copied=True)

    def replace(self, start: int, end: int, text: str) -> None:
        if text == self.original[start:end]:
            self.copy(start, end)
        elif text:
            self._add(text, start, end, copied=False)

    def _add(self, text: str, start: int, end: int, copied: bool) -> None:
        self.pieces.append(text)
        self.segments.append(_Segment(self.length, self.length + len(text), start, end, copied))
        self.length += len(text)

    def build(self) -> NormalizedText:
        segments = tuple(self.segments)
        return NormalizedText(
            text="".join(self.pieces),
            original=self.original,
            _segments=segments,
            _starts=tuple(segment.norm_start for segment in segments),
        )


def normalize(original: str) -> NormalizedText:
    """Clean ``original`` and keep an exact map from the clean text back to it."""
    builder = _Builder(original)
    position = 0
    german_quote_open = False  # a „ is open, so a following '' closes it as “
    for match in _PATTERN.finditer(original):
        builder.copy(position, match.start())
        kind = match.lastgroup if match.lastgroup != "tagname" else "tag"
        raw = match.group()
        replacement = _replacement(kind, match, raw, german_quote_open)
        if kind in ("lowquote", "openquote") or (kind == "twoquote" and german_quote_open):
            german_quote_open = replacement == "\u201e"
        builder.replace(match.start(), match.end(), replacement)
        position = match.end()
    builder.copy(position, len(original))
    return builder.build()


def _replacement(kind: str | None, match: re.Match[str], raw: str, german_quote_open: bool) -> str:
    if kind == "crlf" or kind == "linebreak":
        return "\n"
    if kind == "tag":
        return "\n" if match.group("tagname").lower() in _BLOCK_TAGS else ""
    if kind == "entity":
        return _normalize_decoded(_decode_entity(raw))
    if kind == "escaped":
        return raw[1]
    if kind == "space":
        return " "
    if kind == "invisible":
        return ""
    if kind == "c1":
        return _normalize_decoded(_c1_character(raw))
    if kind == "lowquote":
        return "\u201e"
    if kind == "twoquote":
        # Only as the close of „…: a lone ''…'' is mostly wiki italics around a name or title.
        return "\u201c" if german_quote_open else raw
    if kind == "oddquote":
        return "\u201c" if raw == "\u201f" else '"'
    if kind in ("combining", "ligature"):
        return unicodedata.normalize("NFKC" if kind == "ligature" else "NFC", raw)
    return raw  # openquote: kept, only tracked for the '' rule


def _normalize_decoded(decoded: str) -> str:
    """Entities may decode to characters that the other rules would also rewrite."""
    if len(decoded) != 1:
        return decoded
    if decoded in "\u00a0\u202f\u2009\u2002\u2003\t" or "\u2000" <= decoded <= "\u200a":
        return " "
    if decoded in "\u00ad\u200b\u200c\u200d\u2060\ufeff":
        return ""
    if decoded == "\r":
        return "\n"
    return decoded


# --------------------------------------------------------------------------------------------
# Boilerplate and headings


@dataclass(frozen=True)
class LineInfo:
    start: int
    end: int  # exclusive, without the line break
    kind: str  # "body", "heading", "boilerplate" or "blank"
    reason: str = ""


_TICKER = re.compile(r"\(?\$?[A-Z]{2,6}\)?(?:\s+[-+]?[\d.,]+\s*%?)*")
_DOMAIN = re.compile(r"(?i)(?:https?://|www\.)\S+|\S+\.(?:de|com|net|org|at|ch|eu|info|news|io|co\.uk|fr|it|ru|ua)\b/?\S*")
_MONTHS = (
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
    "January|February|March|May|June|July|October|December|"
    r"Jan|Feb|Mär|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Oct|Nov|Dez|Dec"
)
_WEEKDAYS = r"Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DATE_LINE = re.compile(
    rf"(?i)(?:(?:{_WEEKDAYS}),?\s+)?(?:(?:date|datum|stand|veröffentlicht|aktualisiert|updated|published)\s*:?\s*(?:am\s+)?)?"
    rf"(?:\d{{1,2}}\.\s*(?:{_MONTHS})\.?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:]+Z?)?|\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}})"
    r"(?:\s*[,|-]?\s*(?:um\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:Uhr|h|AM|PM|am|pm))?)?"
)
_BYLINE = re.compile(r"(?i)^(?:von|by)\s+\S")
_CREDIT_PREFIX = re.compile(
    r"(?i)^(?:fotos?|bild(?:er|quelle)?|titelbild|quelle|source|photo|image|credit|text|autor(?:in)?|"
    r"copyright|redaktion|©|\(c\))\s*(?::|von\b|\s\d{4})|^mit informationen (?:von|aus)\b|^©"
)
_DISCLAIMER = re.compile(
    r"(?i)^(?:haftungsausschluss|disclaimer|alle rechte vorbehalten|hinweis der redaktion|transparenzhinweis|"
    r"nutzungsbedingungen|datenschutz(?:erklärung|hinweis)?|impressum|cookie)\b"
)
_CALL_TO_ACTION = re.compile(
    r"(?i)^(?:lesen sie (?:auch|mehr|hier)|mehr zum thema|auch interessant|das könnte sie auch interessieren|"
    r"weiterlesen|weitere artikel|bleiben sie informiert|jetzt (?:abonnieren|lesen|teilen|anmelden)|"
    r"folgen sie uns|abonnieren sie|melden sie sich)\b"
)
_MENU_WORD = re.compile(
    r"(?i)^(?:anzeige|werbung|teilen|share|tweet|drucken|print|kommentare?|newsletter|zum artikel|"
    r"zur startseite|startseite|menü|menu|crossmenu|navigation|suche|search|login|anmelden|registrieren|"
    r"zurück|nach oben|schlagworte|tags|themen|facebook|twitter|whatsapp|e-mail|email|mail|telegram|"
    r"linkedin|xing|pinterest|instagram|kopieren|link kopieren)\b"
)
_AGENCY_CREDIT = re.compile(r"^[\w/.,&-]{0,20}\s*\((?:[a-zA-Z]{2,6}(?:\s*[,/]\s*|\s+))*[a-zA-Z]{2,6}\)$")
_SENTENCE_END = re.compile(r"[.!?:;…][\"“”‘’'»«)\]]*$")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def classify_lines(text: str) -> list[LineInfo]:
    """Classify every line of the normalised ``text``."""
    lines: list[LineInfo] = []
    seen: set[str] = set()
    position = 0
    for raw_line in text.split("\n"):
        start, end = position, position + len(raw_line)
        position = end + 1
        stripped = raw_line.strip()
        if not stripped:
            lines.append(LineInfo(start, end, "blank"))
            continue
        key = " ".join(stripped.split()).casefold()
        kind, reason = _classify_line(stripped)
        if kind != "boilerplate" and key in seen and len(key) > 3:
            kind, reason = "boilerplate", "repeated line"
        seen.add(key)
        lines.append(LineInfo(start, end, kind, reason))
    return lines


def _classify_line(line: str) -> tuple[str, str]:
    if len(line) > 2000:
        return "body", ""  # a long line is content; skip the regexes on it
    words = _WORD.findall(line)
    if not words:
        return "boilerplate", "no words"
    if _TICKER.fullmatch(line):
        return "boilerplate", "ticker symbol"
    if _DOMAIN.fullmatch(line) or (len(words) <= 2 and _DOMAIN.search(line)):
        return "boilerplate", "site name"
    if _DATE_LINE.fullmatch(line):
        return "boilerplate", "date"
    if _DISCLAIMER.match(line):
        return "boilerplate", "disclaimer"
    if _CALL_TO_ACTION.match(line) and len(words) <= 40:
        return "boilerplate", "call to action"
    if _MENU_WORD.match(line) and len(words) <= 6 and not _SENTENCE_END.search(line):
        return "boilerplate", "menu or share button"
    if _CREDIT_PREFIX.match(line) and len(words) <= 30:
        return "boilerplate", "photo credit or source line"
    if _BYLINE.match(line) and len(words) <= 8 and not _SENTENCE_END.search(line):
        return "boilerplate", "byline"
    if _AGENCY_CREDIT.match(line):
        return "boilerplate", "agency credit"
    if _looks_like_name_only(line, words):
        return "boilerplate", "byline (name only)"
    if len(words) == 1 and words[0].islower() and not _SENTENCE_END.search(line):
        return "boilerplate", "single lowercase word"
    if not _SENTENCE_END.search(line) and len(words) <= 20:
        return "heading", "short line without sentence punctuation"
    return "body", ""


def _looks_like_name_only(line: str, words: list[str]) -> bool:
    """A standalone "Firstname Lastname" line is an author byline."""
    if not 2 <= len(words) <= 3 or _SENTENCE_END.search(line):
        return False
    if any(not word[0].isupper() or word.isupper() for word in words):
        return False
    return len(line.split()) == len(words)


def boilerplate_line_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every boilerplate line in the normalised ``text``."""
    return [(line.start, line.end) for line in classify_lines(text) if line.kind == "boilerplate"]


def heading_line_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of short lines without sentence punctuation (headlines, subheads)."""
    return [(line.start, line.end) for line in classify_lines(text) if line.kind == "heading"]

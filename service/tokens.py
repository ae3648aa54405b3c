"""German tokenisation and sentence splitting with exact offsets into the normalised text.

Rules, in short:

* Every line break ends a sentence (headlines, bylines and paragraphs are separate lines).
* Inside a line, a sentence ends after ``.``, ``!``, ``?`` or ``…`` plus any closing quote marks
  or brackets glued to it, unless what follows continues the sentence: a comma, semicolon,
  colon, dash, closing bracket or a lower-case word (``„Das ist gefährlich.“, sagte er`` and
  ``„Warum?“ fragte er`` stay one sentence; ``„Das ist gefährlich.“ Peskow sagte …`` splits).
* Abbreviations (``Dr.``, ``z. B.``, ``u. a.``, ``Nr.``, month names, initials) and ordinals
  (``am 5. September``, ``der 2. Weltkrieg``) keep their dot and never end a sentence.
* Tokens: words including hyphenated compounds (``Kreml-Sprecher``, ``NATO-Staaten``,
  ``Staats-`` before ``und``), numbers (``1.000,5``, ``14:30``, ``05.09.2025``), URLs, and every
  punctuation mark and quote mark on its own.

One compiled pattern is matched at increasing positions with possessive quantifiers, so the
work is linear in the length of the text, even for a 2 MB line without spaces.
"""

from __future__ import annotations

import re

from service.document import Sentence, Token

__all__ = ["tokenize", "split_sentences", "ABBREVIATIONS", "MAX_SENTENCE_TOKENS"]

# Longer "sentences" (lists, tables, text without punctuation) are cut so that later stages,
# the NER tagger above all, never see unbounded input.
MAX_SENTENCE_TOKENS = 400

# Written with their case: "Nr." but not "nr."; lower-case ones also match capitalised at the
# start of a sentence ("Ca. 300 Menschen").
ABBREVIATIONS = frozenset(
    """
    Dr Prof St Nr Hr Hrn Fr Frl Jh Jhd Jahrh Abs Bd Hrsg Kap Abt Dipl Ing Mag Dres Gen Lt Kpt
    Mio Mrd Tsd Bio Mill Std Min Sek Tel Str Pkt Ziff Co Corp Inc Ltd Jr Sr Ges Verf Anm Red
    Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez Mo Di Mi Do Sa
    bzw ca ggf usw etc vgl bspw inkl exkl zzt zz evtl sog vs geb gest verh ehem einschl entspr gegr
    insb mind urspr zzgl allg jun sen bzgl betr ebd Forts gem lt rd zit zw usf
    """.split()
)
_ABBREVIATIONS_FOLDED = frozenset(word.casefold() for word in ABBREVIATIONS if word.islower())

_MONTHS = frozenset(
    "Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember".split()
)
_MONTH_ABBREVIATIONS = frozenset("Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez".split())
# Words after which "5." is an ordinal even before a capitalised noun ("der 2. Weltkrieg").
_ORDINAL_CONTEXT = frozenset(
    """am vom zum bis ab seit der die das dem den des im beim zur ihr ihre ihrem ihren ihres sein
    seine seinem seinen seines jeder jede jedes jeden dessen deren ein eine einer einem einen
    zu vor nach um für seiner meiner unser unsere""".split()
)
_ADJECTIVE_ENDINGS = ("enden", "ende", "ischen", "ische", "lichen", "liche", "igen", "ige")
_SENTENCE_END_TOKENS = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_CLOSING_MARKS = frozenset({"“", "”", "‘", "’", '"', "'", "»", "«", "›", "‹", ")", "]", "}"})
_LIST_ENDINGS = frozenset({"usw.", "etc.", "usf."})
_CONTINUATION_TOKENS = frozenset({",", ";", ":", ")", "]", "–", "—", "-", "/"})
_COORDINATING = r"(?:und|oder|bzw|sowie|bis|als|noch|wie|&)"

_TOKEN_PATTERN = re.compile(
    "|".join(
        [
            r"(?P<space>\s++)",
            r"(?P<url>(?:https?://|www\.)[^\s<>\"“”„»«]++)",
            r"(?P<domain>[\w-]++(?:\.[\w-]++){0,3}\.(?:de|com|org|net|at|ch|eu|info|io|fr|it|ru|ua|uk)\b)",
            r"(?P<number>\d++(?:[.,:/]\d++)++)",
            # z.B. u.a. d.h. U.S.A. written without spaces
            r"(?P<dotted>(?:[^\W\d_]{1,2}\.){2,}+)",
            # ver.di, web.de-like names written without spaces around a dot
            r"(?P<dotword>[^\W\d_]{2,}+\.[a-zäöüß]{2,}+(?![\w.]))",
            # Kreml-Sprecher, NATO-Staaten, 26-jährige, geht's, and Staats- in "Staats- und"
            rf"(?P<word>\w++(?:[-'’]\w++)*+(?:-(?=\s{{1,3}}{_COORDINATING}\b|,))?)",
            r"(?P<ellipsis>\.{2,}+)",
            r"(?P<marks>[?!]{2,3}+)",
            r"(?P<other>.)",
        ]
    ),
    re.DOTALL,
)
_MONTH_PATTERN = "|".join(sorted(_MONTHS | _MONTH_ABBREVIATIONS, key=len, reverse=True))
# A dateline at the start of a line ("5. September 2025", "date 2025-09-05", "Berlin (dpa) -",
# "Kairo (Ägypten), 28.01.2011 –")
# is a sentence of its own, so that it never becomes part of the first sentence's subject.
_DATELINE = re.compile(
    rf"(?i:date|datum|stand)?:?\s{{0,3}}"
    rf"(?:\d{{1,2}}\.\s{{0,2}}(?:{_MONTH_PATTERN})\.?\s{{1,2}}\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})"
    rf"(?:,?\s{{1,2}}\d{{1,2}}[:.]\d{{2}}(?:\s{{1,2}}Uhr)?)?"
    # Wikinews: "Kairo (Ägypten), 28.01.2011 –"
    rf"|[A-ZÄÖÜ][\w./-]{{1,30}}(?:\s[\w./-]{{1,30}}){{0,2}}\s{{0,2}}(?:\([^()\n]{{2,40}}\))?,\s{{0,2}}"
    rf"\d{{1,2}}\.\s?(?:\d{{1,2}}\.|(?:{_MONTH_PATTERN})\.?\s)\s?\d{{4}}\s{{0,2}}[-–—]"
    rf"|[A-ZÄÖÜ][\w./-]{{1,30}}(?:[ ,]{{1,2}}[\w./-]{{1,30}}){{0,3}}\s{{0,2}}\((?:dpa|afp|AFP|Reuters|rtr|AP|ap|KNA|epd|APA|sda|dts|red|AFX|dpa-AFX|ots|SID|sid)\)\s{{0,2}}[-–—:]"
)
_GLUED_YEAR = re.compile(r"(\d{4})(?=[A-ZÄÖÜ][a-zäöüß])")
_URL_TRAILING = ".,;:!?)]}'\"’"


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    tokens: list[Token] = []
    position = start
    while position < end:
        match = _TOKEN_PATTERN.match(text, position, end)
        kind = match.lastgroup
        token_end = match.end()
        if kind == "space":
            position = token_end
            continue
        if kind == "url":
            token_end = _trim_url(text, match.start(), token_end)
        elif kind == "word":
            token_end = _word_end(text, match.start(), token_end, end, tokens)
        tokens.append(Token(text[match.start():token_end], match.start(), token_end))
        position = token_end
    return tokens


def _trim_url(text: str, start: int, end: int) -> int:
    while end - 1 > start and text[end - 1] in _URL_TRAILING:
        end -= 1
    return end


def _word_end(text: str, start: int, end: int, limit: int, previous: list[Token]) -> int:
    """Where a word token ends: split a glued year, take the dot of abbreviations and ordinals."""
    word = text[start:end]
    glued = _GLUED_YEAR.match(word)
    if glued:
        return start + glued.end(1)  # "2025Russland": a dateline glued to the first word
    if end >= limit or text[end] != ".":
        return end
    if _is_abbreviation(word) or _is_ordinal(text, word, end, limit, previous):
        return end + 1
    return end


def _is_abbreviation(word: str) -> bool:
    if word in ABBREVIATIONS or word.casefold() in _ABBREVIATIONS_FOLDED:
        return True
    return len(word) == 1 and word.isalpha()  # initials (John F. Kennedy) and z. B., u. a.


def _is_ordinal(text: str, word: str, dot: int, limit: int, previous: list[Token]) -> bool:
    if not (word.isdigit() and len(word) <= 3):
        return False
    following = _next_word(text, dot + 1, limit)
    if not following:
        return False
    if following in _MONTHS or following in _MONTH_ABBREVIATIONS or following[0].islower() or following[0].isdigit():
        return True
    if following[0] in "(–-":
        return False
    if not previous:
        return False
    before = previous[-1].text
    # "des landesweit ausstrahlenden 1. Kanals": an inflected adjective needs its noun, so the number
    # between them is an ordinal
    return before.casefold() in _ORDINAL_CONTEXT or before[:1].islower() and before.endswith(_ADJECTIVE_ENDINGS)


def _next_word(text: str, position: int, limit: int) -> str:
    """The next run of non-space characters (up to 40) after optional spaces, or ''."""
    scan = position
    while scan < limit and scan - position < 4 and text[scan] in " \t":
        scan += 1
    if scan == position or scan >= limit or text[scan] == "\n":
        return ""
    word_end = scan
    while word_end < limit and word_end - scan < 40 and (text[word_end].isalnum() or text[word_end] in "-"):
        word_end += 1
    return text[scan:word_end] or text[scan]


def split_sentences(text: str, max_tokens: int = MAX_SENTENCE_TOKENS) -> list[Sentence]:
    """Sentences of ``text``; every line break is a boundary, offsets are indices into ``text``."""
    sentences: list[Sentence] = []
    line_start = 0
    while line_start <= len(text):
        line_end = text.find("\n", line_start)
        if line_end == -1:
            line_end = len(text)
        tokens = tokenize(text, line_start, line_end)
        for group in _split_dateline(text, line_start, line_end, tokens) + _split_line(tokens):
            for chunk in _limit_length(group, max_tokens):
                sentences.append(Sentence(chunk[0].start, chunk[-1].end, chunk))
        line_start = line_end + 1
    return sentences


def _split_dateline(text: str, line_start: int, line_end: int, tokens: list[Token]) -> list[list[Token]]:
    """Remove a leading dateline from ``tokens`` (in place) and return it as its own sentence."""
    first = line_start
    while first < line_end and text[first] in " \t":
        first += 1
    match = _DATELINE.match(text, first, min(line_end, first + 200))
    if not match:
        return []
    count = 0
    while count < len(tokens) and tokens[count].end <= match.end():
        count += 1
    rest = tokens[count:]
    if count == 0 or not rest or not (rest[0].text[0].isupper() or rest[0].text[0] in "„\"»«"):
        return []  # "5. September 2025 war ein guter Tag" is a sentence, not a dateline
    dateline = tokens[:count]
    del tokens[:count]
    return [dateline]


def _split_line(tokens: list[Token]) -> list[list[Token]]:
    groups: list[list[Token]] = []
    current: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        current.append(token)
        index += 1
        following = tokens[index] if index < len(tokens) else None
        if token.text not in _SENTENCE_END_TOKENS and not _ends_list(token, following):
            continue
        # Closing quote marks and brackets glued to the punctuation belong to this sentence.
        while index < len(tokens) and tokens[index].text in _CLOSING_MARKS and tokens[index].start == current[-1].end:
            current.append(tokens[index])
            index += 1
        if index < len(tokens) and _continues_sentence(tokens[index]):
            continue
        groups.append(current)
        current = []
    if current:
        groups.append(current)
    return groups


def _continues_sentence(following: Token) -> bool:
    first = following.text[0]
    return following.text in _CONTINUATION_TOKENS or first.islower()


def _ends_list(token: Token, following: Token | None) -> bool:
    """"usw." and "etc." end a sentence when a capitalised word follows."""
    return token.text in _LIST_ENDINGS and following is not None and following.text[0].isupper()


def _limit_length(tokens: list[Token], max_tokens: int) -> list[list[Token]]:
    if len(tokens) <= max_tokens:
        return [tokens]
    chunks: list[list[Token]] = []
    start = 0
    while len(tokens) - start > max_tokens:
        window = tokens[start:start + max_tokens]
        # Prefer to cut after the last comma or semicolon in the window's second half.
        cut = next(
            (i + 1 for i in range(len(window) - 1, max_tokens // 2, -1) if window[i].text in {",", ";", ":"}),
            max_tokens,
        )
        chunks.append(tokens[start:start + cut])
        start += cut
    chunks.append(tokens[start:])
    return chunks

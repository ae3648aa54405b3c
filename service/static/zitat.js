/* zitat inspection page: sends the article to /v1/quotes and draws the answer onto the text.
 *
 * Offsets from the API are Python str indices, i.e. Unicode code points. JavaScript strings are
 * UTF-16, so an emoji counts 1 in Python and 2 here: every slice below goes through the
 * code-point array `cps`, never through String.prototype.slice with API offsets.
 */
"use strict";

(function () {
  const PALETTE_SIZE = 10;
  const BLOCK_TAGS = new Set([
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
  ]);
  // Markup that is not article text in an HTML source: comments, script/style bodies, tags,
  // character references and the JSON-escaped slash `\/` some feeds deliver.
  const HTML_TOKEN = /<!--[\s\S]*?-->|<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>|<\/?([A-Za-z][A-Za-z0-9]*)\b[^>]*>|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|\\\//g;
  const LOOKS_LIKE_HTML = /<\/?[A-Za-z][A-Za-z0-9]*\b[^>]*>|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
  const TYPE_LABELS = { direct: "direct", indirect: "indirect", mixed: "mixed", reported: "reported" };
  const ROLE_ORDER = ["speaker", "cue", "addressee"];

  const $ = (id) => document.getElementById(id);
  const state = { result: null, text: "", downloadUrl: null, speakerCursor: new Map() };

  /* ---------- offsets: code points <-> UTF-16 ---------- */

  /** For every UTF-16 index of `text` (and its end), the code-point index at that position. */
  function utf16ToCodePointIndex(text) {
    const map = new Int32Array(text.length + 1);
    let cp = 0;
    for (let i = 0; i < text.length; i++) {
      map[i] = cp;
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          map[i + 1] = cp;
          i++;
        }
      }
      cp++;
    }
    map[text.length] = cp;
    return map;
  }

  /* ---------- display pieces: what each stretch of the submitted text looks like on screen ---------- */

  const entityDecoder = document.createElement("textarea");
  function decodeEntity(reference) {
    entityDecoder.innerHTML = reference; // RCDATA: decodes references, never creates elements
    return entityDecoder.value;
  }

  /**
   * Pieces [start, end) in code points covering the whole text. A `copy` piece shows its
   * characters as they are; a replaced piece (tag, reference) shows `display` instead.
   */
  function displayPieces(text, cpIndex, asHtml) {
    const total = cpIndex[text.length];
    if (!asHtml) return [{ start: 0, end: total, copy: true }];
    const pieces = [];
    let last = 0;
    HTML_TOKEN.lastIndex = 0;
    let match;
    while ((match = HTML_TOKEN.exec(text)) !== null) {
      const start = cpIndex[match.index];
      const end = cpIndex[match.index + match[0].length];
      if (start > last) pieces.push({ start: last, end: start, copy: true });
      pieces.push({ start, end, copy: false, display: markupDisplay(match) });
      last = end;
    }
    if (last < total) pieces.push({ start: last, end: total, copy: true });
    return pieces;
  }

  function markupDisplay(match) {
    const token = match[0];
    if (token === "\\/") return "/";
    if (token.startsWith("&")) return decodeEntity(token);
    if (match[2] && BLOCK_TAGS.has(match[2].toLowerCase())) return "\n";
    return "";
  }

  /* ---------- speakers ---------- */

  function speakerKey(speaker) {
    if (!speaker) return "none";
    if (speaker.entity_id) return "entity:" + speaker.entity_id;
    if (speaker.name) return "name:" + speaker.name.toLowerCase();
    return "mention:" + speaker.text.toLowerCase();
  }

  function speakerLabel(speaker) {
    if (!speaker) return "Unattributed";
    return speaker.name || speaker.text;
  }

  /** Speakers in order of first quote, each with its colour class and its quotes. */
  function groupSpeakers(quotes) {
    const speakers = new Map();
    for (const quote of quotes) {
      const key = speakerKey(quote.speaker);
      if (!speakers.has(key)) {
        const colour = key === "none" ? "spk-none" : "spk-" + (speakers.size - (speakers.has("none") ? 1 : 0)) % PALETTE_SIZE;
        speakers.set(key, {
          key,
          label: speakerLabel(quote.speaker),
          kind: quote.speaker ? quote.speaker.kind : null,
          colour,
          mentions: new Set(),
          quotes: [],
        });
      }
      const entry = speakers.get(key);
      entry.quotes.push(quote);
      if (quote.speaker) entry.mentions.add(quote.speaker.text);
    }
    return speakers;
  }

  /* ---------- the article with its marks ---------- */

  /**
   * Quotes as properly nested containers, outermost first. A quote may lie inside another (a
   * direct quote within a reported one); one that only partly overlaps an earlier quote is
   * clipped to start where that one ends.
   */
  function quoteContainers(quotes, speakers) {
    const sorted = quoteParts(quotes).sort((a, b) => a.start - b.start || b.end - a.end);
    const containers = [];
    const open = [];
    for (const part of sorted) {
      let start = part.start;
      for (;;) {
        while (open.length && open[open.length - 1].end <= start) open.pop();
        const enclosing = open[open.length - 1];
        if (!enclosing || part.end <= enclosing.end) break;
        start = enclosing.end;
      }
      if (start >= part.end) continue;
      const colour = speakers.get(speakerKey(part.quote.speaker)).colour;
      const container = { start, end: part.end, depth: open.length, quote: part.quote, part: part.index, colour };
      containers.push(container);
      open.push(container);
    }
    return containers.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  /**
   * The stretches of text each quote's words fill: its `parts` (a quote interrupted by
   * „…“, sagte er, „…“ has two, the attribution between them is not the quote's words), or the
   * whole span for an answer without parts.
   */
  function quoteParts(quotes) {
    return quotes.flatMap((quote) => {
      const parts = quote.parts && quote.parts.length ? quote.parts : [{ start: quote.start, end: quote.end }];
      return parts.map((part, index) => ({ quote, index, start: part.start, end: part.end }));
    });
  }

  /** Speaker, cue and addressee spans; one span shared by several quotes is one mark. */
  function innerMarks(quotes, speakers) {
    const marks = new Map();
    for (const quote of quotes) {
      for (const role of ROLE_ORDER) {
        const span = quote[role];
        if (!span || span.end <= span.start) continue;
        const key = role + ":" + span.start + ":" + span.end;
        if (!marks.has(key)) {
          const colour = role === "speaker" ? speakers.get(speakerKey(quote.speaker)).colour : null;
          marks.set(key, { role, start: span.start, end: span.end, colour, quoteIds: [] });
        }
        marks.get(key).quoteIds.push(quote.id);
      }
    }
    return [...marks.values()].sort((a, b) => a.start - b.start || ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
  }

  function renderArticle(view, text, result, speakers) {
    const cpIndex = utf16ToCodePointIndex(text);
    const cps = Array.from(text);
    const asHtml = LOOKS_LIKE_HTML.test(text);
    const pieces = displayPieces(text, cpIndex, asHtml);
    const containers = quoteContainers(result.quotes, speakers);
    const marks = innerMarks(result.quotes, speakers);

    const bounds = new Set([0, cps.length]);
    for (const item of [...pieces, ...containers, ...marks]) {
      bounds.add(clamp(item.start, cps.length));
      bounds.add(clamp(item.end, cps.length));
    }
    const points = [...bounds].sort((a, b) => a - b);

    const fragment = document.createDocumentFragment();
    let pieceIndex = 0;
    let path = []; // the quote elements open at the current position, outermost first
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      while (pieces[pieceIndex].end <= start) pieceIndex++;
      const piece = pieces[pieceIndex];
      const shown = piece.copy ? cps.slice(start, end).join("") : start === piece.start ? piece.display : "";
      if (!shown) continue;

      const active = containers.filter((c) => c.start <= start && end <= c.end);
      let keep = 0;
      while (keep < path.length && keep < active.length && path[keep].container === active[keep]) keep++;
      path = path.slice(0, keep);
      for (const container of active.slice(keep)) {
        const element = quoteElement(container);
        (path.length ? path[path.length - 1].element : fragment).appendChild(element);
        path.push({ container, element });
      }
      let node = document.createTextNode(shown);
      for (const mark of marks) {
        if (mark.start <= start && end <= mark.end) node = wrapInnerMark(mark, node);
      }
      (path.length ? path[path.length - 1].element : fragment).appendChild(node);
    }
    view.replaceChildren(fragment);
  }

  function clamp(value, max) {
    return Math.max(0, Math.min(max, value));
  }

  function quoteElement(container) {
    const quote = container.quote;
    const mark = document.createElement("mark");
    mark.className = "quote " + container.colour + " type-" + quote.type + (container.depth ? " nested" : "");
    mark.tabIndex = 0;
    mark.dataset.quoteId = quote.id;
    mark.dataset.part = String(container.part);
    if (container.part) mark.tabIndex = -1; // one tab stop per quote, at its first part
    mark.dataset.speaker = speakerLabel(quote.speaker);
    mark.dataset.type = quote.type;
    return mark;
  }

  function wrapInnerMark(mark, node) {
    const span = document.createElement("span");
    span.className = mark.role + "-mark" + (mark.colour ? " " + mark.colour : "");
    span.dataset.role = mark.role;
    span.dataset.quotes = mark.quoteIds.join(" ");
    span.appendChild(node);
    return span;
  }

  /* ---------- side panel ---------- */

  function renderSpeakers(list, speakers) {
    list.replaceChildren();
    for (const speaker of speakers.values()) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "speaker-button";
      button.dataset.speakerKey = speaker.key;
      const mentions = [...speaker.mentions].filter((m) => m !== speaker.label);
      button.title = "Go to the next quote by " + speaker.label;
      const swatch = element("span", "swatch " + speaker.colour);
      swatch.setAttribute("aria-hidden", "true");
      const name = element("span", "speaker-name", speaker.label);
      const detail = element("span", "speaker-detail", [speaker.kind, mentions.length ? "as " + mentions.join(", ") : ""].filter(Boolean).join(" · "));
      const count = element("span", "speaker-count", String(speaker.quotes.length));
      count.setAttribute("aria-label", speaker.quotes.length === 1 ? "1 quote" : speaker.quotes.length + " quotes");
      button.append(swatch, name, count, detail);
      item.appendChild(button);
      list.appendChild(item);
    }
  }

  function speakerEdges(quotes, speakers) {
    const edges = new Map();
    for (const quote of quotes) {
      const speaker = speakers.get(speakerKey(quote.speaker));
      const addressee = quote.addressee ? quote.addressee.text : null;
      const key = speaker.key + "\u0000" + (addressee ? addressee.toLowerCase() : "");
      if (!edges.has(key)) edges.set(key, { speaker, addressee, quotes: [] });
      edges.get(key).quotes.push(quote);
    }
    return [...edges.values()];
  }

  function renderEdgeTable(table, edges) {
    const body = table.tBodies[0];
    body.replaceChildren();
    for (const edge of edges) {
      const row = document.createElement("tr");
      const speakerCell = element("td", "");
      speakerCell.append(swatchFor(edge.speaker.colour), document.createTextNode(edge.speaker.label));
      const addresseeCell = element("td", edge.addressee ? "" : "none", edge.addressee || "(none named)");
      row.append(speakerCell, addresseeCell, element("td", "num", String(edge.quotes.length)));
      body.appendChild(row);
    }
  }

  const SVG_NS = "http://www.w3.org/2000/svg";
  /** A two-column graph speaker -> addressee for the quotes that name an addressee. */
  function renderEdgeGraph(container, edges) {
    container.replaceChildren();
    const named = edges.filter((edge) => edge.addressee);
    if (!named.length) {
      container.appendChild(element("p", "hint", "No quote names an addressee."));
      return;
    }
    const left = [...new Map(named.map((e) => [e.speaker.key, e.speaker])).values()];
    const right = [...new Set(named.map((e) => e.addressee))];
    const rowHeight = 26;
    const height = Math.max(left.length, right.length) * rowHeight + 8;
    const width = 320;
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", named.map((e) => `${e.speaker.label} to ${e.addressee}: ${e.quotes.length}`).join("; "));
    const y = (index, count) => 4 + rowHeight / 2 + index * rowHeight + ((Math.max(left.length, right.length) - count) * rowHeight) / 2;
    for (const edge of named) {
      const line = document.createElementNS(SVG_NS, "path");
      const y1 = y(left.indexOf(edge.speaker), left.length);
      const y2 = y(right.indexOf(edge.addressee), right.length);
      line.setAttribute("d", `M 128 ${y1} C 160 ${y1}, 160 ${y2}, 192 ${y2}`);
      line.setAttribute("class", "edge " + edge.speaker.colour);
      line.setAttribute("stroke-width", String(Math.min(8, 1.5 + edge.quotes.length)));
      svg.appendChild(line);
    }
    left.forEach((speaker, index) => svg.appendChild(svgLabel(speaker.label, 124, y(index, left.length), "end", speaker.colour)));
    right.forEach((name, index) => svg.appendChild(svgLabel(name, 196, y(index, right.length), "start", "")));
    container.appendChild(svg);
  }

  function svgLabel(text, x, y, anchor, colour) {
    const label = document.createElementNS(SVG_NS, "text");
    label.setAttribute("x", String(x));
    label.setAttribute("y", String(y));
    label.setAttribute("text-anchor", anchor);
    label.setAttribute("dominant-baseline", "middle");
    label.setAttribute("class", "node-label " + colour);
    label.textContent = text.length > 22 ? text.slice(0, 21) + "…" : text;
    const title = document.createElementNS(SVG_NS, "title");
    title.textContent = text;
    label.appendChild(title);
    return label;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function swatchFor(colour) {
    const swatch = element("span", "swatch " + colour);
    swatch.setAttribute("aria-hidden", "true");
    return swatch;
  }

  /* ---------- quote details (tooltip and side panel) ---------- */

  function quoteById(id) {
    return state.result ? state.result.quotes.find((quote) => quote.id === id) : null;
  }

  function detailRows(quote) {
    const speaker = quote.speaker;
    return [
      ["Speaker", speaker ? speaker.name || speaker.text : "not found"],
      ["Mention", speaker ? `„${speaker.text}“ (${speaker.kind || "?"})` : "–"],
      ["Type", TYPE_LABELS[quote.type] || quote.type],
      ["Confidence", Math.round(quote.confidence * 100) + " %"],
      ["Cue", quote.cue ? quote.cue.text : "–"],
      ["Addressee", quote.addressee ? quote.addressee.text : "–"],
    ];
  }

  function fillDetails(target, quote) {
    const list = document.createElement("dl");
    for (const [term, value] of detailRows(quote)) {
      list.append(element("dt", "", term), element("dd", "", value));
    }
    target.replaceChildren(list);
  }

  function showQuote(mark) {
    const quote = quoteById(mark.dataset.quoteId);
    if (!quote) return;
    const tip = $("quote-tip");
    fillDetails(tip, quote);
    tip.hidden = false;
    placeTip(tip, mark);
    mark.setAttribute("aria-describedby", "quote-tip");
    fillDetails($("quote-details"), quote);
    for (const related of document.querySelectorAll(".article-text [data-quotes]")) {
      related.classList.toggle("related", related.dataset.quotes.split(" ").includes(quote.id));
    }
    for (const part of document.querySelectorAll(".article-text mark.quote")) {
      // the other parts of an interrupted quote light up with the one pointed at
      part.classList.toggle("same-quote", part !== mark && part.dataset.quoteId === quote.id);
    }
  }

  function hideQuote(mark) {
    $("quote-tip").hidden = true;
    if (mark) mark.removeAttribute("aria-describedby");
    for (const related of document.querySelectorAll(".article-text .related")) related.classList.remove("related");
    for (const part of document.querySelectorAll(".article-text .same-quote")) part.classList.remove("same-quote");
  }

  function placeTip(tip, mark) {
    // Below the quote's last line, or above its first line when there is no room below.
    const rects = mark.getClientRects();
    const whole = mark.getBoundingClientRect();
    const first = rects.length ? rects[0] : whole;
    const last = rects.length ? rects[rects.length - 1] : whole;
    const margin = 8;
    let below = true;
    let top = last.bottom + margin;
    if (top + tip.offsetHeight > window.innerHeight && first.top - tip.offsetHeight - margin > 0) {
      top = first.top - tip.offsetHeight - margin;
      below = false;
    }
    const anchorLeft = below ? last.left : first.left;
    const left = Math.max(margin, Math.min(anchorLeft, window.innerWidth - tip.offsetWidth - margin));
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = top + window.scrollY + "px";
  }

  /* ---------- talking to the service ---------- */

  function authHeaders() {
    const key = $("api-key").value.trim();
    return key ? { Authorization: "Bearer " + key } : {};
  }

  /** A readable sentence for an error response (problem+json where the service sent one). */
  async function describeError(response) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (_) {
      problem = null;
    }
    const parts = [];
    const title = (problem && problem.title) || response.statusText || "Error";
    parts.push(`${title} (HTTP ${response.status})`);
    if (problem && problem.detail) parts.push(problem.detail);
    if (problem && problem.errors) {
      for (const [field, messages] of Object.entries(problem.errors)) {
        parts.push(`${field}: ${[].concat(messages).map(flattenMessage).join("; ")}`);
      }
    }
    const advice = {
      401: "The service needs an API key: enter it under Settings.",
      403: "This API key may not use the service.",
      413: "Shorten the article or split it into parts.",
      429: retryAdvice(response.headers.get("Retry-After")),
      503: "The service is busy or the analysis took too long; try again shortly.",
    }[response.status];
    if (advice) parts.push(advice);
    return parts;
  }

  function flattenMessage(message) {
    return typeof message === "string" ? message : JSON.stringify(message);
  }

  function retryAdvice(retryAfter) {
    const seconds = Number(retryAfter);
    if (retryAfter && Number.isFinite(seconds)) return `Too many requests: try again in ${Math.ceil(seconds)} s.`;
    return "Too many requests: try again in a moment.";
  }

  async function analyse() {
    const text = $("article").value;
    const button = $("analyse-button");
    if (button.disabled) return; // a request is already under way
    if (!text.trim()) {
      showError(["There is no text to analyse.", "Paste an article, drop a file, or choose an example."]);
      $("article").focus();
      return;
    }
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    clearError();
    setStatus("Analysing…");
    const started = performance.now();
    try {
      const response = await fetch("v1/quotes", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", ...authHeaders() },
        body: JSON.stringify({ text }),
      });
      if (!response.ok) {
        showError(await describeError(response));
        setStatus("");
        return;
      }
      const result = await response.json();
      showResult(text, result, performance.now() - started);
    } catch (error) {
      showError(["Could not reach the service.", String(error && error.message ? error.message : error)]);
      setStatus("");
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  }

  function showResult(text, result, elapsedMs) {
    state.result = result;
    state.text = text;
    state.speakerCursor = new Map();
    const speakers = groupSpeakers(result.quotes);
    renderArticle($("article-view"), text, result, speakers);
    renderSpeakers($("speaker-list"), speakers);
    const edges = speakerEdges(result.quotes, speakers);
    renderEdgeTable($("edge-table"), edges);
    renderEdgeGraph($("edge-graph"), edges);
    $("quote-details").replaceChildren(element("p", "hint", "Hover over or tab to a highlighted quote."));
    updateDownload(result);
    $("model-info").textContent = `NER model ${result.model.ner}, pipeline ${result.model.pipeline}; text SHA-256 ${result.text_sha256.slice(0, 12)}…`;
    $("results").hidden = false;
    const named = [...speakers.keys()].filter((key) => key !== "none").length;
    setStatus(
      `${plural(result.quotes.length, "quote")} from ${plural(named, "speaker")}` +
        ` in ${Math.round(elapsedMs)} ms${result.cached ? " (from cache)" : ""}.`
    );
  }

  function plural(count, word) {
    return `${count} ${word}${count === 1 ? "" : "s"}`;
  }

  function updateDownload(result) {
    if (state.downloadUrl) URL.revokeObjectURL(state.downloadUrl);
    const blob = new Blob([JSON.stringify(result, null, 2)], { type: "application/json" });
    state.downloadUrl = URL.createObjectURL(blob);
    const link = $("download-link");
    link.href = state.downloadUrl;
    link.download = `zitat-${(result.id || result.text_sha256.slice(0, 12)).replace(/[^A-Za-z0-9._-]/g, "_")}.json`;
  }

  function setStatus(message) {
    $("status").textContent = message;
  }

  function showError(lines) {
    const box = $("error");
    box.replaceChildren(...lines.map((line, index) => element(index ? "p" : "strong", "", line)));
    box.hidden = false;
  }

  function clearError() {
    $("error").hidden = true;
    $("error").replaceChildren();
  }

  /* ---------- inputs ---------- */

  async function loadExamples() {
    const select = $("example-select");
    try {
      const response = await fetch("examples.json", { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const { examples } = await response.json();
      for (const example of examples) {
        const option = element("option", "", `${example.title} (${example.chars.toLocaleString("en")} chars)`);
        option.value = example.name;
        select.appendChild(option);
      }
      if (!examples.length) select.disabled = true;
    } catch (_) {
      select.disabled = true;
    }
  }

  async function loadExample(name) {
    if (!name) return;
    const response = await fetch("examples/" + encodeURIComponent(name));
    if (!response.ok) {
      showError(await describeError(response));
      return;
    }
    setArticle(await response.text(), `Example ${name} loaded. Press Analyse or Ctrl+Enter.`);
  }

  function setArticle(text, message) {
    $("article").value = text;
    updateCount();
    clearError();
    setStatus(message);
  }

  function updateCount() {
    const count = Array.from($("article").value).length;
    $("article-count").textContent = count ? `${count.toLocaleString("en")} characters.` : "";
  }

  async function readFile(file) {
    if (!file) return;
    setArticle(await file.text(), `File ${file.name} loaded. Press Analyse or Ctrl+Enter.`);
  }

  function focusNextQuoteOf(speakerKeyValue) {
    const marks = [...document.querySelectorAll('.article-text mark.quote[data-part="0"]')].filter((mark) => {
      const quote = quoteById(mark.dataset.quoteId);
      return quote && speakerKey(quote.speaker) === speakerKeyValue;
    });
    if (!marks.length) return;
    const index = ((state.speakerCursor.get(speakerKeyValue) ?? -1) + 1) % marks.length;
    state.speakerCursor.set(speakerKeyValue, index);
    marks[index].scrollIntoView({ block: "center", behavior: "smooth" });
    marks[index].focus({ preventScroll: true });
  }

  function wire() {
    const form = $("analyse-form");
    const article = $("article");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      analyse();
    });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        analyse();
      }
    });
    article.addEventListener("input", updateCount);
    $("example-select").addEventListener("change", (event) => loadExample(event.target.value));
    $("file-input").addEventListener("change", (event) => readFile(event.target.files[0]));
    article.addEventListener("dragover", (event) => {
      if ([...event.dataTransfer.types].includes("Files")) {
        event.preventDefault();
        article.classList.add("drop-target");
      }
    });
    article.addEventListener("dragleave", () => article.classList.remove("drop-target"));
    article.addEventListener("drop", (event) => {
      article.classList.remove("drop-target");
      if (event.dataTransfer.files.length) {
        event.preventDefault();
        readFile(event.dataTransfer.files[0]);
      }
    });

    const view = $("article-view");
    const markOf = (event) => event.target.closest && event.target.closest("mark.quote");
    view.addEventListener("mouseover", (event) => {
      const mark = markOf(event);
      if (mark) showQuote(mark);
    });
    view.addEventListener("mouseout", (event) => {
      const mark = markOf(event);
      if (mark && !mark.contains(event.relatedTarget) && document.activeElement !== mark) hideQuote(mark);
    });
    view.addEventListener("focusin", (event) => {
      const mark = markOf(event);
      if (mark) showQuote(mark);
    });
    view.addEventListener("focusout", (event) => hideQuote(markOf(event)));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hideQuote(document.activeElement && document.activeElement.closest ? document.activeElement.closest("mark.quote") : null);
    });
    $("speaker-list").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-speaker-key]");
      if (button) focusNextQuoteOf(button.dataset.speakerKey);
    });
    const storedKey = sessionStorage.getItem("zitat-api-key");
    if (storedKey) $("api-key").value = storedKey;
    $("api-key").addEventListener("change", (event) => sessionStorage.setItem("zitat-api-key", event.target.value));
  }

  // For the browser tests: draw a given answer without a request.
  window.zitat = { utf16ToCodePointIndex, showResult: (text, result) => showResult(text, result, 0) };

  document.addEventListener("DOMContentLoaded", () => {
    wire();
    loadExamples();
    updateCount();
  });
})();

"""A local corpus browser: ``quoteattr.serve(docs)`` and ``quoteattr serve FILE...``.

In the manner of displaCy's ``serve``: a small HTTP server from the standard library,
bound to 127.0.0.1, serving one self-contained page (inline CSS and JavaScript, no CDN)
and two JSON endpoints. The page lists every attribution of the corpus, filters them by
speaker, outlet (any relay in a chain), kind or text, and opens a document with the chosen
attribution highlighted; every link of its chain is clickable and filters by that entity,
and nested attributions link to their parent. The filters live in the URL
(``?speaker=…&outlet=…``), so a view can be bookmarked or shared.

Endpoints:
    ``/``                  the page
    ``/api/attributions``  ``{"documents": [...], "rows": [...]}``, one row per attribution
    ``/api/doc/<n>``       ``{"id", "html", "attributions"}`` for document ``n``
"""

from __future__ import annotations

import json
import logging
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union
from urllib.parse import unquote, urlsplit

from ._errors import InputError, OptionError
from ._output import dumps_line
from ._render import render
from ._types import AttributedDocument

__all__ = ["serve", "Server", "corpus_rows"]

logger = logging.getLogger("quoteattr")

_SNIPPET = 300  # characters of content shown in the table (the document view has all)


def _doc_id(doc: AttributedDocument, n: int) -> str:
    """The document's name on the page: its id, else its file, else its place.

    Why not ``id or file``: an id of 0 (records numbered from 0) is falsy, and its
    document was shown as "document 1", next to the document whose id is 1.
    """
    md = doc.metadata or {}
    name = next((md[k] for k in ("id", "file") if md.get(k) not in (None, "")), None)
    return str(name) if name is not None else f"document {n + 1}"


def corpus_rows(docs: Sequence[AttributedDocument]) -> Dict[str, Any]:
    """The table behind the page: documents and one row per attribution (JSON-ready)."""
    documents = []
    rows = []
    for n, doc in enumerate(docs):
        documents.append({"n": n, "id": _doc_id(doc, n), "attributions": len(doc.attributions)})
        for k, a in enumerate(doc.attributions):
            content = " … ".join(s.text for s in a.content)
            rows.append({
                "doc": n,
                "index": k,
                "kind": a.kind,
                "speaker": a.source.entity if a.source else "",
                "speaker_type": a.source.type if a.source else "",
                "source": a.source.text if a.source else "",
                "outlets": [r.source.entity for r in a.relayed_by],
                "chain": list(a.chain),
                "cue": " ".join(c.text for c in a.cue),
                "content": content if len(content) <= _SNIPPET else content[:_SNIPPET] + "…",
                "parent": a.parent,
                "confidence": round(a.confidence, 3),
            })
    return {"documents": documents, "rows": rows}


def _check_address(host: Any, port: Any) -> None:
    """Reject a host or port ``socket.bind`` would fail on with a raw error
    (``OverflowError: bind(): port must be 0-65535``)."""
    if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
        raise OptionError(f"port must be an integer 0-65535 (0 picks a free one), got {port!r}")
    if not isinstance(host, str) or not host or "\x00" in host:
        raise OptionError(f"host must be a host name or address such as '127.0.0.1', got {host!r}")


def _documents(docs: Any) -> List[AttributedDocument]:
    """``docs`` as a list of :class:`AttributedDocument`, else an :class:`InputError` saying so.

    Why: ``serve(None)`` raised a bare "'NoneType' object is not iterable", and
    ``Server(["text"], ...)`` an AttributeError deep in the table.
    """
    fix = "Run the pipeline first: serve([pipe(text) for text in texts])"
    if isinstance(docs, AttributedDocument):
        return [docs]
    if isinstance(docs, (str, bytes, bytearray, dict)) or not hasattr(docs, "__iter__"):
        raise InputError(f"serve() expects an AttributedDocument or an iterable of them, got {type(docs).__name__}. {fix}")
    out = list(docs)
    for i, d in enumerate(out):
        if not isinstance(d, AttributedDocument):
            raise InputError(f"serve() expects AttributedDocument objects; item {i} is {type(d).__name__}. {fix}")
    return out


def _doc_payload(docs: Sequence[AttributedDocument], n: int) -> Dict[str, Any]:
    doc = docs[n]
    table = corpus_rows([doc])["rows"]
    for r in table:
        r["doc"] = n
    return {"n": n, "id": _doc_id(doc, n), "html": render(doc), "attributions": table}


def _doc_number(path: str, n_docs: int) -> Optional[int]:
    """The document number of an ``/api/doc/<n>`` path, or None (a 404).

    Why not ``str.isdigit``: it is true for "²" and "١", which ``int`` then
    refuses or reads as another number, and for 5,000 digits, which ``int``
    refuses; either raised in the request thread, which printed a traceback and
    closed the connection without an answer.
    """
    n = path[len("/api/doc/"):] if path.startswith("/api/doc/") else ""
    if not (n.isascii() and n.isdigit() and len(n) <= 18):  # 18 digits: more documents than any list holds
        return None
    return int(n) if int(n) < n_docs else None


def _is_loopback(host: str) -> bool:
    """Whether ``host`` (what the server listens on) is this machine only."""
    import ipaddress

    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _local_name(header: str) -> bool:
    """Whether a request's ``Host`` header names this machine (``localhost``, a
    loopback address), with or without a port.

    Why: a server on 127.0.0.1 answers any request that reaches it, whatever name the
    browser used; a web page whose host name is made to resolve to 127.0.0.1 (DNS
    rebinding) would otherwise read the corpus through the browser as its own.
    """
    name = header.strip().lower()
    if name.startswith("["):  # [::1]:5000
        name = name[1:name.find("]")] if "]" in name else name[1:]
    elif name.count(":") == 1:
        name = name.rsplit(":", 1)[0]
    return _is_loopback(name.rstrip("."))


class Server:
    """A running corpus browser (returned by ``serve(..., block=False)``).

    Attributes:
        url: the page's address, e.g. ``http://127.0.0.1:5000/``.
    """

    def __init__(self, docs: Sequence[AttributedDocument], host: str, port: int):
        self._docs = _documents(docs)
        self._table = dumps_line(corpus_rows(self._docs)).encode("utf-8")  # lone surrogates escaped
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib name)
                logger.debug("serve: " + format, *args)

            def do_GET(self) -> None:  # noqa: N802 (stdlib name)
                server._handle(self)

        _check_address(host, port)
        try:
            self._httpd = ThreadingHTTPServer((host, port), Handler)
        except socket.gaierror as e:  # the host, not the port: "choose another port" would mislead
            raise OptionError(f"cannot listen on {host!r}: {e.strerror or e}; pass a host name or address of this "
                              "machine, such as '127.0.0.1'") from None
        except OSError as e:
            raise OptionError(f"cannot listen on {host}:{port}: {e.strerror or e}; choose another port (port=0 picks a free one)") from None
        except (OverflowError, UnicodeError, TypeError) as e:  # what socket.bind raises for odd values the check above let
            # through (TypeError "encoding of hostname failed" for a lone surrogate)
            raise OptionError(f"cannot listen on {host!r}:{port}: {e}; pass a host name or address and a port 0-65535") from None
        self._httpd.daemon_threads = True
        self.host, self.port = self._httpd.server_address[:2]
        self._loopback = _is_loopback(host) and _is_loopback(str(self.host))
        self.url = f"http://{self.host}:{self.port}/"
        self._thread: Optional[threading.Thread] = None

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        path = unquote(urlsplit(req.path).path)
        host = req.headers.get("Host")
        if self._loopback and host is not None and not _local_name(host):
            # a page on another site that had its name point at 127.0.0.1 (DNS rebinding)
            # would read the corpus as its own; a browser on this machine says localhost
            self._send(req, 403, "application/json", dumps_line({
                "error": f"Host {host[:100]!r} is not this server: it serves this machine only (a guard against DNS "
                         f"rebinding); open {self.url}"}).encode("utf-8"))
            return
        n = _doc_number(path, len(self._docs))
        if path == "/":
            self._send(req, 200, "text/html; charset=utf-8", _PAGE.encode("utf-8"))
        elif path == "/api/attributions":
            self._send(req, 200, "application/json", self._table)
        elif n is not None:
            body = dumps_line(_doc_payload(self._docs, n)).encode("utf-8")
            self._send(req, 200, "application/json", body)
        else:
            self._send(req, 404, "application/json", json.dumps({"error": f"no such page: {path}"}).encode())

    @staticmethod
    def _send(req: BaseHTTPRequestHandler, status: int, ctype: str, body: bytes) -> None:
        req.send_response(status)
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(body)))
        req.send_header("Cache-Control", "no-store")
        req.end_headers()
        req.wfile.write(body)

    def start(self) -> "Server":
        """Serve in a background thread (returns at once)."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="quoteattr-serve", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl-C)."""
        try:
            self._httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self.close()

    def close(self) -> None:
        """Stop serving and free the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<quoteattr.Server {self.url} documents={len(self._docs)}>"


def serve(
    docs: Union[AttributedDocument, Iterable[AttributedDocument]],
    port: int = 5000,
    host: str = "127.0.0.1",
    block: bool = True,
) -> Server:
    """Browse attributions in a web browser, like ``displacy.serve``.

    Args:
        docs: one ``AttributedDocument`` or several (results of ``Pipeline``, or read back
            with ``AttributedDocument.from_json``).
        port: the port; 0 picks a free one.
        host: the interface. The default keeps the page on this machine; the server has no
            authentication, so only widen it on a trusted network. Listening on this
            machine only, it answers only requests addressed to ``localhost`` or a
            loopback address (a 403 otherwise: a guard against DNS rebinding, by which a
            web page could read the corpus).
        block: serve until Ctrl-C (the default, as in displaCy). ``False`` starts a
            background thread and returns the running ``Server`` (for notebooks and tests);
            call ``.close()`` when done.

    Returns:
        The ``Server`` (already closed when ``block`` is true).
    """
    _check_address(host, port)
    docs = _documents(docs)
    server = Server(docs, host, port)
    if not block:
        return server.start()
    sys.stderr.write(f"quoteattr: serving {len(docs)} document(s) on {server.url} (Ctrl-C to stop)\n")
    server.serve_forever()
    return server


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>quoteattr</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{margin:0;font-family:system-ui,sans-serif;font-size:14px;color:#222}
header{padding:.6em 1em;background:#263238;color:#fff}
header b{font-size:1.1em}
#filters{padding:.5em 1em;background:#eceff1;display:flex;gap:.8em;flex-wrap:wrap;align-items:center}
#filters label{display:flex;gap:.3em;align-items:center}
main{display:flex;height:calc(100vh - 6.5em)}
#list{flex:1 1 50%;overflow:auto;border-right:1px solid #ccc}
#view{flex:1 1 50%;overflow:auto;padding:0 1em}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3em .5em;border-bottom:1px solid #eee;vertical-align:top}
tr.row{cursor:pointer}
tr.row:hover,tr.row.selected{background:#fff8e1}
.chain a,.entity{color:#0d47a1;cursor:pointer;text-decoration:underline}
.qa-focus{box-shadow:0 0 0 2px #d84315}
#count{color:#555}
#chain{margin:.6em 0;padding:.5em;background:#f5f5f5}
</style></head>
<body>
<header><b>quoteattr</b> &mdash; who said what, and who reported it</header>
<div id="filters">
 <label>speaker <select id="speaker"><option value="">(all)</option></select></label>
 <label>outlet <select id="outlet"><option value="">(all)</option></select></label>
 <label>kind <select id="kind"><option value="">(all)</option><option>direct</option><option>indirect</option><option>mixed</option></select></label>
 <label>text <input id="q" type="search" placeholder="words in the content"></label>
 <button id="clear" type="button">clear filters</button>
 <span id="count"></span>
</div>
<main>
 <div id="list"><table><thead><tr><th>document</th><th>chain</th><th>cue</th><th>content</th></tr></thead>
 <tbody id="rows"></tbody></table></div>
 <div id="view"><p>Choose an attribution to read it in its document.</p></div>
</main>
<script>
"use strict";
const LIMIT = 1000;
let DATA = {documents: [], rows: []};
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
const FILTERS = ["speaker", "outlet", "kind", "q"];

function fillSelect(id, counts) {
  const sel = $(id);
  for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const o = document.createElement("option");
    o.value = name; o.textContent = `${name} (${n})`;
    sel.appendChild(o);
  }
}
function ensureOption(id, value) {
  const sel = $(id);
  if (value && ![...sel.options].some((o) => o.value === value)) {
    const o = document.createElement("option");
    o.value = value; o.textContent = value; sel.appendChild(o);
  }
}
function state() {
  const s = {};
  for (const f of FILTERS) s[f] = $(f).value;
  return s;
}
function setFilter(name, value) {
  ensureOption(name, value);
  $(name).value = value;
  update();
}
function matches(r, s) {
  if (s.speaker && r.speaker !== s.speaker) return false;
  if (s.outlet && !r.outlets.includes(s.outlet)) return false;
  if (s.kind && r.kind !== s.kind) return false;
  if (s.q && !r.content.toLowerCase().includes(s.q.toLowerCase())) return false;
  return true;
}
function chainHtml(r) {
  const links = r.chain.map((e, i) => {
    const isSpeaker = i === r.chain.length - 1 && r.speaker === e;
    return `<a data-filter="${isSpeaker ? "speaker" : "outlet"}" data-value="${esc(e)}">${esc(e)}</a>`;
  });
  return `<span class="chain">${links.join(" &rarr; ") || "?"}</span>`;
}
function update(pushUrl = true) {
  const s = state();
  const hits = DATA.rows.filter((r) => matches(r, s));
  $("count").textContent = `${hits.length} of ${DATA.rows.length} attributions` + (hits.length > LIMIT ? ` (first ${LIMIT} shown)` : "");
  $("rows").innerHTML = hits.slice(0, LIMIT).map((r) =>
    `<tr class="row" data-doc="${r.doc}" data-index="${r.index}"><td>${esc(DATA.documents[r.doc].id)}</td>` +
    `<td>${chainHtml(r)}</td><td>${esc(r.cue)}</td><td>${esc(r.content)}</td></tr>`).join("");
  if (pushUrl) writeUrl();
}
function writeUrl(extra = {}) {
  const p = new URLSearchParams();
  const s = Object.assign(state(), extra);
  for (const [k, v] of Object.entries(s)) if (v !== "" && v !== undefined && v !== null) p.set(k, v);
  const q = p.toString();
  history.replaceState(null, "", q ? `?${q}` : location.pathname);
}
async function openAttribution(doc, index) {
  const res = await fetch(`/api/doc/${doc}`);
  const d = await res.json();
  const a = d.attributions[index];
  const parent = a.parent === null || a.parent === undefined ? "" :
    ` &middot; inside <a class="entity" id="parent-link" data-doc="${doc}" data-index="${a.parent}">attribution ${a.parent + 1}</a>`;
  const children = d.attributions.filter((c) => c.parent === index).map((c) =>
    `<a class="entity child-link" data-doc="${doc}" data-index="${c.index}">${esc(c.speaker || "?")}</a>`);
  $("view").innerHTML = `<h3>${esc(d.id)}</h3>` +
    `<div id="chain" data-doc="${doc}" data-index="${index}">${esc(a.kind)}: ${chainHtml(a)} &middot; cue <b>${esc(a.cue)}</b>${parent}` +
    (children.length ? ` &middot; nested: ${children.join(", ")}` : "") + `</div>` + d.html;
  let first = null;
  for (const el of $("view").querySelectorAll(`[data-attribution="${index}"]`)) {
    el.classList.add("qa-focus");
    first = first || el;
  }
  if (first) first.scrollIntoView({block: "center"});
  for (const tr of document.querySelectorAll("tr.row")) {
    tr.classList.toggle("selected", tr.dataset.doc === String(doc) && tr.dataset.index === String(index));
  }
  writeUrl({doc, att: index});
}
document.addEventListener("click", (ev) => {
  const link = ev.target.closest("[data-filter]");
  if (link) { ev.stopPropagation(); setFilter(link.dataset.filter, link.dataset.value); return; }
  const nav = ev.target.closest("[data-doc][data-index]");
  if (nav && nav.id !== "chain") openAttribution(Number(nav.dataset.doc), Number(nav.dataset.index));
});
for (const f of FILTERS) $(f).addEventListener(f === "q" ? "input" : "change", () => update());
$("clear").addEventListener("click", () => { for (const f of FILTERS) $(f).value = ""; update(); });
async function main() {
  DATA = await (await fetch("/api/attributions")).json();
  const speakers = new Map(), outlets = new Map();
  for (const r of DATA.rows) {
    if (r.speaker) speakers.set(r.speaker, (speakers.get(r.speaker) || 0) + 1);
    for (const o of new Set(r.outlets)) outlets.set(o, (outlets.get(o) || 0) + 1);
  }
  fillSelect("speaker", speakers);
  fillSelect("outlet", outlets);
  const p = new URLSearchParams(location.search);
  for (const f of FILTERS) if (p.get(f)) { ensureOption(f, p.get(f)); $(f).value = p.get(f); }
  update(false);
  if (p.get("doc") !== null && p.get("att") !== null) await openAttribution(Number(p.get("doc")), Number(p.get("att")));
  document.body.dataset.ready = "1";
}
main();
</script>
</body></html>
"""

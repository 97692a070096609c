"""`dossier serve`: live preview in the browser, like `mkdocs serve`.

Builds the HTML the PDF is laid out from, serves it on the loopback interface only,
watches seeds/, config.yaml and styles/, rebuilds on change and reloads the page.
A style-only change re-renders the prepared dossier without reading the articles
again. A failed rebuild keeps the last good page and shows the error on it; the
server keeps running.
"""
from __future__ import annotations

import html
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .config import load_config
from .errors import DossierError

log = logging.getLogger("dossier")

# Injected into the served page only (never into the written outputs): polls the
# build number and reloads when it changes.
RELOAD_SCRIPT = """
<script>
(function () {
  var current = %d;
  setInterval(function () {
    fetch('/__build').then(function (r) { return r.json(); }).then(function (s) {
      if (s.build !== current) { location.reload(); }
    }).catch(function () {});
  }, 700);
})();
</script>
"""


@dataclass
class PreviewState:
    """What the server shows: the last good page, and the last error, if any."""

    config_path: Path
    page: str = "<!DOCTYPE html><title>dossier</title><p>Building…</p>"
    error: str | None = None
    build: int = 0
    dossier: object = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rebuild(self, styles_only: bool = False) -> None:
        from .pipeline import prepare
        from .plan import plan_from_dossier
        from .render import html as html_render

        try:
            config = load_config(self.config_path)
            dossier = self.dossier if styles_only and self.dossier is not None else prepare(config)
            css = html_render.book_css(config) + "\n" + PREVIEW_CSS
            page = html_render.render_book(dossier, css)
            page = page.replace("<body>", "<body>" + _plan_panel(plan_from_dossier(dossier, config)), 1)
            with self.lock:
                self.page, self.error, self.dossier = page, None, dossier
                self.build += 1
            log.warning("rebuilt preview (%d articles)", len(dossier.articles))
        except DossierError as err:
            self._fail(str(err))
        except Exception as err:  # keep serving whatever happens
            self._fail(f"internal error: {type(err).__name__}: {err}")

    def _fail(self, message: str) -> None:
        with self.lock:
            self.error = message
            self.build += 1
        log.error("dossier: error: %s", message)

    def render(self) -> str:
        with self.lock:
            page, error, build = self.page, self.error, self.build
        if error:
            banner = (f'<div class="build-error" role="alert"><strong>Build failed:</strong> '
                      f'{html.escape(error)}<br>Showing the last good build.</div>')
            page = page.replace("<body>", "<body>" + banner, 1) if "<body>" in page else banner + page
        return page.replace("</body>", (RELOAD_SCRIPT % build) + "</body>", 1)


PREVIEW_CSS = """
/* Only in the live preview: the error banner and the plan panel. */
.build-error { border: 2px solid #b00; color: #b00; padding: 0.8em; margin-bottom: 1em; }
.plan { border: 1px solid #999; padding: 0.5em 1em; margin-bottom: 2em; font-size: 0.85em; }
.plan summary { cursor: pointer; font-weight: bold; }
"""


def _plan_panel(data: dict) -> str:
    """The `dossier plan` decisions, folded away until asked for."""
    rows = []
    for chapter in data["chapters"]:
        items = "".join(f"<li><strong>{html.escape(r['title'])}</strong> ({html.escape(r['id'])}): "
                        f"{html.escape(r['reason'])}</li>" for r in chapter["articles"])
        rows.append(f"<h3>{html.escape(chapter['title'])}</h3><ol>{items}</ol>")
    others = "".join(f"<li>{html.escape(r['title'])} ({html.escape(r['id'])}): {html.escape(r['status'])} — "
                     f"{html.escape(r['reason'])}</li>" for r in data["not_in_chapters"])
    if others:
        rows.append(f"<h3>Not in any chapter</h3><ul>{others}</ul>")
    return (f'<details class="plan" id="plan"><summary>Plan: where every article goes and why</summary>'
            f'{"".join(rows)}</details>')


def _handler(state: PreviewState):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            if self.path.split("?")[0] == "/__build":
                body = json.dumps({"build": state.build, "error": state.error}).encode()
                self._send(body, "application/json")
            elif self.path.split("?")[0] in ("/", "/index.html"):
                self._send(state.render().encode("utf-8"), "text/html; charset=utf-8")
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # quiet: the terminal shows builds, not requests
            pass

    return Handler


def watched_paths(config_path: Path) -> list[Path]:
    try:
        config = load_config(config_path)
        seeds, styles = config.seeds_dir, config.base_dir / "styles"
    except DossierError:
        seeds, styles = config_path.parent / "seeds", config_path.parent / "styles"
    return [p for p in (config_path, seeds, styles) if p.exists()]


def watch(state: PreviewState, stop: threading.Event) -> None:
    """Rebuild on every change; a change only under styles/ re-renders without re-reading."""
    from watchfiles import watch as watch_files

    paths = watched_paths(state.config_path)
    styles_dir = (state.config_path.parent / "styles").resolve()
    for changes in watch_files(*paths, stop_event=stop, debounce=300, step=100):
        changed = [Path(p).resolve() for _, p in changes]
        styles_only = all(p.is_relative_to(styles_dir) for p in changed)
        state.rebuild(styles_only=styles_only)


def make_server(config_path: Path, port: int = 8000) -> tuple[ThreadingHTTPServer, PreviewState, threading.Event]:
    """Build once, start the loopback server and the watcher; the caller runs serve_forever."""
    state = PreviewState(Path(config_path).resolve())
    state.rebuild()
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(state))
    stop = threading.Event()
    threading.Thread(target=watch, args=(state, stop), daemon=True).start()
    return server, state, stop


def serve(config_path: Path, port: int = 8000) -> None:
    server, state, stop = make_server(config_path, port)
    host, real_port = server.server_address[:2]
    print(f"Serving the dossier preview on http://{host}:{real_port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        server.server_close()
        time.sleep(0.1)

"""A tiny headless-Chromium driver for the HTML tests, standard library only.

It speaks the Chrome DevTools Protocol over ``--remote-debugging-pipe`` (the transport
Puppeteer uses): Chromium reads NUL-terminated JSON commands on file descriptor 3 and
writes replies and events on descriptor 4. That is enough to load a page, run
JavaScript in it, move the mouse and take a screenshot, without selenium, a driver
binary or a websocket library.

The browser is Debian's ``chromium`` package (``.ci/run`` installs it), or the binary named
by ``$QUOTEATTR_CHROMIUM``. Tests skip when none is found, unless
``QUOTEATTR_REQUIRE_BROWSER=1`` (set by ``.ci/run``) turns that into a failure.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, Optional

ARTIFACTS = Path(os.environ.get("QUOTEATTR_ARTIFACTS", Path(__file__).resolve().parents[1] / "build" / "test-artifacts"))


def find_chromium() -> Optional[str]:
    for name in (os.environ.get("QUOTEATTR_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class BrowserError(RuntimeError):
    pass


class Chromium:
    """One headless Chromium process with one page (tab)."""

    def __init__(self, executable: str, width: int = 1280, height: int = 900):
        self._profile = tempfile.mkdtemp(prefix="quoteattr-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire_fds() -> None:  # runs in the child before exec: the pipes become fds 3 and 4
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self._proc = subprocess.Popen(
            [executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
             "--remote-debugging-pipe", f"--user-data-dir={self._profile}",
             f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self._profile, "stderr.log"), "wb"),
            close_fds=False, preexec_fn=wire_fds,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._next_id = 0
        self._replies: Dict[int, Dict[str, Any]] = {}
        self.console: list = []
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Runtime.enable", session=True)
        self.call("Page.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    # ------------------------------------------------------------- transport
    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cond:
                    self._replies[-1] = {"error": {"message": "chromium exited"}}
                    self._cond.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                with self._cond:
                    if "id" in msg:
                        self._replies[msg["id"]] = msg
                        self._cond.notify_all()
                    elif msg.get("method") == "Runtime.exceptionThrown":
                        self.console.append(msg["params"]["exceptionDetails"].get("exception", {}).get("description"))

    def call(self, method: str, session: bool = False, timeout: float = 30, **params: Any) -> Dict[str, Any]:
        with self._cond:
            self._next_id += 1
            msg_id = self._next_id
        msg: Dict[str, Any] = {"id": msg_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self._session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        with self._cond:
            while msg_id not in self._replies and -1 not in self._replies:
                left = deadline - time.time()
                if left <= 0:
                    raise BrowserError(f"{method}: no reply from chromium in {timeout} s")
                self._cond.wait(left)
            reply = self._replies.pop(msg_id, None) or self._replies[-1]
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    # ------------------------------------------------------------- page helpers
    def goto(self, url: str, ready: str = "document.readyState === 'complete'", timeout: float = 30) -> None:
        self.call("Page.navigate", session=True, url=url)
        self.wait_for(ready, timeout)

    def set_content(self, html_text: str, name: str = "page.html") -> Path:
        """Load an HTML document from a file (file:// keeps it offline and self-contained)."""
        path = Path(self._profile) / name
        path.write_text(html_text, encoding="utf-8")
        self.goto(path.as_uri())
        return path

    def eval(self, expression: str) -> Any:
        res = self.call("Runtime.evaluate", session=True, expression=expression,
                        returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in res:
            raise BrowserError(f"JavaScript error: {res['exceptionDetails'].get('exception', {}).get('description')}")
        return res["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30) -> Any:
        deadline = time.time() + timeout
        while True:
            value = self.eval(expression)
            if value:
                return value
            if time.time() > deadline:
                raise BrowserError(f"timed out waiting for: {expression}")
            time.sleep(0.05)

    def hover(self, x: float, y: float) -> None:
        self.call("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=x, y=y)

    def click(self, selector: str) -> None:
        """A real mouse click at the centre of the first element matching ``selector``."""
        box = self.eval(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        if box is None:
            raise BrowserError(f"no element matches {selector}")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            extra = {} if kind == "mouseMoved" else {"button": "left", "clickCount": 1}
            self.call("Input.dispatchMouseEvent", session=True, type=kind, x=box[0], y=box[1], **extra)

    def screenshot(self, name: str) -> Path:
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except BrowserError:
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

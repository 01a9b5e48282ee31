"""Starting and stopping the page: a server on 127.0.0.1 only, the browser opened at its address.

The address carries a one-time key (``/?k=…``); the page answers only a browser that came with
it (a cookie set on the first visit), only on ``127.0.0.1``/``localhost`` (a page of another
site cannot reach it under its own name), and takes forms only with its own token from its own
origin (see :mod:`docgen.adapters.web.app`). The private folder is deleted when the server stops:
Ctrl+C, the «Завершить работу» button, or the window closed.
"""

from __future__ import annotations

import atexit
import signal
import sys
import threading
import webbrowser
from typing import Callable

HOST = "127.0.0.1"


def serve(port: int = 0, *, open_browser: bool = True, say: Callable[[str], None] = print) -> None:
    """Serve the page until stopped (blocks). ``port`` 0: a free one."""
    from werkzeug.serving import make_server  # noqa: PLC0415 — only for `docgen web`

    from docgen.adapters.web.app import create_app  # noqa: PLC0415 — imports Flask
    from docgen.adapters.web.state import State  # noqa: PLC0415 — with the app

    state = State()
    atexit.register(state.close)
    app = create_app(state)
    try:
        server = make_server(HOST, port, app, threaded=True)
    except OSError as exc:
        state.close()
        raise OSError(f"порт {port} занят или недоступен ({exc.strerror or exc})") from None
    app.config["DOCGEN_PORT"] = server.server_port
    app.config["DOCGEN_STOP"] = lambda: threading.Thread(target=server.shutdown, daemon=True).start()
    address = f"http://{HOST}:{server.server_port}/"
    say(f"docgen: страница открыта по адресу {address}?k={state.secret}")
    say("Не закрывайте это окно, пока работаете со страницей. Завершить — кнопка «Завершить работу» "
        "на странице или Ctrl+C здесь; временные файлы страницы будут удалены.")

    def stop(signum, frame):  # SIGTERM, SIGHUP (the window closed): stop like Ctrl+C
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, stop)
        if sys.platform == "win32" and hasattr(signal, "SIGBREAK"):
            signal.signal(signal.SIGBREAK, stop)
    if open_browser:
        threading.Timer(0.3, lambda: webbrowser.open(f"{address}?k={state.secret}")).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        state.close()
        say("docgen: страница остановлена, временные файлы удалены.")

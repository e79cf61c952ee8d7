"""A WSGI app served on a free port of 127.0.0.1 in a thread, for the tests that need a real URL:
the browser, and the emulators' callbacks to the API."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server


@contextmanager
def serving(app, *, join_requests: bool = False, **server_options) -> Iterator[str]:
    """Yields the base URL; on exit stops the server. `join_requests` makes closing wait for the
    requests still running, so none of them uses the database after the test disposed it."""
    server = make_server("127.0.0.1", 0, app, threaded=True, **server_options)
    server.daemon_threads = not join_requests
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

"""The attack the template safety checks stop is real: LibreOffice converting a package with a
linked picture fetches it from the network; `docgen make --pdf` with the same template in a pack
refuses it and sends nothing."""

from __future__ import annotations

import http.server
import subprocess
import threading

import pytest

from docgen import api
from docgen.errors import TemplateError
from tests.helpers import EXAMPLE
from tests.render.safety_support import linked_picture, pack_with, write_package

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes


def test_libreoffice_fetches_a_linked_picture_but_docgen_never_lets_it(tmp_path):
    """The attack is real — LibreOffice converting the raw package asks a local listener for the
    picture — and ``docgen make --pdf`` with the same template in a pack sends nothing."""
    hits: list[str] = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 — the http.server name
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}/leak.png"
        hostile = write_package(tmp_path / "order_intro.docx", lambda parts: linked_picture(parts, address))
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                        "--convert-to", "pdf", "--outdir", str(tmp_path / "raw"), str(hostile)],
                       capture_output=True, timeout=300, check=True)
        assert hits, "LibreOffice did not fetch the linked picture: the test proves nothing"
        hits.clear()
        pack = pack_with(tmp_path / "pack", hostile)
        with pytest.raises(TemplateError, match="связь с внешним ресурсом"):
            api.make(["chuzhoy:order_intro"], EXAMPLE, tmp_path / "out", pack_dirs=[pack], outputs=api.Outputs(pdf=True),
                     orders=api.OrderOptions(register=False, draft=True))
        assert hits == []
    finally:
        server.shutdown()

"""`docgen web`: docgen as a page in the browser, served from this computer only.

For people who never open a terminal and for office suites that run no docgen macros (Р7-Офис,
МойОфис): choose the registry, check it, choose documents and records, make them, download
the results. The page is an adapter like the command line: it calls :mod:`docgen.api` and
decides nothing itself.

Flask (and Werkzeug's server) is imported only when the page starts (:func:`serve`), so the
rest of docgen starts as fast as before.
"""

from __future__ import annotations

from docgen.adapters.web.server import serve

__all__ = ["serve"]

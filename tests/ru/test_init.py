"""docgen.ru as a package: its heavy libraries (pymorphy3, pytrovich) load on first use."""

from __future__ import annotations

import sys


def test_heavy_libraries_are_lazy() -> None:
    import importlib.util
    import subprocess

    code = (
        "import sys, docgen.ru; "
        "print(any(m.split('.')[0] in ('pymorphy3', 'pytrovich') for m in sys.modules))"
    )
    spec = importlib.util.find_spec("docgen")
    assert spec is not None and spec.submodule_search_locations
    root = str(__import__("pathlib").Path(list(spec.submodule_search_locations)[0]).parent)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert out.stdout.strip() == "False"

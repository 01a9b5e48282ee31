"""The built-in template pack, as a plugin like any other (entry point ``docgen.packs``).

Its folder is the repository's top level (``pack.yaml``, ``templates/``, ``schemas/``) in a
source checkout and ``docgen/_builtin/`` in an installed wheel.
"""

from __future__ import annotations

from pathlib import Path

from .hookspecs import hookimpl


@hookimpl
def register_packs() -> list[Path]:
    from .packs import builtin_root

    return [builtin_root()]

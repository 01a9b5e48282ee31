"""The hooks a docgen plugin may implement (pluggy, as pytest and datasette use it).

A plugin is a module of an installed Python distribution named in the ``docgen.packs``
entry-point group. It implements any subset of these hooks with ``@docgen.hookimpl``. Each
``register_*`` hook *returns* objects and docgen collects them, so plugins never change
docgen's state themselves. The built-in pack is a plugin of this kind too
(:mod:`docgen.builtin_pack`).

Code runs only from installed distributions: a pack given as a folder (``--pack DIR``) is
data only — templates, schemas, ``pack.yaml`` — and none of these hooks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pluggy

PROJECT = "docgen"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_packs() -> list[Path]:
    """Folders of template packs this plugin ships: each holds ``pack.yaml``, ``templates/``
    (.docx) and ``schemas/`` (.yaml). Usually ``[Path(__file__).parent]``."""


@hookspec
def register_filters() -> dict[str, Callable[..., Any]]:
    """Extra Jinja filters for templates, by name: ``{"share": share}``. A name docgen
    already has is refused. Filters run inside the sandbox's bounds but are trusted code."""


@hookspec
def register_field_types() -> dict[str, Callable[[Any, Any], Any]]:
    """Extra registry field types, by name, for the columns a pack adds in ``pack.yaml``.

    Each is ``parse(value, field) -> value``: ``value`` is a non-empty cell as read,
    ``field`` the column's :class:`docgen.schema.Field`. Raise :class:`docgen.CellError`
    with a Russian message for a value that can't be accepted; docgen adds the cell's place.
    """


@hookspec
def register_output_writers() -> dict[str, Any]:
    """Extra outputs of a batch, by name (``docgen make … --writer NAME``).

    Each is an object with ``title`` (Russian, shown in help and summaries) and
    ``write(documents, folder) -> list[Path]``: ``documents`` is a list of
    :class:`docgen.output.writers.WrittenDocument` (the batch's documents, already rendered),
    ``folder`` an empty staging folder to create files in. Returned files are published with
    the batch — all or nothing, like every other output.
    """

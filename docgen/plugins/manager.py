"""The one plugin manager: installed distributions in the ``docgen.packs`` entry-point group.

Entry points are loaded one by one (not with pluggy's ``load_setuptools_entrypoints``) so
that one broken plugin is reported — in ``docgen packs`` and when its templates are asked
for — instead of stopping docgen for every pack. The built-in pack is declared in docgen's
own ``pyproject.toml`` the same way; from a source checkout that was never installed it is
registered directly, through the same hook.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import Any

import pluggy

from docgen import DISTRIBUTION, __version__
from docgen.plugins import builtin, hookspecs, municipal
from docgen.schema.model import BUILTIN, MUNICIPAL

ENTRY_POINT_GROUP = "docgen.packs"


@dataclass(frozen=True)
class PluginInfo:
    """Where a plugin comes from, for `docgen packs` and for messages."""

    name: str  # the entry point's name
    distribution: str  # the Python distribution that installed it
    version: str
    module: Any = None  # None when it failed to load
    error: str = ""


@lru_cache(maxsize=1)
def manager() -> tuple[pluggy.PluginManager, tuple[PluginInfo, ...]]:
    """The plugin manager with every installed plugin registered, and what was found."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    found: list[PluginInfo] = []
    first = (BUILTIN, MUNICIPAL)  # the packs docgen ships lead, in this order
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP),
                     key=lambda e: (first.index(e.name) if e.name in first else len(first), e.name)):
        dist = getattr(ep, "dist", None)
        dist_name = dist.metadata["Name"] if dist is not None else "?"
        version = dist.version if dist is not None else "?"
        if pm.has_plugin(ep.name) or any(p.name == ep.name for p in found):
            found.append(PluginInfo(ep.name, dist_name, version,
                                    error=f"расширение с именем «{ep.name}» уже установлено другим пакетом"))
            continue
        try:
            module = ep.load()
            pm.register(module, name=ep.name)
        except Exception as exc:  # noqa: BLE001 — any failure of foreign code is reported, not raised
            found.append(PluginInfo(ep.name, dist_name, version,
                                    error=f"модуль не загружается ({type(exc).__name__}: {exc})"))
            continue
        found.append(PluginInfo(ep.name, dist_name, version, module=module))
    for position, (name, module) in enumerate(((BUILTIN, builtin), (MUNICIPAL, municipal))):
        if not pm.has_plugin(name):
            pm.register(module, name=name)
            found.insert(position, PluginInfo(name, DISTRIBUTION, __version__, module=module))
    return pm, tuple(found)


def plugin_infos() -> tuple[PluginInfo, ...]:
    return manager()[1]


def hook_results(hook_name: str) -> list[tuple[PluginInfo, Any]]:
    """Call one hook on every loaded plugin separately, so each result knows its plugin and
    a plugin whose hook fails is named in the error rather than hiding the others."""
    pm, infos = manager()
    results = []
    for info in infos:
        if info.module is None:
            continue
        impl = getattr(info.module, hook_name, None)
        if impl is None or not hasattr(impl, "docgen_impl"):
            continue
        hook = pm.subset_hook_caller(hook_name, remove_plugins=[m for m in pm.get_plugins()
                                                                if m is not info.module])
        for value in hook():  # one plugin: at most one result
            results.append((info, value))
    return results

"""docgen: documents of the mentorship target model (ЦМН) from one registry workbook.

The public API lives in :mod:`docgen.api`; errors in :mod:`docgen.errors`. A plugin (a
template pack with code) writes ``from docgen import hookimpl, CellError`` and never imports
pluggy itself; both are loaded on first use so that ``docgen --help`` stays fast.
"""

__version__ = "0.1.0"
#: The name on PyPI (``pip install docgen-shkola``): «docgen» there is an unrelated project.
#: The import package and the command keep the name ``docgen``.
DISTRIBUTION = "docgen-shkola"
__all__ = ["DISTRIBUTION", "CellError", "__version__", "hookimpl"]


def __getattr__(name: str):
    if name == "hookimpl":
        from docgen.plugins.hookspecs import hookimpl  # noqa: PLC0415 — pluggy: only a plugin needs it

        return hookimpl
    if name == "CellError":
        from docgen.records.fieldtypes import CellError  # noqa: PLC0415 — loaded when a plugin asks for it

        return CellError
    raise AttributeError(f"module 'docgen' has no attribute {name!r}")

"""The package's architecture, checked on its source (no docgen code runs):

* the import-linter contracts of pyproject.toml hold (the layers, the independent adapters);
* no import cycle anywhere in docgen (module by module, lazy imports included);
* click, xlwings and uno are imported by their adapter only (docgen/adapters/);
* every import inside a function says why it is not at module level
  (``# noqa: PLC0415 — reason``: a heavy library loaded on first use); ruff's PLC0415 finds the
  ones without a noqa, this test the ones without a reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

from tests.helpers import ROOT

DOCGEN = ROOT / "docgen"
# library → the adapter that may import it (the module or the package)
ADAPTER_LIBRARIES = {
    "click": "docgen.adapters.cli",
    "xlwings": "docgen.adapters.excel",
    "uno": "docgen.adapters.lo",
    "unohelper": "docgen.adapters.lo",
}
LAZY_IMPORT = "# noqa: PLC0415 — "


def sources() -> list[tuple[str, Path, ast.Module]]:
    """(module name, path, syntax tree) of every module of docgen."""
    found = []
    for path in sorted(DOCGEN.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, path, ast.parse(path.read_text(encoding="utf-8"), str(path))))
    return found


def imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    """Absolute names an import statement imports (relative imports stay inside docgen)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return [node.module] if node.module and not node.level else []


def test_import_contracts_hold(capsys):
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


def test_no_import_cycles():
    graph = grimp.build_graph("docgen", cache_dir=None)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cycles: list[list[str]] = []
    for root in sorted(graph.modules):  # Tarjan's strongly connected components, without recursion
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.find_modules_directly_imported_by(target)))))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1 or graph.direct_import_exists(importer=module, imported=module):
                    cycles.append(sorted(component))
    assert len(index) > 50, "docgen's modules were not found"
    assert cycles == []


def test_adapter_libraries_stay_in_their_adapter():
    misplaced = []
    for name, path, tree in sources():
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for module in imported(node):
                owner = ADAPTER_LIBRARIES.get(module.split(".")[0])
                if owner and not (name == owner or name.startswith(owner + ".")):
                    misplaced.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module} (only {owner} may)")
    assert misplaced == []


def test_imports_inside_functions_say_why():
    unexplained = []
    for _, path, tree in sources():
        lines = path.read_text(encoding="utf-8").splitlines()
        for scope in ast.walk(tree):
            if not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            for node in ast.walk(scope):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    text = lines[node.lineno - 1:node.end_lineno]
                    if not any(LAZY_IMPORT in line and line.split(LAZY_IMPORT, 1)[1].strip() for line in text):
                        unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[0].strip()}")
    assert sorted(set(unexplained)) == []

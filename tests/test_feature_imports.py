"""The shape of the code: features depend on each other one way, and never on the admin area.

A feature is a package directly under quiz_app (exam, certificates, admin, …); each section
of the partner area (partner/leads, partner/accounts, …) counts as a feature of its own.
Single-file modules beside them (audit, clock, extensions, …) are neutral homes, not features.
Imports inside functions count too: a lazy import does not remove a dependency.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import quiz_app

PACKAGE = Path(quiz_app.__file__).parent
SPLIT_PACKAGES = {"partner"}  # packages whose sub-packages are features of their own


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def feature_of(module: str) -> str | None:
    parts = module.split(".")[1:]
    if not parts or not (PACKAGE / parts[0]).is_dir():
        return None  # quiz_app itself (the factory) or a neutral module beside the features
    if parts[0] in SPLIT_PACKAGES and len(parts) > 1 and (PACKAGE / parts[0] / parts[1]).is_dir():
        return f"{parts[0]}.{parts[1]}"
    return parts[0]


def absolute_origin(node: ast.ImportFrom, package: str) -> str:
    """The module a `from … import` names, with relative levels resolved against `package`."""
    if not node.level:
        return node.module or ""
    base = package.split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imported_modules(path: Path) -> set[str]:
    """Every module that `path` imports, resolved to an absolute name."""
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            origin = absolute_origin(node, package)
            found.add(origin)
            # `from . import audit` imports the module quiz_app.audit
            found.update(f"{origin}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("quiz_app")}


def existing(module: str) -> str:
    """The longest prefix of `module` that is a module of ours (drops imported attributes)."""
    parts = module.split(".")
    while len(parts) > 1:
        relative = Path(*parts[1:])
        if (PACKAGE / relative).is_dir() or (PACKAGE / relative).with_suffix(".py").is_file():
            return ".".join(parts)
        parts.pop()
    return "quiz_app"


def dependencies() -> dict[str, dict[str, set[str]]]:
    """feature -> feature it imports -> the modules whose imports make that edge."""
    graph: dict[str, dict[str, set[str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        source_feature = feature_of(source)
        if source_feature is None:
            continue
        edges = graph.setdefault(source_feature, {})
        for target in map(existing, imported_modules(path)):
            target_feature = feature_of(target)
            if target_feature not in (None, source_feature):
                edges.setdefault(target_feature, set()).add(source)
    return graph


def test_the_graph_sees_known_edges():
    # Guards the walker itself: these imports exist and must be found.
    graph = dependencies()
    assert "certificates" in graph["partner"]
    assert "partner.accounts" in graph["partner.store"]
    assert feature_of("quiz_app.audit") is None
    assert feature_of("quiz_app.admin.bank.routes") == "admin"
    assert feature_of("quiz_app.partner.leads.services") == "partner.leads"


def test_only_admin_imports_the_admin_area():
    offenders = {
        module
        for feature, edges in dependencies().items()
        for module in edges.get("admin", ())
        if feature != "admin"
    }
    assert not offenders, f"modules that load the admin area: {sorted(offenders)}"


def test_no_import_cycle_between_features():
    graph = dependencies()
    cycles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, {})):
            if state.get(target) == "open":
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for feature in sorted(graph):
        if feature not in state:
            visit(feature, [feature])
    described = [
        " → ".join(cycle)
        + " ("
        + "; ".join(
            f"{a}→{b} in {', '.join(sorted(graph[a][b]))}" for a, b in itertools.pairwise(cycle)
        )
        + ")"
        for cycle in cycles
    ]
    assert not cycles, "import cycles between features:\n" + "\n".join(described)


def private_imports() -> list[str]:
    """`from X import _name` or `module._name` reaching into another feature (or module).

    Private names of the libraries we use are another matter (docs/benchmarks.md lists the
    ones the hot path relies on, each with a test that fails when the library changes them).
    """
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        own = feature_of(source) or source
        package = source if path.name == "__init__.py" else source.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        imported_as: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                origin = absolute_origin(node, package)
                if not origin.startswith("quiz_app"):
                    continue
                for alias in node.names:
                    imported_as[alias.asname or alias.name] = f"{origin}.{alias.name}"
                    target = existing(f"{origin}.{alias.name}")
                    if alias.name.startswith("_") and (feature_of(target) or target) != own:
                        found.append(f"{source}: from {origin} import {alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    imported_as[alias.asname or alias.name] = alias.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and node.value.id in imported_as
            ):
                target = imported_as[node.value.id]
                is_our_module = target.startswith("quiz_app") and existing(target) == target
                if is_our_module and (feature_of(target) or target) != own:
                    found.append(f"{source}: {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_features_private_names():
    assert private_imports() == []

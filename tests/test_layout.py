"""The house rules of the code layout that a machine can check (CONTRIBUTING.md, "Layout"):

* no page opens a session: pages read through ``ui.state`` (``cached_query``) and write through ``run_write``;
* nothing outside ``ui/`` and ``pages/`` (and the two entry points) imports streamlit;
* the modules of ``portfolio/`` and ``ui/`` import each other without a cycle (a function-level import counts too).

Each rule is a function over source text, so the tests below also show that it fails on a breach.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SESSION_NAMES = frozenset({"read_session", "unit_of_work", "Session", "sessionmaker"})
STREAMLIT_ALLOWED = ("ui/", "pages/", "app.py", "serve.py")


def _sources(*folders: str) -> Iterable[Path]:
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every module ``module`` imports (absolute names; ``from x import y`` counts as x and x.y)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def session_openers(source: str) -> list[str]:
    """The session names a page's source uses (imported or called)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom | ast.Import):
            names.update(alias.asname or alias.name.rsplit(".", 1)[-1] for alias in node.names)
        elif isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
    return sorted(names & SESSION_NAMES)


def imports_streamlit(source: str) -> bool:
    return any(name == "streamlit" or name.startswith("streamlit.")
               for name in _imported(ast.parse(source), "x", False))


def import_graph(modules: dict[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """``{module: (source, is_package)}`` -> the edges between these modules (imports of anything else are left out)."""
    graph: dict[str, set[str]] = {}
    for module, (source, is_package) in modules.items():
        targets = set()
        for name in _imported(ast.parse(source), module, is_package):
            # "from portfolio.auth import messages" names the module portfolio.auth.messages, or else the package
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module and not module.startswith(name + "."):
                targets.add(name)  # a module importing its own package's __init__ is how packages work
        graph[module] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, …, a], or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


# --- the rules on this code base --------------------------------------------------------------------------------


def test_no_page_opens_a_session():
    offenders = {str(path.relative_to(ROOT)): names for path in _sources("pages")
                 if (names := session_openers(path.read_text(encoding="utf-8")))}
    assert offenders == {}, f"pages read through ui.state.cached_query and write through run_write: {offenders}"


def test_only_ui_and_pages_import_streamlit():
    offenders = []
    for path in [*_sources("portfolio", "scripts"), *ROOT.glob("*.py")]:  # benchmarks/ and tests/ drive pages
        relative = path.relative_to(ROOT).as_posix()
        if not relative.startswith(STREAMLIT_ALLOWED) and imports_streamlit(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == [], f"only ui/ and pages/ may import streamlit: {offenders}"


def test_no_import_cycle_among_portfolio_and_ui():
    modules = {_module_name(path): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
               for path in _sources("portfolio", "ui") if "migrations" not in path.parts}
    cycle = find_cycle(import_graph(modules))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


# --- each rule fails on a breach ---------------------------------------------------------------------------------


def test_the_session_rule_sees_an_import_and_a_call():
    assert session_openers("from portfolio.db import read_session\nwith read_session(e) as s: pass") == [
        "read_session"]
    assert session_openers("import portfolio.db as db\nwith db.unit_of_work(e) as s: pass") == ["unit_of_work"]
    assert session_openers("from ui.state import cached_query\ncached_query(f)") == []


def test_the_streamlit_rule_sees_every_form_of_import():
    assert imports_streamlit("import streamlit as st")
    assert imports_streamlit("from streamlit.testing.v1 import AppTest")
    assert imports_streamlit("def f():\n    import streamlit\n")
    assert not imports_streamlit("import streamlit_like\nfrom portfolio import st")


def test_the_cycle_rule_names_the_cycle():
    modules = {
        "ui": ("", True),
        "ui.auth": ("def f():\n    from ui.sidebar import current_language\n", False),
        "ui.sidebar": ("from ui.auth import current_user\n", False),
        "ui.state": ("from portfolio.db import make_engine\n", False),
        "portfolio": ("", True),
        "portfolio.db": ("from . import models\n", False),
        "portfolio.models": ("", False),
    }
    assert find_cycle(import_graph(modules)) == ["ui.auth", "ui.sidebar", "ui.auth"]
    modules["ui.auth"] = ("from ui.state import get_engine\n", False)
    assert find_cycle(import_graph(modules)) is None
    modules["portfolio.models"] = ("from portfolio.db import Base\n", False)  # a relative import's target counts
    assert find_cycle(import_graph(modules)) == ["portfolio.db", "portfolio.models", "portfolio.db"]

"""Contract: an edge makes one core write per request. Every function in the native API, the
dialects and the web UI may reach at most one call to a state-changing core function, counting
the calls made by the helpers it calls in the same module; orchestrating several writes is the
job of a use case in ``polydesk.flows``.

A core function is taken as a write by its name (the service naming rule: verbs such as
``create_``, ``add_``, ``set_``, ``log_`` ... change state; ``get_``, ``list_``, ``require_``
read). A call inside a loop counts once: the same write applied to each item given."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "polydesk"
EDGES = (SRC / "api", SRC / "dialects", SRC / "web")
WRITE_PREFIXES = (
    "accept_", "add_", "apply_", "approve_", "cancel_", "change_", "claim_", "close_",
    "create_", "delete_", "disable_", "enable_", "end_", "enter_", "link_", "log_", "merge_",
    "move_", "open_", "post_", "propose_", "queue_", "reassign_", "record_", "reject_",
    "relate_", "remove_", "reopen_", "revoke_", "set_", "start_", "stop_", "store_",
    "unlink_", "update_", "vote_",
)  # fmt: skip
EDGE_PACKAGES = ("polydesk.api", "polydesk.dialects", "polydesk.web")


def _is_core(module: str) -> bool:
    return module.startswith("polydesk.") and not module.startswith(EDGE_PACKAGES)


class _Module:
    """The core writes a module imports, and its functions' bodies."""

    def __init__(self, path: Path) -> None:
        tree = ast.parse(path.read_text(), str(path))
        self.path = path
        self.writes: set[str] = set()  # names bound to core write functions
        self.core_modules: set[str] = set()  # names bound to core modules
        self.functions: dict[str, ast.AST] = {}
        self.edge_imports: dict[str, tuple[str, str]] = {}  # name -> (edge module, function)
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    self.functions.setdefault(node.name, node)
            elif node.module.startswith(EDGE_PACKAGES):
                for alias in node.names:
                    self.edge_imports[alias.asname or alias.name] = (node.module, alias.name)
            elif _is_core(node.module):
                for alias in node.names:
                    name = alias.asname or alias.name
                    if alias.name.startswith(WRITE_PREFIXES):
                        self.writes.add(name)
                    elif alias.name.islower():
                        self.core_modules.add(name)  # maybe a module: checked at the call

    def direct_writes(self, function: ast.AST) -> list[str]:
        found = []
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            callee = node.func
            if isinstance(callee, ast.Name) and callee.id in self.writes:
                found.append(callee.id)
            elif (
                isinstance(callee, ast.Attribute)
                and isinstance(callee.value, ast.Name)
                and callee.value.id in self.core_modules
                and callee.attr.startswith(WRITE_PREFIXES)
            ):
                found.append(f"{callee.value.id}.{callee.attr}")
        return found

    def edge_calls(self, function: ast.AST) -> list[str]:
        """Functions of this module, or imported from another edge module, that it calls."""
        return [
            node.func.id
            for node in ast.walk(function)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and (node.func.id in self.functions or node.func.id in self.edge_imports)
        ]


class _Edges:
    """Every edge module, so a helper imported from a sibling module is followed too."""

    def __init__(self, modules: Iterable[_Module]) -> None:
        self.modules = {_dotted(module.path): module for module in modules}

    def reachable_writes(
        self, module: _Module, name: str, seen: frozenset[tuple[str, str]] = frozenset()
    ) -> list[str]:
        if name in module.edge_imports and name not in module.functions:
            dotted, original = module.edge_imports[name]
            target = self.modules.get(dotted)
            if target is None or original not in target.functions:
                return []  # a class or constant, not a function
            return self.reachable_writes(target, original, seen)
        key = (_dotted(module.path), name)
        if key in seen:
            return []
        function = module.functions[name]
        writes = module.direct_writes(function)
        for callee in module.edge_calls(function):
            writes += self.reachable_writes(module, callee, seen | {key})
        return writes


def _dotted(path: Path) -> str:
    if not path.is_relative_to(SRC.parent):
        return path.stem  # a module written by a test
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _edges(paths: Iterable[Path] = ()) -> _Edges:
    found = [path for root in EDGES for path in sorted(root.rglob("*.py"))]
    return _Edges(_Module(path) for path in [*found, *paths])


def _offenders() -> list[str]:
    edges = _edges()
    offenders = []
    for module in edges.modules.values():
        for name in module.functions:
            writes = edges.reachable_writes(module, name)
            if len(writes) > 1:
                where = module.path.relative_to(SRC)
                offenders.append(f"{where}:{name} -> {', '.join(writes)}")
    return offenders


def test_every_edge_function_reaches_at_most_one_core_write() -> None:
    assert _offenders() == []


def test_the_contract_sees_a_second_write(tmp_path: Path) -> None:
    """The check itself can fail: an edge function creating a ticket and then linking it."""
    source = tmp_path / "op.py"
    source.write_text(
        "from polydesk.tickets.service import create_ticket\n"
        "from polydesk.tickets.links import link_tickets\n"
        "def _link(s, a, t):\n    link_tickets(s, a, t.id, [1])\n"
        "def op(s, a, c):\n    t = create_ticket(s, a, c)\n    _link(s, a, t)\n"
    )
    module = _Module(source)
    assert _Edges([module]).reachable_writes(module, "op") == ["create_ticket", "link_tickets"]

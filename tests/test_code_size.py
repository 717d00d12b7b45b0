"""Size rules that can fail (CONTRIBUTING.md, "Size rules"): no module in src/polydesk over
MAX_MODULE_LINES physical lines, no function or method over MAX_FUNCTION_LINES lines (``def``
line to last line, nested functions counted on their own too), measured with the ast module.

Today's offenders are listed below with their current sizes. They may shrink, never grow: an
entry is a ceiling, and when the code shrinks the test asks for the ceiling to come down with
it (a ratchet), and for the entry to go once the code is within the rule. Any new offender
fails. Split a module that grows past the limit into a package by use case; split a function
into named steps.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "polydesk"

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60

#: Alembic revisions are frozen history: once released they are never edited (only new
#: revisions are added), so they could not be split to meet the rules anyway.
EXCLUDED = ("polydesk/migrations/versions/",)

#: Modules over MAX_MODULE_LINES today -> their size when the rule came in (the ceiling).
ALLOWED_MODULES: dict[str, int] = {
    # The seeded catalogs (statuses, priorities, types, close reasons ...): data, one literal
    # per row; could move to a data file.
    "polydesk/catalogs/defaults.py": 546,
}

#: Functions over MAX_FUNCTION_LINES today ("module:qualified.name" -> its length). None.
ALLOWED_FUNCTIONS: dict[str, int] = {}


@dataclass(frozen=True)
class Size:
    name: str  # "polydesk/x.py" for a module, "polydesk/x.py:Class.method" for a function
    lines: int


def modules(package: Path) -> Iterator[tuple[str, str]]:
    """(path relative to the package's parent, source) of every module, exclusions left out."""
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package.parent).as_posix()
        if not name.startswith(EXCLUDED):
            yield name, path.read_text(encoding="utf-8")


def module_sizes(package: Path) -> Iterator[Size]:
    for name, source in modules(package):
        yield Size(name, len(source.splitlines()))


def function_sizes(package: Path) -> Iterator[Size]:
    for name, source in modules(package):
        yield from _functions(ast.parse(source, filename=name), f"{name}:")


def _functions(node: ast.AST, prefix: str) -> Iterator[Size]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            qualified = f"{prefix}{child.name}"
            end = child.end_lineno if child.end_lineno is not None else child.lineno
            yield Size(qualified, end - child.lineno + 1)
            yield from _functions(child, f"{qualified}.")
        elif isinstance(child, ast.ClassDef):
            yield from _functions(child, f"{prefix}{child.name}.")
        else:
            yield from _functions(child, prefix)


def problems(sizes: Iterator[Size], limit: int, allowed: dict[str, int]) -> list[str]:
    """Everything wrong with ``sizes`` against ``limit`` and its ``allowed`` ceilings: new
    offenders, grown offenders, and ceilings that the code has come under (ratchet)."""
    found: list[str] = []
    seen = set()
    for size in sizes:
        seen.add(size.name)
        ceiling = allowed.get(size.name)
        if ceiling is None:
            if size.lines > limit:
                found.append(f"{size.name}: {size.lines} lines, over the limit of {limit}")
        elif size.lines > ceiling:
            found.append(f"{size.name}: grew to {size.lines} lines (allowed {ceiling}); shrink it")
        elif size.lines <= limit:
            found.append(f"{size.name}: {size.lines} lines, within {limit}: drop its allowance")
        elif size.lines < ceiling:
            found.append(f"{size.name}: shrank to {size.lines}: lower its allowance to that")
    found += [f"{name}: allowed but gone: drop its allowance" for name in allowed.keys() - seen]
    return found


def test_no_module_over_the_limit() -> None:
    assert problems(module_sizes(PACKAGE), MAX_MODULE_LINES, ALLOWED_MODULES) == []


def test_no_function_over_the_limit() -> None:
    assert problems(function_sizes(PACKAGE), MAX_FUNCTION_LINES, ALLOWED_FUNCTIONS) == []


def test_the_check_fails_when_it_should(tmp_path: Path) -> None:
    package = tmp_path / "polydesk"
    package.mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(70))
    (package / "big.py").write_text(
        f"class A:\n    def long(self) -> None:\n{body.replace('    ', '        ')}\n"
        + "\n".join(f"y{i} = {i}" for i in range(500))
        + "\n"
    )
    (package / "small.py").write_text(f"def f() -> None:\n{body}\n")

    assert problems(module_sizes(package), 500, {}) == [
        "polydesk/big.py: 572 lines, over the limit of 500"
    ]
    assert problems(function_sizes(package), 60, {}) == [
        "polydesk/big.py:A.long: 71 lines, over the limit of 60",
        "polydesk/small.py:f: 71 lines, over the limit of 60",
    ]
    assert problems(module_sizes(package), 500, {"polydesk/big.py": 571}) == [
        "polydesk/big.py: grew to 572 lines (allowed 571); shrink it"
    ]
    assert problems(module_sizes(package), 500, {"polydesk/big.py": 600}) == [
        "polydesk/big.py: shrank to 572: lower its allowance to that"
    ]
    assert problems(module_sizes(package), 500, {"polydesk/small.py": 600, "polydesk/x.py": 1}) == [
        "polydesk/big.py: 572 lines, over the limit of 500",
        "polydesk/small.py: 71 lines, within 500: drop its allowance",
        "polydesk/x.py: allowed but gone: drop its allowance",
    ]

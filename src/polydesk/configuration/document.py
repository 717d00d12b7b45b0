"""Reading a site file: YAML into entries, every error pointing at its line.

The file is a mapping of sections (``helpdesks:``, ``users:``...) to lists of entries. Each
entry is validated by its kind's schema; all problems are collected, so one run names every bad
line, and nothing is applied while any remain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from polydesk.configuration.kinds import Entry, EntryConflict, Kind
from polydesk.core.errors import DomainError


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based; 0 when the problem is the whole file
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class InvalidConfiguration(DomainError):
    """A site file that cannot be applied; ``problems`` name each bad line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        message = "; ".join(str(problem) for problem in self.problems)
        shown = [{"line": problem.line, "message": problem.message} for problem in self.problems]
        super().__init__("configuration.invalid", message, problems=shown)


@dataclass(frozen=True)
class Located:
    """An entry and the line it starts on."""

    kind: Kind[Any]
    entry: Entry
    line: int


def read_document(text: str, kinds: Sequence[Kind[Any]]) -> list[Located]:
    """The file's entries in the kinds' order (dependencies first), or InvalidConfiguration."""
    root = _compose(text)
    by_section = {kind.section: kind for kind in kinds}
    problems: list[Problem] = []
    found: dict[str, list[Located]] = {}
    for key_node, value in _mapping_items(root, problems):
        section = key_node.value
        kind = by_section.get(section)
        if kind is None:
            known = ", ".join(sorted(by_section))
            problems.append(Problem(_line(key_node), f"unknown section {section!r} ({known})"))
        elif section in found:
            problems.append(Problem(_line(key_node), f"section {section!r} appears twice"))
        else:
            found[section] = _entries(kind, value, problems)
    if problems:
        raise InvalidConfiguration(problems)
    return [located for kind in kinds for located in found.get(kind.section, [])]


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise InvalidConfiguration([Problem(line, f"not valid YAML: {error.problem}")]) from None
    except yaml.YAMLError as error:
        raise InvalidConfiguration([Problem(0, f"not valid YAML: {error}")]) from None


def _mapping_items(
    root: yaml.Node | None, problems: list[Problem]
) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    if root is None:
        return []  # an empty file configures nothing
    if not isinstance(root, yaml.MappingNode):
        problems.append(Problem(_line(root), "the file must be a mapping of sections"))
        return []
    items = []
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode):
            items.append((key, value))
        else:
            problems.append(Problem(_line(key), "a section name must be a plain word"))
    return items


def _entries(kind: Kind[Any], node: yaml.Node, problems: list[Problem]) -> list[Located]:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return []
    if not isinstance(node, yaml.SequenceNode):
        problems.append(Problem(_line(node), f"section {kind.section!r} must be a list"))
        return []
    located: list[Located] = []
    seen: dict[str, int] = {}
    for item in node.value:
        entry = _entry(kind, item, problems)
        if entry is None:
            continue
        key = kind.key(entry).casefold()
        if key in seen:
            problems.append(
                Problem(_line(item), f"{kind.key(entry)!r} is already on line {seen[key]}")
            )
            continue
        seen[key] = _line(item)
        located.append(Located(kind, entry, _line(item)))
    return _in_apply_order(kind, located, problems)


def _in_apply_order(
    kind: Kind[Any], located: list[Located], problems: list[Problem]
) -> list[Located]:
    """The section's entries in the order its kind applies them (``Kind.ordered``)."""
    by_entry = {id(item.entry): item for item in located}
    try:
        return [by_entry[id(entry)] for entry in kind.ordered([item.entry for item in located])]
    except EntryConflict as conflict:
        problems.append(Problem(by_entry[id(conflict.entry)].line, conflict.message))
        return []


def _entry(kind: Kind[Any], node: yaml.Node, problems: list[Problem]) -> Entry | None:
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(_line(node), f"an entry of {kind.section!r} must be a mapping"))
        return None
    try:
        data = yaml.SafeLoader(  # a node's Python value, its anchors resolved
            ""
        ).construct_document(node)
    except (yaml.YAMLError, ValueError) as error:  # ValueError: an impossible date (2026-02-30)
        problems.append(Problem(_line(node), f"not valid YAML: {error}"))
        return None
    try:
        return kind.entry.model_validate(data)
    except ValidationError as error:
        problems.extend(_validation_problems(node, error))
        return None


def field_problems(error: ValidationError) -> list[Problem]:
    """An entry's validation errors where there is no file (the admin API's one entry)."""
    return [
        Problem(0, f"{'.'.join(str(part) for part in detail['loc']) or 'entry'}: {detail['msg']}")
        for detail in error.errors(include_url=False)
    ]


def _validation_problems(node: yaml.MappingNode, error: ValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        where = _field_line(node, detail["loc"])
        field = ".".join(str(part) for part in detail["loc"]) or "entry"
        problems.append(Problem(where, f"{field}: {detail['msg']}"))
    return problems


def _field_line(node: yaml.Node, loc: Sequence[Any]) -> int:
    """The line of the value at ``loc`` inside ``node``, or the nearest enclosing one."""
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node = child
    return _line(node)


def _child(node: yaml.Node, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def dump_document(sections: Mapping[str, list[dict[str, Any]]]) -> str:
    """A site file: sections in the given order, keys in each entry's field order."""
    return yaml.safe_dump(dict(sections), sort_keys=False, allow_unicode=True, width=100)

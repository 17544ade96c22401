"""Finding units by what people write in a cell: a bare name (青石镇) or a path
from any ancestor down (东县/城关镇, 江州市/东县/城关镇), compared after NFKC
and without spaces, so full-width brackets and stray spaces still match.

Every unit is loaded once (a city has a few thousand), so resolving 100,000
cells costs no query. Units created by earlier rows of the same file are in
the index too (``Pending``), so a units file may list parents before children.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pool.imports.cells import CellError, name_key
from pool.models import Unit

_SEPARATORS = re.compile(r"\s*[/\\>＞]\s*")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Pending:
    """A unit that an earlier row of the file creates."""

    row: int


Ref = int | Pending


norm = name_key  # both sides of every comparison: the cell and the stored name


class UnitIndex:
    def __init__(self, scope: frozenset[int] | None):
        self.scope = scope
        self.names: dict[Ref, str] = {}
        self.parents: dict[Ref, Ref | None] = {}
        self.inactive: set[int] = set()
        self.broken: set[Pending] = set()
        self._by_name: dict[str, list[Ref]] = {}
        self._children: dict[tuple[Ref | None, str], Ref] = {}
        self._paths: dict[Ref, tuple[str, ...]] = {}
        self._spelled: dict[str, set[Ref]] | None = None  # see _spellings
        for pk, name, parent_id, is_active in Unit.objects.values_list(
            "pk", "name", "parent_id", "is_active"
        ):
            self._add(pk, name, parent_id)
            if not is_active:
                self.inactive.add(pk)

    def _add(self, ref: Ref, name: str, parent: Ref | None) -> None:
        self.names[ref] = name
        self.parents[ref] = parent
        self._by_name.setdefault(norm(name), []).append(ref)
        self._children.setdefault((parent, norm(name)), ref)

    def add_pending(self, row: int, name: str, parent: Ref | None) -> Pending:
        ref = Pending(row)
        self._add(ref, name, parent)
        return ref

    def child(self, parent: Ref | None, name: str) -> Ref | None:
        """The unit called ``name`` directly under ``parent`` (None: a root unit)."""
        return self._children.get((parent, norm(name)))

    def path(self, ref: Ref) -> tuple[str, ...]:
        if ref not in self._paths:
            parent = self.parents.get(ref)
            self._paths[ref] = (*(self.path(parent) if parent is not None else ()), self.names[ref])
        return self._paths[ref]

    def path_text(self, ref: Ref) -> str:
        return "/".join(self.path(ref))

    def in_scope(self, ref: Ref | None) -> bool:
        if self.scope is None:
            return True
        if isinstance(ref, Pending):
            return self.in_scope(self.parents[ref])
        return ref is not None and ref in self.scope

    def _matches(self, segments: list[str]) -> list[Ref]:
        found = []
        for ref in self._by_name.get(segments[-1], ()):
            path = [norm(p) for p in self.path(ref)]
            if path[-len(segments) :] == segments:
                found.append(ref)
        return found

    def resolve(self, written: str, label: str, *, scoped: bool = True) -> Ref:
        """The one unit ``written`` names. Among several with that name, the only one
        inside the user's jurisdiction is taken; otherwise the cell must say more.
        ``scoped=False`` also accepts a unit outside the jurisdiction (the caller
        decides, e.g. the parent of the jurisdiction's own top unit)."""
        segments = [norm(s) for s in _SEPARATORS.split(written.strip()) if norm(s)]
        if not segments:
            raise CellError(f"{label}不能为空")
        matches = self._matches(segments)
        if not matches:
            raise CellError(f"{label}“{written}”不存在，请先导入或新增该单位")
        inside = [m for m in matches if self.in_scope(m)]
        if not inside:
            if scoped:
                raise CellError(f"{label}“{written}”不在您的管辖范围内")
            inside = matches
        if len(inside) > 1:
            shown = "、".join(self.path_text(m) for m in inside[:5])
            raise CellError(
                f"{label}“{written}”有{len(inside)}个同名单位：{shown}，"
                f"请写出上级单位，例如“{'/'.join(self.path(inside[0])[-2:])}”"
            )
        ref = inside[0]
        if ref in self.broken:
            raise CellError(f"{label}“{written}”在第{ref.row}行，该行有错误，请先改正")
        if ref in self.inactive:
            raise CellError(f"{label}“{written}”已撤销，不能使用")
        return ref

    def named_in(self, text: str) -> list[Ref]:
        """The active units whose name, or path written without separators (东县财政局
        for 东县/财政局), is the longest one found in ``text`` (a 现任职务 such as
        东县财政局副局长): one, several (ambiguous) or none. Units outside the
        jurisdiction count too (西县财政局 is not 东县's 财政局): filter with in_scope."""
        key = name_key(text)
        if not key:
            return []
        best, found = (0, 0), set()
        for written, refs in self._spellings().items():
            if len(written) < best[0]:
                continue
            at = key.rfind(written)
            if at < 0:
                continue
            # Longest first; of two as long (江州市东县 and 东县教育局 in 江州市东县教育局局长)
            # the one nearer the post title, which follows the unit.
            score = (len(written), at + len(written))
            if score > best:
                best, found = score, set()
            if score == best:
                found.update(refs)
        return sorted(found, key=lambda ref: self.path_text(ref))

    def _spellings(self) -> dict[str, set[Ref]]:
        """Each active unit by its name and by each tail of its path joined without
        separators (财政局, 东县财政局, 江州市东县财政局)."""
        if self._spelled is None:
            spelled: dict[str, set[Ref]] = {}
            for ref in self.names:
                if isinstance(ref, Pending) or ref in self.inactive:
                    continue
                path = [name_key(p) for p in self.path(ref)]
                for start in range(len(path)):
                    spelled.setdefault("".join(path[start:]), set()).add(ref)
            self._spelled = spelled
        return self._spelled

"""Reading a 任免审批表 .docx back: the text of the cell right of each label."""

import io
import itertools

import docx


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def _distinct_cells(row):
    cells = []
    for cell in row.cells:  # a merged cell is repeated once per grid column
        if not cells or cell._tc is not cells[-1]._tc:
            cells.append(cell)
    return cells


def value_right_of(table) -> dict[str, str]:
    """``{label: text of the next cell}`` for every cell of ``table`` (first wins)."""
    out: dict[str, str] = {}
    for row in table.rows:
        cells = _distinct_cells(row)
        for left, right in itertools.pairwise(cells):
            out.setdefault(left.text, right.text)
    return out


def rows_text(table) -> list[list[str]]:
    return [[c.text for c in _distinct_cells(row)] for row in table.rows]

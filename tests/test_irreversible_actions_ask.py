"""Every irreversible action (报送, 截止, 移出, 出库, 撤回, 删除) asks once, saying what it
will do: each such submit button in the templates carries data-confirm, which
static/js/confirm.js shows before the form is sent."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
IRREVERSIBLE = re.compile(r"报送清单|重新报送|截止本批次|移出|出库|撤回|删除")
BUTTON = re.compile(r"<button\b[^>]*type=\"submit\"[^>]*>(.*?)</button>", re.S)
# Pages that are themselves the confirmation step.
CONFIRM_PAGES = {"training/confirm_remove.html"}


def _buttons():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = str(path.relative_to(TEMPLATES))
        if name in CONFIRM_PAGES:
            continue
        for match in BUTTON.finditer(path.read_text(encoding="utf-8")):
            label = re.sub(r"<[^>]+>|\{[%{].*?[%}]\}", "", match.group(1)).strip()
            if IRREVERSIBLE.search(label) or IRREVERSIBLE.search(match.group(1)):
                yield name, label, match.group(0)


def test_every_irreversible_button_asks_first():
    unasked = [(name, label) for name, label, tag in _buttons() if "data-confirm=" not in tag]
    assert unasked == []


def test_the_walk_finds_the_known_irreversible_buttons():
    labels = {label for _, label, _ in _buttons()}
    assert {"截止本批次推荐", "出库", "移出", "删除"} <= labels


def test_the_confirm_script_is_loaded_on_every_page():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert "js/confirm.js" in base

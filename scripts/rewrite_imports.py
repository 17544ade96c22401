"""Rewrite imports after pool's flat modules moved into sub-packages (issue #17).

Run from the repository root: ``python scripts/rewrite_imports.py [paths...]``.
It rewrites, in every .py file (and dotted paths in .md/.toml/.html files):

- ``from OLD import a, b`` when OLD moved (or some of its names moved: ``NAMES``);
- ``from pool import old_module [as x]`` to ``from new.parent import leaf as old_module``;
- ``alias.name`` where ``alias`` is bound to a split module and ``name`` moved out of it
  (a second import is added for the new module);
- every other dotted mention (``import a.b``, mock.patch targets, settings strings).

Celery task names are kept (tasks carry ``name=`` equal to their old dotted path), so
the quoted task names in ``TASK_NAMES`` are never rewritten. Idempotent: no new path
contains an old one, so a second run changes nothing; it is meant to be re-run after
merging branches that still import the old paths.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Old dotted module -> new dotted module. Every move of issue #17.
MODULES: dict[str, str] = {
    # pool/web: what every app's pages share
    "pool.exports": "pool.web.xlsx",
    "pool.params": "pool.web.params",
    "pool.redirects": "pool.web.redirects",
    "pool.documents": "pool.web.documents",
    "pool.widgets": "pool.web.widgets",
    "pool.schema": "pool.web.schema",
    # pool/audit: the writer and chain (the package itself), views, filters, denials
    "pool.audit_views": "pool.audit.views",
    "pool.denials": "pool.audit.denials",
    # pool/accounts: the 三员's accounts and roles (the package), access, sessions, OTP
    "pool.access": "pool.accounts.access",
    "pool.account_views": "pool.accounts.views.accounts",
    "pool.otp_views": "pool.accounts.views.otp",
    "pool.account_urls": "pool.accounts.urls",
    "pool.passwords": "pool.accounts.passwords",
    "pool.sessions": "pool.accounts.sessions",
    "pool.tokens": "pool.accounts.tokens",
    # pool/notify: 站内提醒 and mail
    "pool.notices": "pool.notify.notices",
    "pool.mail": "pool.notify.mail",
    # pool/people: units and cadres, ID rules and crypto, scoping selectors, cadre pages
    "pool.crypto": "pool.people.crypto",
    "pool.rules": "pool.people.rules",
    "pool.selectors": "pool.people.selectors",
    "pool.people_search": "pool.people.search",
    "pool.pinyin": "pool.people.pinyin",
    "pool.data_gaps": "pool.people.data_gaps",
    "pool.flags": "pool.people.flags",
    "pool.views": "pool.people.views.cadres",
    "pool.picker_views": "pool.people.views.picker",
    "pool.quality_views": "pool.people.views.quality",
    "pool.filters": "pool.people.filters",
    "pool.serializers": "pool.people.serializers",
    "pool.api": "pool.people.api",
    # pool/imports: the import machinery, the unit and roster kinds, upload pages
    "pool.importing": "pool.imports",
    "pool.importers": "pool.imports.kinds",
    "pool.import_views": "pool.imports.views",
    "pool.vocabulary": "pool.imports.vocabulary",
    # pool/selection: 选 (services and forms moved whole; their people parts split off)
    "pool.services": "pool.selection.services",
    "pool.forms": "pool.selection.forms",
    "pool.recommendation_import": "pool.selection.importer",
    "pool.age_out": "pool.selection.age_out",
    "pool.inspections": "pool.selection.inspections",
    "pool.inspection_views": "pool.selection.views.inspections",
    "pool.pool_views": "pool.selection.views.pool",
    "pool.ranking_views": "pool.selection.views.ranking",
    "pool.recommendation_views": "pool.selection.views.lists",
    "pool.select_api": "pool.selection.api",
    "pool.scoring": "pool.selection.scoring",
    "pool.stats": "pool.selection.stats",
    "pool.period_stats": "pool.selection.period_stats",
    "pool.member_filters": "pool.selection.member_filters",
    "pool.new_people": "pool.selection.new_people",
    "pool.tasks": "pool.selection.tasks",
    # modules added by branches merged after the move
    "pool.paging": "pool.web.paging",
    "pool.cadre_edits": "pool.people.edits",
    "pool.batch_admit": "pool.selection.batch",
    "pool.batch_views": "pool.selection.views.batch",
    "pool.chase": "pool.selection.chase",
    "pool.office_views": "pool.selection.views.offices",
    "pool.transfers": "pool.selection.transfers",
    "pool.demo": "fixtures.demo.people",
    "pool.demo_lists": "fixtures.demo.lists",
    "pool.demo_select": "fixtures.demo.selection",
}

# Tests mirror the code (tests/pool/<sub-package>/).
MODULES.update(
    {
        "tests.pool.test_access_denied_audit": "tests.pool.audit.test_access_denied_audit",
        "tests.pool.test_age_out": "tests.pool.selection.test_age_out",
        "tests.pool.test_age_rules": "tests.pool.people.test_age_rules",
        "tests.pool.test_audit_anchor": "tests.pool.audit.test_audit_anchor",
        "tests.pool.test_audit_log": "tests.pool.audit.test_audit_log",
        "tests.pool.test_cadre_pages": "tests.pool.people.test_cadre_pages",
        "tests.pool.test_data_gaps": "tests.pool.people.test_data_gaps",
        "tests.pool.test_documents": "tests.pool.web.test_documents",
        "tests.pool.test_grassroots": "tests.pool.people.test_grassroots",
        "tests.pool.test_id_number_rules": "tests.pool.people.test_id_number_rules",
        "tests.pool.test_id_number_storage": "tests.pool.people.test_id_number_storage",
        "tests.pool.test_import_api": "tests.pool.imports.test_import_api",
        "tests.pool.test_import_background": "tests.pool.imports.test_import_background",
        "tests.pool.test_import_cell_fuzz": "tests.pool.imports.test_import_cell_fuzz",
        "tests.pool.test_import_cli": "tests.pool.imports.test_import_cli",
        "tests.pool.test_import_corpus": "tests.pool.imports.test_import_corpus",
        "tests.pool.test_import_engine": "tests.pool.imports.test_import_engine",
        "tests.pool.test_import_file_retention": "tests.pool.imports.test_import_file_retention",
        "tests.pool.test_import_file_safety": "tests.pool.imports.test_import_file_safety",
        "tests.pool.test_import_shapes": "tests.pool.imports.test_import_shapes",
        "tests.pool.test_import_views": "tests.pool.imports.test_import_views",
        "tests.pool.test_import_vocabulary": "tests.pool.imports.test_import_vocabulary",
        "tests.pool.test_import_worker": "tests.pool.imports.test_import_worker",
        "tests.pool.test_inspections": "tests.pool.selection.test_inspections",
        "tests.pool.test_lrmx_document": "tests.pool.lrmx.test_lrmx_document",
        "tests.pool.test_lrmx_export": "tests.pool.lrmx.test_lrmx_export",
        "tests.pool.test_lrmx_import": "tests.pool.lrmx.test_lrmx_import",
        "tests.pool.test_lrmx_round_trip": "tests.pool.lrmx.test_lrmx_round_trip",
        "tests.pool.test_lrmx_units": "tests.pool.lrmx.test_lrmx_units",
        "tests.pool.test_new_person_requests": "tests.pool.selection.test_new_person_requests",
        "tests.pool.test_notices": "tests.pool.notify.test_notices",
        "tests.pool.test_person_picker": "tests.pool.people.test_person_picker",
        "tests.pool.test_pinyin_search_key": "tests.pool.people.test_pinyin_search_key",
        "tests.pool.test_pool_filters": "tests.pool.selection.test_pool_filters",
        "tests.pool.test_pool_membership": "tests.pool.selection.test_pool_membership",
        "tests.pool.test_pool_pages": "tests.pool.selection.test_pool_pages",
        "tests.pool.test_pool_tasks": "tests.pool.selection.test_pool_tasks",
        "tests.pool.test_pool_training_filter": "tests.pool.selection.test_pool_training_filter",
        "tests.pool.test_ranking": "tests.pool.selection.test_ranking",
        "tests.pool.test_recommendation_import": "tests.pool.selection.test_recommendation_import",
        "tests.pool.test_recommendation_lists": "tests.pool.selection.test_recommendation_lists",
        "tests.pool.test_roster_rank_since": "tests.pool.people.test_roster_rank_since",
        "tests.pool.test_roster_search": "tests.pool.people.test_roster_search",
        "tests.pool.test_round_closing": "tests.pool.selection.test_round_closing",
        "tests.pool.test_round_reopening": "tests.pool.selection.test_round_reopening",
        "tests.pool.test_select_api": "tests.pool.selection.test_select_api",
        "tests.pool.test_select_demo": "tests.pool.selection.test_select_demo",
        "tests.pool.test_veto": "tests.pool.selection.test_veto",
        "tests.pool.test_veto_lifting": "tests.pool.selection.test_veto_lifting",
        "tests.pool.test_vocabulary": "tests.pool.imports.test_vocabulary",
        "tests.pool.test_young_by_rank": "tests.pool.people.test_young_by_rank",
        "tests.test_accounts_and_roles": "tests.pool.accounts.test_accounts_and_roles",
        "tests.test_api_tokens": "tests.pool.accounts.test_api_tokens",
        "tests.test_login_security": "tests.pool.accounts.test_login_security",
        "tests.test_second_factor": "tests.pool.accounts.test_second_factor",
    }
)

# Names moved out of a module that was split: old module -> {name: new module}.
# Names not listed follow MODULES[old module] (or stay if the module did not move).
NAMES: dict[str, dict[str, str]] = {
    "pool.forms": {
        "PICK": "pool.web.forms",
        "BootstrapFormMixin": "pool.web.forms",
        "CadreAdminForm": "pool.people.forms",
    },
    "pool.views": {
        "notice_list": "pool.notify.views",
        "notice_read": "pool.notify.views",
    },
    "pool.filters": {
        "AuditFilter": "pool.audit.filters",
        "GRASSROOTS_CHOICES": "pool.selection.filters",
        "SOURCE_CHOICES": "pool.selection.filters",
        "SORTS": "pool.selection.filters",
        "PoolMemberFilter": "pool.selection.filters",
    },
    "pool.rules": {
        "LIST_STATUS_LABELS": "pool.selection.rules",
        "LIST_TRANSITIONS": "pool.selection.rules",
        "list_transition_allowed": "pool.selection.rules",
        "list_transition_error": "pool.selection.rules",
        "recommendation_problems": "pool.selection.rules",
        "cap_problem": "pool.selection.rules",
        "votes_problem": "pool.selection.rules",
        "ATTACHMENT_MAX_BYTES": "pool.selection.rules",
        "ATTACHMENT_MAGIC": "pool.selection.rules",
        "attachment_problem": "pool.selection.rules",
        "over_age_from": "pool.selection.rules",
        "AGE_OUT_HORIZON_MONTHS": "pool.selection.rules",
        "age_out_state": "pool.selection.rules",
        "EDUCATION_POINTS": "pool.selection.rules",
        "INSERVICE_DISCOUNT": "pool.selection.rules",
        "education_score": "pool.selection.rules",
        "GRASSROOTS_FULL_MONTHS": "pool.selection.rules",
        "grassroots_score": "pool.selection.rules",
        "age_score": "pool.selection.rules",
        "weighted_total": "pool.selection.rules",
    },
    "pool.selectors": {
        "CANDIDATE_LIST_STATUSES": "pool.selection.selectors",
        "OWN_LIST_KIND": "pool.selection.selectors",
        "current_round": "pool.selection.selectors",
        "round_or_current": "pool.selection.selectors",
        "lists_for": "pool.selection.selectors",
        "own_list_key": "pool.selection.selectors",
        "own_lists": "pool.selection.selectors",
        "own_list": "pool.selection.selectors",
        "list_recommendations": "pool.selection.selectors",
        "recommendations_for": "pool.selection.selectors",
        "own_recommendations": "pool.selection.selectors",
        "roster_choices": "pool.selection.selectors",
        "status_counts": "pool.selection.selectors",
        "active_veto_ids": "pool.selection.selectors",
        "open_memberships": "pool.selection.selectors",
        "Candidate": "pool.selection.selectors",
        "merged_candidates": "pool.selection.selectors",
        "other_sources": "pool.selection.selectors",
        "pool_members_for": "pool.selection.selectors",
        "pool_history": "pool.selection.selectors",
        "vetoes_of": "pool.selection.selectors",
        "inspections_for": "pool.selection.selectors",
        "expiring_inspections": "pool.selection.selectors",
        "vetoes_for": "pool.selection.selectors",
        "open_membership_of": "pool.selection.selectors",
        "saved_searches": "pool.selection.selectors",
    },
    "pool.services": {
        "open_cadre_record": "pool.people.services",
        "reveal_id_number": "pool.people.services",
        "record_export": "pool.people.services",
    },
    "pool.tasks": {
        "send_after_commit": "pool.web.background",
        "BROKER_DOWN": "pool.web.background",
        "anchor_audit": "pool.audit.tasks",
        "purge_expired": "pool.accounts.tasks",
        "disable_idle_accounts": "pool.accounts.tasks",
        "send_emails": "pool.notify.tasks",
        "count_units": "pool.people.tasks",
        "import_job": "pool.imports.tasks",
        "requeue_stalled_imports": "pool.imports.tasks",
    },
}

# Celery task names (derived from the old module paths, kept by ``name=``).
TASK_NAMES: set[str] = {
    "pool.tasks.anchor_audit",
    "pool.tasks.purge_expired",
    "pool.tasks.disable_idle_accounts",
    "pool.tasks.send_emails",
    "pool.tasks.count_units",
    "pool.tasks.import_job",
    "pool.tasks.requeue_stalled_imports",
    "pool.tasks.lapse_expired_inspections",
    "pool.tasks.age_out_scan",
}

SKIP_DIRS = {".git", ".venv", "node_modules", "staticfiles", ".local", "vendor", "__pycache__"}
SKIP_FILES = {"CHANGELOG.md", "rewrite_imports.py"}
TEXT_SUFFIXES = {".md", ".toml", ".html", ".txt", ".cfg", ".ini", ".yml", ".yaml"}


def _boundary(dotted: str) -> re.Pattern:
    return re.compile(r"(?<![\w.])" + re.escape(dotted) + r"(?!\w)")


def _check_table() -> None:
    olds = list(MODULES) + [f"{m}.{n}" for m, names in NAMES.items() for n in names]
    news = list(MODULES.values()) + [
        f"{new}.{n}" for names in NAMES.values() for n, new in names.items()
    ]
    for old in olds:
        pattern = _boundary(old)
        for new in news:
            assert not pattern.search(new), f"{new} contains {old}: not idempotent"


def target_of(module: str, name: str) -> tuple[str, str]:
    """Where ``from module import name`` should come from: (module, name)."""
    full = f"{module}.{name}"
    if full in MODULES:  # a module imported from its package
        parent, leaf = MODULES[full].rsplit(".", 1)
        return parent, leaf
    if name in NAMES.get(module, {}):
        return NAMES[module][name], name
    return MODULES.get(module, module), name


FROM_RE = re.compile(
    r"^(?P<indent>[ \t]*)from[ \t]+(?P<module>[\w.]+)[ \t]+import[ \t]+"
    r"(?:\((?P<paren>[^)]*)\)(?P<ptail>[^\n]*)|(?P<plain>[^\n]*))",
    re.MULTILINE,
)


def _parse_names(text: str) -> list[tuple[str, str | None]]:
    text = re.sub(r"#[^\n]*", "", text)
    out = []
    for part in text.replace("\\\n", " ").split(","):
        part = part.strip()
        if not part:
            continue
        bits = part.split()
        if len(bits) == 3 and bits[1] == "as":
            out.append((bits[0], bits[2]))
        else:
            out.append((bits[0], None))
    return out


def _needs_change(module: str, names) -> bool:
    return any(target_of(module, n) != (module, n) for n, _ in names)


def _rewrite_from(match: re.Match) -> str:
    module = match["module"]
    if match["paren"] is not None:
        body, tail = match["paren"], match["ptail"]
    else:
        body, _, comment = match["plain"].partition("#")
        tail = f"  #{comment}" if comment else ""
    names = _parse_names(body)
    if not names or names == [("*", None)] or not _needs_change(module, names):
        return match.group(0)
    groups: dict[str, list[str]] = {}
    for name, alias in names:
        new_module, new_name = target_of(module, name)
        local = alias or name
        groups.setdefault(new_module, []).append(
            new_name if new_name == local else f"{new_name} as {local}"
        )
    indent = match["indent"]
    lines = []
    for i, (new_module, items) in enumerate(groups.items()):
        line = f"{indent}from {new_module} import {', '.join(items)}"
        # the comment goes on every line when it is a noqa (side-effect imports)
        if tail.strip() and (i == 0 or "noqa" in tail):
            line += tail if tail.startswith(" ") else f"  {tail.strip()}"
        lines.append(line)
    return "\n".join(lines)


def _split_module_aliases(text: str) -> str:
    """``from pool import selectors as s`` then ``s.cadres_for``: point moved names at
    an import of their new module."""
    for old, moved in NAMES.items():
        parent, leaf = old.rsplit(".", 1)
        binding = re.compile(
            r"^(?P<indent>[ \t]*)(?:from[ \t]+"
            + re.escape(parent)
            + r"[ \t]+import[ \t]+(?:[^\n]*?,[ \t]*)?"
            + re.escape(leaf)
            + r"(?:[ \t]+as[ \t]+(?P<a1>\w+))?\b[^\n]*"
            + r"|import[ \t]+"
            + re.escape(old)
            + r"[ \t]+as[ \t]+(?P<a2>\w+)[^\n]*)$",
            re.MULTILINE,
        )
        for m in list(binding.finditer(text)):
            alias = m["a1"] or m["a2"] or leaf
            added: dict[str, str] = {}

            def repl(am: re.Match, moved=moved, added=added) -> str:
                new_module = moved[am["name"]]
                new_parent, new_leaf = new_module.rsplit(".", 1)
                new_alias = f"{new_parent.rsplit('.', 1)[-1]}_{new_leaf}"
                added[new_module] = new_alias
                return f"{new_alias}.{am['name']}"

            names_alt = "|".join(map(re.escape, sorted(moved, key=len, reverse=True)))
            attr = re.compile(
                r"(?<![\w.])" + re.escape(alias) + r"\.(?P<name>" + names_alt + r")\b"
            )
            text = attr.sub(repl, text)
            if added:
                indent = m["indent"]
                extra = "".join(
                    f"\n{indent}from {nm.rsplit('.', 1)[0]} import {nm.rsplit('.', 1)[1]} as {al}"
                    for nm, al in added.items()
                )
                # re-find the binding (offsets moved) and append the imports after it
                again = binding.search(text)
                if again:
                    text = text[: again.end()] + extra + text[again.end() :]
    return text


def _rewrite_dotted(text: str) -> str:
    protected = {}
    for i, name in enumerate(sorted(TASK_NAMES)):
        for q in ('"', "'"):
            key = f"{q}\x00task{i}\x00{q}"
            if f"{q}{name}{q}" in text:
                protected[key] = f"{q}{name}{q}"
                text = text.replace(f"{q}{name}{q}", key)
    for old, moved in NAMES.items():
        for name, new_module in moved.items():
            text = _boundary(f"{old}.{name}").sub(f"{new_module}.{name}", text)
    for old in sorted(MODULES, key=len, reverse=True):
        text = _boundary(old).sub(MODULES[old], text)
    for key, value in protected.items():
        text = text.replace(key, value)
    return text


def rewrite_python(text: str) -> str:
    text = _split_module_aliases(text)
    text = FROM_RE.sub(_rewrite_from, text)
    return _rewrite_dotted(text)


def files(roots):
    for root in roots:
        root = Path(root)
        if root.is_file():
            yield root
            continue
        for path in sorted(root.rglob("*")):
            if any(part in SKIP_DIRS for part in path.parts) or path.name in SKIP_FILES:
                continue
            if path.is_file() and (path.suffix == ".py" or path.suffix in TEXT_SUFFIXES):
                yield path


def main(argv: list[str]) -> int:
    _check_table()
    changed = 0
    for path in files(argv or ["."]):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        new = rewrite_python(text) if path.suffix == ".py" else _rewrite_dotted(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
            print(path)
    print(f"{changed} files rewritten", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""python manage.py import KIND FILE [--dry-run] [--skip-invalid] [--json] [--user USERNAME]
                         [--unit UNIT] [--category CATEGORY] [--map 列名=字段名 ...]

FILE may be a folder for kinds that read many small files (lrmx). --unit and
--category say where new people go for kinds whose files leave that out (LRMX;
a roster without 干部类别: --category, else the category is stored blank, 未填).

Exit 0: the file was clean (or, with --skip-invalid, its valid rows were written);
1: invalid rows were found and nothing was written; 2: the file cannot be used
(unknown kind or format, no header, a required column missing, a wrong --map),
with a Chinese message on stderr. ``--map 任现职时间=任职时间`` (repeatable) reads a
column the kind does not know as one of its fields.

With --json, stdout holds exactly one JSON object: the counts,
"errors" (each with its "sheet", "row", "column" and "message"), "sheets" (the
worksheets read), "ignored_columns" (未导入的列: headers no column matches),
"mapped_columns" (--map as applied), "skipped_sheets" (worksheets without a header,
hidden ones) and
"skipped_rows" (total rows and footers under the table, each with its reason).
"""

from __future__ import annotations

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from pool.imports import engine, mapping, runs
from pool.imports.readers import FileProblem

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = "批量导入（单位 units、干部名册 roster、任免审批表 lrmx 等）：预检每一行，全部成功才写入"

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", help="导入类型：units（单位）、roster（干部名册）、lrmx（任免审批表）等"
        )
        parser.add_argument(
            "file", help=".xlsx、.xls、.ods 或 .csv 文件；lrmx：.lrmx、.zip 或文件夹"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--skip-invalid", action="store_true", help="跳过错误行，写入有效行")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个JSON对象")
        parser.add_argument("--user", help="以该账号的身份和管辖范围导入（须为干部科账号）")
        parser.add_argument(
            "--unit",
            help="LRMX导入：现任职务中没有单位名称的新增干部放入此单位"
            "（名称或路径，如 东县/青石镇）",
        )
        parser.add_argument(
            "--map",
            action="append",
            metavar="列名=字段名",
            help="把文件中导入类型不认识的列读作某个字段，如 --map 任现职时间=任职时间（可重复）",
        )
        parser.add_argument(
            "--category",
            help="LRMX和干部名册导入：新增干部没有填写干部类别时记为此类别（如 公务员）；"
            "不指定则记为“未填”",
        )

    def handle(self, *args, **options):
        payload = {"kind": options["kind"], "file": options["file"]}
        try:
            user = self._user(options["user"])
            columns = mapping.parse_pairs(options["map"] or ())
            if columns:
                columns = mapping.validate(engine.get_kind(options["kind"]), columns)
            run, result = runs.import_file(
                options["kind"],
                options["file"],
                user=user,
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
                options={
                    "unit": options["unit"],
                    "category": options["category"],
                    "columns": columns,
                },
            )
        except (FileProblem, OSError) as exc:
            message = _message(exc)
            if options["json"]:
                empty = dict.fromkeys(
                    ("rows_total", "valid", "invalid", "created", "updated", "unchanged"), 0
                )
                nothing = {"errors": [], "sheets": [], "skipped_sheets": [], "skipped_rows": [],
                           "ignored_columns": [], "mapped_columns": {}}  # fmt: skip
                self._json({**payload, **empty, **nothing, "message": message})
            self.stderr.write(message)
            sys.exit(2)
        counts = result.counts
        errors = result.errors()
        if options["json"]:
            self._json(
                {
                    **payload,
                    **counts,
                    "errors": errors,
                    "sheets": [s["sheet"] for s in result.sheets],
                    "skipped_sheets": result.skipped_sheets,
                    "skipped_rows": result.skipped_rows,
                    "ignored_columns": result.ignored_columns,
                    "mapped_columns": result.mapped_columns,
                }
            )
        else:
            self._summary(result, counts, errors, run, options)
        if counts["invalid"] and not options["skip_invalid"]:
            sys.exit(1)

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise FileProblem(f"账号“{username}”不存在")
        if not runs.may_import(user):
            raise FileProblem(f"账号“{username}”不是组织部干部科账号，无权导入数据")
        return user

    def _json(self, payload: dict) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False))

    def _summary(self, result: engine.Result, counts: dict, errors: list, run, options) -> None:
        kind = result.kind
        if options["dry_run"]:
            verb = "（试运行，未写入）"
        elif run is not None and run.status == "committed":
            verb = "（已写入）"
        else:
            verb = "（有错误，未写入任何数据）"
        self.stdout.write(
            f"{kind.title}：数据{counts['rows_total']}行，有效{counts['valid']}，"
            f"错误{counts['invalid']}；新增{counts['created']}，更新{counts['updated']}，"
            f"无变化{counts['unchanged']}{verb}"
        )
        for source, name in result.mapped_columns.items():
            self.stdout.write(f"  列“{source}”按 --map 读作“{name}”")
        if result.ignored_columns:
            shown = "、".join(result.ignored_columns)
            self.stdout.write(f"  未导入的列：{shown}（可用 --map 列名=字段名 指定对应）")
        for s in result.skipped_sheets:
            self.stdout.write(f"  跳过工作表《{s['sheet']}》：{s['reason']}")
        for s in result.skipped_rows[:SHOWN_ERRORS]:
            where = f"工作表《{s['sheet']}》" if len(result.sheets) > 1 else ""
            self.stdout.write(f"  跳过{where}第{s['row']}行（{s['reason']}）：{s['text']}")
        for e in errors[:SHOWN_ERRORS]:
            where = f"工作表《{e['sheet']}》" if len(result.sheets) > 1 else ""
            self.stdout.write(f"  {where}第{e['row']}行 {e['column']}：{e['message']}")
        if len(errors) > SHOWN_ERRORS:
            self.stdout.write(f"  ……另有{len(errors) - SHOWN_ERRORS}条错误（用 --json 查看全部）")


def _message(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件：{exc.filename}"
    if isinstance(exc, OSError):
        return f"无法读取文件：{exc.strerror or exc}"
    return str(exc)

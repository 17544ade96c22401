"""Import runs and their checked rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "处理中"
    PREVIEWED = "previewed", "待确认"
    COMMITTED = "committed", "已导入"
    FAILED = "failed", "未导入"


class ImportRun(models.Model):
    """One bulk import: who, when, which file (kept, so confirming re-reads it), the
    counts and every row error. A dry run on the command line is not recorded."""

    kind = models.CharField("导入类型", max_length=32)
    source = models.CharField("方式", max_length=8, default="web", help_text="web 或 cli")
    file = models.FileField("文件", upload_to="imports/%Y/%m/", blank=True, max_length=255)
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name="导入人",
    )
    status = models.CharField(
        "状态", max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    skip_invalid = models.BooleanField("跳过错误行", default=False)
    message = models.CharField("说明", max_length=500, blank=True)
    header_row = models.PositiveIntegerField("表头行号", null=True, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)
    committed_at = models.DateTimeField("导入时间", null=True, blank=True)
    rows_total = models.PositiveIntegerField("数据行数", default=0)
    # Large files are checked and written by a Celery task ("preview" or "commit");
    # rows_done is its progress, written as it goes so the page polling it sees it.
    job = models.CharField("后台任务", max_length=8, blank=True)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    heartbeat_at = models.DateTimeField("后台最近进展", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("后台尝试次数", default=0)
    # The API's confirm=true: commit straight after a background preview. Kept on the
    # run, not only in the task message, so a retry after a dead worker still commits.
    commit_after_preview = models.BooleanField("预检后直接导入", default=False)
    valid = models.PositiveIntegerField("有效行", default=0)
    invalid = models.PositiveIntegerField("错误行", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("无变化", default=0)
    errors = models.JSONField("错误明细", default=list, blank=True)
    options = models.JSONField(
        "导入选项", default=dict, blank=True, help_text="如LRMX导入时选择的默认单位、干部类别"
    )
    # The worksheets read ({"sheet", "header_row", "rows"}) and what was left out:
    # {"sheets": [{"sheet", "reason"}], "rows": [{"sheet", "row", "reason", "text"}]}
    # (total rows, footers, sheets without a header, hidden sheets).
    sheets = models.JSONField("读取的工作表", default=list, blank=True)
    skipped = models.JSONField("跳过的行和工作表", default=dict, blank=True)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"


class ImportRow(models.Model):
    """One data row of an import as the preview shows it (status, errors, changes)."""

    run = models.ForeignKey(ImportRun, models.CASCADE, related_name="rows", verbose_name="导入")
    sheet = models.CharField("工作表", max_length=100, blank=True)
    sheet_no = models.PositiveSmallIntegerField("工作表序号", default=0)  # order in the file
    row = models.PositiveIntegerField("行号")
    status = models.CharField("状态", max_length=16)
    summary = models.JSONField("摘要", default=list)
    errors = models.JSONField("错误", default=list, blank=True)
    changes = models.CharField("修改的列", max_length=500, blank=True)

    class Meta:
        verbose_name = "导入行"
        verbose_name_plural = "导入行"
        ordering = ["run_id", "sheet_no", "row"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "sheet_no", "row"], name="import_row_unique_in_sheet"
            ),
        ]
        indexes = [models.Index(fields=["run", "status", "sheet_no", "row"])]

    def __str__(self) -> str:
        return f"第{self.row}行 {self.status}"


class ColumnMapping(models.Model):
    """The columns one importer maps by hand for one kind of import (未导入的列 such
    as 任现职时间 -> 任职时间), applied to their next uploads of that kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="column_mappings",
        verbose_name="导入人",
    )
    kind = models.CharField("导入类型", max_length=32)
    # header as written in the file -> the kind's column name
    columns = models.JSONField("列的对应", default=dict, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "导入列对应"
        verbose_name_plural = "导入列对应"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="column_mapping_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.columns}"

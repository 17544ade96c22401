"""python manage.py build_manual_pdf [--output PATH]: the 用户操作手册 (docs/manual)
as one printable PDF, every chapter starting on a new page (headless Chromium)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cadre_portal.help import manual, pdf


class Command(BaseCommand):
    help = "生成用户操作手册的 PDF（每个角色一章，每章从新的一页开始）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(manual.MANUAL_DIR / "build" / "用户操作手册.pdf"),
            help="PDF 保存位置（默认 docs/manual/build/用户操作手册.pdf）",
        )

    def handle(self, *args, **options):
        try:
            path = pdf.build(Path(options["output"]))
        except pdf.PdfError as exc:
            raise CommandError(str(exc)) from exc
        size = path.stat().st_size / 1048576
        self.stdout.write(f"已生成 {path}（{len(manual.chapters())}章，{size:.1f} MB）")

"""The manual as one printable PDF: every chapter rendered into one HTML page (each
chapter starting a new page), printed by headless Chromium."""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from cadre_portal.help import manual

CHROMIUM = "/usr/bin/chromium"
_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; font-size: 11pt;
       line-height: 1.6; color: #222; }
h1 { font-size: 20pt; border-bottom: 2px solid #8b1a1a; padding-bottom: 4pt; }
h2 { font-size: 14pt; margin-top: 14pt; break-after: avoid; }
.chapter { break-before: page; }
.cover { text-align: center; padding-top: 80mm; }
.cover h1 { border: none; font-size: 28pt; }
img { max-width: 100%; border: 1px solid #ccc; margin: 6pt 0; break-inside: avoid; }
code { font-family: monospace; }
"""


def manual_html() -> str:
    """The whole manual as one HTML document; images as file:// URLs."""
    base = manual.IMAGE_DIR.resolve().as_uri() + "/"
    parts = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>青干通 用户操作手册</title><style>{_CSS}</style></head><body>",
        '<section class="cover"><h1>青干通 用户操作手册</h1>',
        "<p>优秀年轻干部常态化工作平台</p><ol>",
        *(f"<li>{html.escape(c.title)}</li>" for c in manual.chapters()),
        "</ol></section>",
    ]
    for chapter in manual.chapters():
        parts.append(f'<section class="chapter" id="{chapter.role}">')
        parts.append(manual.to_html(chapter, base))
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


class PdfError(Exception):
    """Chromium could not print the manual; the message is Chinese."""


def build(output: Path, chromium: str = CHROMIUM) -> Path:
    """Write the PDF to ``output``; returns it."""
    if not Path(chromium).exists() and shutil.which(chromium) is None:
        raise PdfError(f"找不到 Chromium（{chromium}），请安装后再生成 PDF")
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "manual.html"
        page.write_text(manual_html(), encoding="utf-8")
        command = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile", f"--print-to-pdf={output}",
            "--allow-file-access-from-files", page.as_uri(),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, timeout=180, check=False)
    if done.returncode != 0 or not output.exists():
        raise PdfError(f"Chromium 生成 PDF 失败：{done.stderr.decode(errors='replace')[-300:]}")
    return output

"""PDF from .docx through LibreOffice, where it is installed (``soffice --headless
--convert-to pdf`` in a temporary directory, with its own user profile so two
conversions at once do not share a lock, and a timeout)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

TIMEOUT_SECONDS = 60
UNAVAILABLE = "本服务器未安装LibreOffice，无法生成PDF，请下载Word版（.docx）后自行转换或打印。"


class PdfUnavailable(RuntimeError):
    pass


def soffice_path() -> str | None:
    return shutil.which(getattr(settings, "CADRE_SOFFICE", "soffice"))


def available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(content: bytes, timeout: int = TIMEOUT_SECONDS) -> bytes:
    """Convert a .docx to PDF; ``PdfUnavailable`` (with a Chinese message) when
    LibreOffice is missing, fails or takes longer than ``timeout`` seconds."""
    binary = soffice_path()
    if binary is None:
        raise PdfUnavailable(UNAVAILABLE)
    with tempfile.TemporaryDirectory(prefix="approval-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "form.docx"
        source.write_bytes(content)
        command = [
            binary,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=True)
        except subprocess.TimeoutExpired as error:
            raise PdfUnavailable(f"生成PDF超时（{timeout}秒），请稍后重试或下载Word版") from error
        except (subprocess.CalledProcessError, OSError) as error:
            raise PdfUnavailable("生成PDF失败，请下载Word版（.docx）") from error
        target = folder / "form.pdf"
        if not target.exists():
            raise PdfUnavailable("生成PDF失败，请下载Word版（.docx）")
        return target.read_bytes()

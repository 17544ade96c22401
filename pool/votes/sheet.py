"""The printable sheet of one-time codes: each code with a QR code of the absolute
ballot URL, drawn as inline SVG on the server (no network, prints sharp)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from pool.votes import codes


@dataclass(frozen=True)
class SheetCode:
    code: str
    url: str
    svg: SafeString


def qr_svg(text: str) -> SafeString:
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg[svg.index("<svg") :])


def ballot_url(request, ballot_key, code: str | None = None) -> str:
    path = reverse("votes:ballot", args=[ballot_key])
    if code:
        path += "?" + urlencode({"code": codes.shown(code)})
    return request.build_absolute_uri(path)


def sheet_codes(request, ballot_key, made: list[str]) -> list[SheetCode]:
    out = []
    for code in made:
        url = ballot_url(request, ballot_key, code)
        out.append(SheetCode(codes.shown(code), url, qr_svg(url)))
    return out

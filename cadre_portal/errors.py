"""Error answers: pages under ``/api/`` answer JSON like the rest of the API (a URL
that does not resolve, e.g. ``/api/cadres/abc/``, would otherwise get the HTML page)."""

from django.http import JsonResponse
from django.views import defaults


def _api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception):
    if _api(request):
        return JsonResponse({"detail": "未找到。"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": "服务器内部错误，请稍后再试。"}, status=500)
    return defaults.server_error(request)

"""Requests refused before any view or form sees them: a body too large to read, a NUL character."""

from django.conf import settings
from django.shortcuts import render

NUL = "\x00"


class RequestSizeLimitMiddleware:
    """Answer 413, with a Vietnamese page, a request whose body is larger than
    MAX_REQUEST_BODY_BYTES — or, unless it uploads files, than DATA_UPLOAD_MAX_MEMORY_SIZE —
    going by its Content-Length, so that the body is never read. Without it a 50 MB POST to
    /dang-nhap/ was read in full (a file part goes to a temporary file, which Django does not
    bound). First in MIDDLEWARE: the CSRF check reads the form. A body without Content-Length
    is not read by Django at all; the reverse proxy bounds the rest (README, "Deploying")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if too_large(request.META):
            return render(request, "413.html", {"limit": settings.MAX_REQUEST_BODY_BYTES // 2**20}, status=413)
        return self.get_response(request)


def too_large(meta) -> bool:
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django reads no body then
    limit = settings.MAX_REQUEST_BODY_BYTES
    form_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if form_limit is not None and not meta.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
        limit = min(limit, form_limit)
    return length > limit


class RejectNulMiddleware:
    """Refuses a request carrying a NUL character.

    PostgreSQL cannot store or compare text with NUL (psycopg raises DataError: a 500), SQLite
    can, and no one types it: it only comes from a tampered URL or form. Refusing it here, for
    every page and the admin alike, keeps both databases answering the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)


def carries_nul(request) -> bool:
    if NUL in request.path:
        return True
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            if NUL in key or any(NUL in value for value in values):
                return True
    return any(NUL in upload.name for _key, uploads in request.FILES.lists() for upload in uploads)

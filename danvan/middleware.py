"""Refuses a request carrying a NUL character, before any view or form sees it.

PostgreSQL cannot store or compare text with NUL (psycopg raises DataError: a 500), SQLite
can, and no one types it: it only comes from a tampered URL or form. Refusing it here, for
every page and the admin alike, keeps both databases answering the same way."""

from django.shortcuts import render

NUL = "\x00"


def carries_nul(request) -> bool:
    if NUL in request.path:
        return True
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            if NUL in key or any(NUL in value for value in values):
                return True
    return any(NUL in upload.name for _key, uploads in request.FILES.lists() for upload in uploads)


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)

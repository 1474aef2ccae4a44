"""The site's URLs plus one view that fails, to test the 500 page (tests/test_error_pages.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from toerusting.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def failing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("geheime-interne-fout in /srv/toerusting/settings.py")


urlpatterns = [path("kapot/", failing_view, name="failing"), *urlpatterns]

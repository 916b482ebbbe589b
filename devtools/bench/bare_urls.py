"""The site's addresses, and the bare view of the pages benchmark: a fixed
short page through the whole middleware stack, touching nothing else. What a
page costs beyond it is what the page does."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("Coup de main", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("config.urls")),
]

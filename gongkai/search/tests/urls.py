"""The site's URLs with the search page at /search/ (the lead wires it in config.urls)."""

from django.urls import include, path

from config.urls import urlpatterns as site

urlpatterns = [path("search/", include("gongkai.search.urls")), *site]

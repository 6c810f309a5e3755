from django.urls import path

from gongkai.search.views import search_view

app_name = "search"
urlpatterns = [
    path("", search_view, name="results"),
]

from django.urls import include, path

from gongkai.portal import feeds, sitemaps, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("elder-mode/", views.elder_mode, name="elder_mode"),
    path("xxgk/", views.xxgk, name="xxgk"),
    path("xxgk/guide/", views.guide, name="guide"),
    path("xxgk/reports/", views.reports, name="reports"),
    path("xxgk/reports/page/<int:page>/", views.reports, name="reports_page"),
    # The documents' pages (政策文件, 规范性文件, 制度, 法定主动公开内容, 目录, attachments).
    path("", include("gongkai.documents.urls_public")),
    path("feeds/<slug:key>/rss.xml", views.public_page(feeds.ColumnRssFeed()), name="feed_rss"),
    path("feeds/<slug:key>/atom.xml", views.public_page(feeds.ColumnAtomFeed()), name="feed_atom"),
    path("sitemap.xml", views.public_page(sitemaps.index), name="sitemap"),
    path("sitemap-<slug:section>.xml", views.public_page(sitemaps.section), name="sitemap_section"),
]

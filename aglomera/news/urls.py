from __future__ import annotations

from django.urls import path

from aglomera.news.views import staff

app_name = "news"

urlpatterns = [
    path("<slug:slug>/news/", staff.news_list, name="list"),
    path("<slug:slug>/news/new/", staff.news_new, name="new"),
    path("<slug:slug>/news/<int:pk>/", staff.news_edit, name="edit"),
    path("<slug:slug>/news/<int:pk>/preview/", staff.news_preview, name="preview"),
    path("<slug:slug>/news/<int:pk>/transition/", staff.news_transition, name="transition"),
    path("<slug:slug>/news/<int:pk>/photos/", staff.photo_add, name="photo_add"),
    path(
        "<slug:slug>/news/<int:pk>/photos/<int:photo_pk>/remove/",
        staff.photo_remove,
        name="photo_remove",
    ),
    path("<slug:slug>/news/photos/<int:photo_pk>/<slug:size>/", staff.photo, name="photo"),
    path(
        "<slug:slug>/news/from-meeting/<int:meeting_pk>/", staff.from_meeting, name="from_meeting"
    ),
]

from __future__ import annotations

from django.urls import path

from aglomera.calls import views

app_name = "calls"

urlpatterns = [
    path("<slug:slug>/calls/", views.call_list, name="list"),
    path("<slug:slug>/calls/new/", views.call_new, name="new"),
    path("<slug:slug>/calls/schedules/new/", views.schedule_new, name="schedule_new"),
    path("<slug:slug>/calls/schedules/<int:year>/", views.schedule_detail, name="schedule"),
    path("<slug:slug>/calls/<int:pk>/", views.call_detail, name="detail"),
    path("<slug:slug>/calls/<int:pk>/edit/", views.call_edit, name="edit"),
    path("<slug:slug>/calls/<int:pk>/transition/", views.call_transition, name="transition"),
    path("<slug:slug>/calls/<int:pk>/modify/", views.call_modify, name="modify"),
    path("<slug:slug>/calls/<int:pk>/<slug:part>/add/", views.call_part_add, name="part_add"),
    path(
        "<slug:slug>/calls/<int:pk>/<slug:part>/<int:part_pk>/remove/",
        views.call_part_remove,
        name="part_remove",
    ),
]

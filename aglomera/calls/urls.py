from __future__ import annotations

from django.urls import path

from aglomera.calls.views import calls, modifications, parts, schedules

app_name = "calls"

urlpatterns = [
    path("<slug:slug>/calls/", calls.call_list, name="list"),
    path("<slug:slug>/calls/new/", calls.call_new, name="new"),
    path("<slug:slug>/calls/schedules/new/", schedules.schedule_new, name="schedule_new"),
    path("<slug:slug>/calls/schedules/<int:year>/", schedules.schedule_detail, name="schedule"),
    path("<slug:slug>/calls/<int:pk>/", calls.call_detail, name="detail"),
    path("<slug:slug>/calls/<int:pk>/edit/", calls.call_edit, name="edit"),
    path("<slug:slug>/calls/<int:pk>/transition/", calls.call_transition, name="transition"),
    path("<slug:slug>/calls/<int:pk>/modify/", modifications.call_modify, name="modify"),
    path("<slug:slug>/calls/<int:pk>/<slug:part>/add/", parts.call_part_add, name="part_add"),
    path(
        "<slug:slug>/calls/<int:pk>/<slug:part>/<int:part_pk>/remove/",
        parts.call_part_remove,
        name="part_remove",
    ),
]

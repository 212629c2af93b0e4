from __future__ import annotations

from django.urls import path

from aglomera.committee import views

app_name = "committee"

urlpatterns = [
    path("<slug:slug>/committee/", views.committee_home, name="home"),
    path("<slug:slug>/committee/statute/", views.committee_settings, name="settings"),
    path("<slug:slug>/committee/members/new/", views.member_new, name="member_new"),
    path("<slug:slug>/committee/members/<int:pk>/", views.member_edit, name="member_edit"),
    path("<slug:slug>/committee/meetings/new/", views.meeting_new, name="meeting_new"),
    path("<slug:slug>/committee/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("<slug:slug>/committee/meetings/<int:pk>/agenda/", views.agenda, name="agenda"),
    path(
        "<slug:slug>/committee/meetings/<int:pk>/transition/",
        views.meeting_transition,
        name="transition",
    ),
    path(
        "<slug:slug>/committee/meetings/<int:pk>/attendance/",
        views.attendance,
        name="attendance",
    ),
    path("<slug:slug>/committee/meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path(
        "<slug:slug>/committee/meetings/<int:pk>/minutes.docx",
        views.minutes_docx,
        name="minutes_docx",
    ),
    path("<slug:slug>/committee/items/<int:pk>/vote/", views.vote, name="vote"),
    path("<slug:slug>/committee/items/<int:pk>/room-votes/", views.room_votes, name="room_votes"),
    path("<slug:slug>/committee/items/<int:pk>/decide/", views.decide, name="decide"),
    path("<slug:slug>/committee/items/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/committee/items/<int:pk>/proposals/", views.proposals, name="proposals"),
    path("<slug:slug>/committee/resolutions/", views.resolutions, name="resolutions"),
]

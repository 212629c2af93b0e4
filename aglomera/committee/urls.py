from __future__ import annotations

from django.urls import path

from aglomera.committee.views import agenda, meetings, members, minutes, resolutions, voting

app_name = "committee"

urlpatterns = [
    path("<slug:slug>/committee/", members.committee_home, name="home"),
    path("<slug:slug>/committee/statute/", members.committee_settings, name="settings"),
    path("<slug:slug>/committee/members/new/", members.member_new, name="member_new"),
    path("<slug:slug>/committee/members/<int:pk>/", members.member_edit, name="member_edit"),
    path("<slug:slug>/committee/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("<slug:slug>/committee/meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("<slug:slug>/committee/meetings/<int:pk>/agenda/", agenda.agenda, name="agenda"),
    path(
        "<slug:slug>/committee/meetings/<int:pk>/transition/",
        meetings.meeting_transition,
        name="transition",
    ),
    path(
        "<slug:slug>/committee/meetings/<int:pk>/attendance/",
        meetings.attendance,
        name="attendance",
    ),
    path("<slug:slug>/committee/meetings/<int:pk>/minutes/", minutes.minutes, name="minutes"),
    path(
        "<slug:slug>/committee/meetings/<int:pk>/minutes.docx",
        minutes.minutes_docx,
        name="minutes_docx",
    ),
    path("<slug:slug>/committee/items/<int:pk>/vote/", voting.vote, name="vote"),
    path("<slug:slug>/committee/items/<int:pk>/room-votes/", voting.room_votes, name="room_votes"),
    path("<slug:slug>/committee/items/<int:pk>/conflict/", voting.conflict, name="conflict"),
    path("<slug:slug>/committee/items/<int:pk>/decide/", resolutions.decide, name="decide"),
    path("<slug:slug>/committee/items/<int:pk>/withdraw/", agenda.withdraw, name="withdraw"),
    path("<slug:slug>/committee/items/<int:pk>/proposals/", agenda.proposals, name="proposals"),
    path("<slug:slug>/committee/resolutions/", resolutions.resolutions, name="resolutions"),
]

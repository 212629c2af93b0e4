from __future__ import annotations

from django.urls import path

from aglomera.agglomerations.views import (
    audit,
    members,
    organisation_admin,
    organisations,
    overview,
)

app_name = "agglomerations"

urlpatterns = [
    path("<slug:slug>/", overview.agglomeration_detail, name="detail"),
    path("<slug:slug>/audit/", audit.audit_log, name="audit"),
    path("<slug:slug>/audit/export.csv", audit.audit_csv, name="audit_csv"),
    path("<slug:slug>/organisations/new/", organisations.organisation_new, name="organisation_new"),
    path(
        "<slug:slug>/organisations/own/",
        organisations.own_organisation_new,
        name="own_organisation",
    ),
    # the manager's pages of organisations and members (docs/people-and-organisations.md)
    path(
        "<slug:slug>/organisations/",
        organisation_admin.organisation_list,
        name="organisation_list",
    ),
    path(
        "<slug:slug>/organisations/<int:pk>/",
        organisation_admin.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "<slug:slug>/organisations/<int:pk>/edit/",
        organisation_admin.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "<slug:slug>/organisations/<int:pk>/status/",
        organisation_admin.organisation_status,
        name="organisation_status",
    ),
    path(
        "<slug:slug>/organisations/<int:pk>/merge/",
        organisation_admin.organisation_merge,
        name="organisation_merge",
    ),
    path("<slug:slug>/members/", members.member_list, name="member_list"),
    path("<slug:slug>/members/add/", members.member_add, name="member_add"),
    path("<slug:slug>/members/new-account/", members.member_create, name="member_create"),
    path("<slug:slug>/members/<int:user_pk>/", members.member_detail, name="member_detail"),
    path("<slug:slug>/members/<int:user_pk>/grant/", members.member_grant, name="member_grant"),
    path("<slug:slug>/members/<int:user_pk>/revoke/", members.member_revoke, name="member_revoke"),
    path("<slug:slug>/members/<int:user_pk>/remove/", members.member_remove, name="member_remove"),
]

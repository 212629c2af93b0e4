from __future__ import annotations

from django.urls import path

from aglomera.agglomerations.views import audit, organisations, overview

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
]

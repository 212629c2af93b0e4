from __future__ import annotations

from django.urls import path

from aglomera.agglomerations import views

app_name = "agglomerations"

urlpatterns = [
    path("<slug:slug>/", views.agglomeration_detail, name="detail"),
    path("<slug:slug>/audit/", views.audit_log, name="audit"),
    path("<slug:slug>/organisations/new/", views.organisation_new, name="organisation_new"),
    path("<slug:slug>/organisations/own/", views.own_organisation_new, name="own_organisation"),
]

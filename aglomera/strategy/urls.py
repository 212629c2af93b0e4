from __future__ import annotations

from django.urls import path

from aglomera.strategy import views

app_name = "strategy"

urlpatterns = [
    path("<slug:slug>/strategies/new/", views.strategy_new, name="strategy_new"),
    path("<slug:slug>/strategies/<int:pk>/", views.strategy_tree, name="tree"),
    path(
        "<slug:slug>/strategies/<int:pk>/measures/<int:measure_pk>/",
        views.measure_detail,
        name="measure",
    ),
    path("<slug:slug>/strategies/<int:pk>/versions/", views.version_history, name="versions"),
    path("<slug:slug>/strategies/<int:pk>/diff/", views.version_diff, name="diff"),
    path(
        "<slug:slug>/strategies/<int:pk>/amendments/new/",
        views.amendment_start,
        name="amendment_start",
    ),
    path("<slug:slug>/amendments/<int:version_pk>/", views.amendment_editor, name="amendment"),
    path(
        "<slug:slug>/amendments/<int:version_pk>/edit/<slug:form_name>/",
        views.amendment_edit,
        name="amendment_edit",
    ),
    path(
        "<slug:slug>/amendments/<int:version_pk>/transition/",
        views.amendment_transition,
        name="amendment_transition",
    ),
    path("<slug:slug>/indicator-codes/", views.indicator_codes, name="indicator_codes"),
    path("<slug:slug>/exchange-rates/", views.exchange_rates, name="exchange_rates"),
    path("<slug:slug>/office-roles/", views.office_roles, name="office_roles"),
]

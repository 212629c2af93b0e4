from __future__ import annotations

from django.urls import path

from aglomera.strategy.views import amendments, codes, office_roles, rates, strategies, tree

app_name = "strategy"

urlpatterns = [
    path("<slug:slug>/strategies/new/", strategies.strategy_new, name="strategy_new"),
    path("<slug:slug>/strategies/<int:pk>/", tree.strategy_tree, name="tree"),
    path(
        "<slug:slug>/strategies/<int:pk>/measures/<int:measure_pk>/",
        tree.measure_detail,
        name="measure",
    ),
    path("<slug:slug>/strategies/<int:pk>/versions/", tree.version_history, name="versions"),
    path("<slug:slug>/strategies/<int:pk>/diff/", tree.version_diff, name="diff"),
    path(
        "<slug:slug>/strategies/<int:pk>/amendments/new/",
        amendments.amendment_start,
        name="amendment_start",
    ),
    path("<slug:slug>/amendments/<int:version_pk>/", amendments.amendment_editor, name="amendment"),
    path(
        "<slug:slug>/amendments/<int:version_pk>/edit/<slug:form_name>/",
        amendments.amendment_edit,
        name="amendment_edit",
    ),
    path(
        "<slug:slug>/amendments/<int:version_pk>/transition/",
        amendments.amendment_transition,
        name="amendment_transition",
    ),
    path("<slug:slug>/indicator-codes/", codes.indicator_codes, name="indicator_codes"),
    path("<slug:slug>/exchange-rates/", rates.exchange_rates, name="exchange_rates"),
    path("<slug:slug>/office-roles/", office_roles.office_roles, name="office_roles"),
]

"""Staff pages of monitoring under /<lang>/app/<agglomeration-slug>/...: imports, the dashboard,
progress reports and payment forecasts, early warning, generated reports, types of
intervention and programme tranches."""

from __future__ import annotations

from django.urls import path

from aglomera.monitoring.views import (
    commitments,
    dashboard,
    imports,
    intervention,
    payments,
    progress,
    reports,
    scope,
    warnings,
)

app_name = "monitoring"

urlpatterns = [
    path("<slug:slug>/monitoring/imports/", imports.import_list, name="import_list"),
    path("<slug:slug>/monitoring/imports/<int:pk>/", imports.import_job, name="import_job"),
    path(
        "<slug:slug>/monitoring/imports/<int:pk>/progress/",
        imports.import_progress,
        name="import_progress",
    ),
    path(
        "<slug:slug>/monitoring/imports/<int:pk>/result/",
        imports.import_result,
        name="import_result",
    ),
    path(
        "<slug:slug>/monitoring/imports/<int:pk>/mapping/",
        imports.import_mapping,
        name="import_mapping",
    ),
    path(
        "<slug:slug>/monitoring/imports/<int:pk>/again/", imports.import_again, name="import_again"
    ),
    path("<slug:slug>/monitoring/imports/scope/", scope.scope_rules, name="scope_rules"),
    path(
        "<slug:slug>/monitoring/imports/scope/<int:pk>/delete/",
        scope.scope_rule_delete,
        name="scope_rule_delete",
    ),
    path(
        "<slug:slug>/monitoring/operations/<int:pk>/link/",
        imports.link_operation,
        name="link_operation",
    ),
    path("<slug:slug>/monitoring/", dashboard.dashboard, name="dashboard"),
    path(
        "<slug:slug>/monitoring/intentions/<int:pk>/progress/",
        progress.progress_list,
        name="progress_list",
    ),
    path(
        "<slug:slug>/monitoring/intentions/<int:pk>/forecast/",
        payments.payment_forecast,
        name="payment_forecast",
    ),
    path("<slug:slug>/monitoring/progress/", progress.progress_queue, name="progress_queue"),
    path(
        "<slug:slug>/monitoring/progress/<int:pk>/",
        progress.progress_report,
        name="progress_report",
    ),
    path(
        "<slug:slug>/monitoring/progress/<int:pk>/step/",
        progress.progress_step,
        name="progress_step",
    ),
    path("<slug:slug>/monitoring/warnings/", warnings.warnings_page, name="warnings"),
    path("<slug:slug>/monitoring/warnings/csv/", warnings.warnings_csv, name="warnings_csv"),
    path("<slug:slug>/reports/", reports.report_list, name="reports"),
    path("<slug:slug>/reports/new/", reports.report_request, name="reports_new"),
    path("<slug:slug>/reports/schedule/", reports.report_schedule, name="reports_schedule"),
    path(
        "<slug:slug>/reports/ask-beneficiaries/",
        reports.report_details_request,
        name="reports_ask",
    ),
    path("<slug:slug>/reports/<int:pk>/again/", reports.report_again, name="report_again"),
    path(
        "<slug:slug>/reports/<int:pk>/<str:extension>/",
        reports.report_download,
        name="report_download",
    ),
    path(
        "<slug:slug>/intervention-fields/",
        intervention.intervention_fields,
        name="intervention_fields",
    ),
    path(
        "<slug:slug>/monitoring/commitments/",
        commitments.commitments_list,
        name="commitments",
    ),
    path(
        "<slug:slug>/monitoring/commitments/<int:pk>/",
        commitments.programme_commitments,
        name="programme_commitments",
    ),
    path(
        "<slug:slug>/monitoring/commitments/<int:pk>/decommitments/",
        commitments.decommitment_new,
        name="decommitment_new",
    ),
    path(
        "<slug:slug>/monitoring/decommitments/<int:pk>/remove/",
        commitments.decommitment_delete,
        name="decommitment_delete",
    ),
]

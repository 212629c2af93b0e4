"""Staff pages of monitoring under /<lang>/app/<agglomeration-slug>/...

Each area's view module defines its own `urlpatterns`; this file joins those that exist
(imports, dashboard, progress reports, early warning, generated reports, types of
intervention, commitment profiles).
"""

from __future__ import annotations

from importlib import import_module

from django.urls import URLPattern, URLResolver

app_name = "monitoring"

VIEW_MODULES = (
    "imports",
    "dashboard",
    "progress",
    "warnings",
    "reports",
    "intervention",
    "commitments",
)

urlpatterns: list[URLPattern | URLResolver] = []
for _name in VIEW_MODULES:
    _module_name = f"aglomera.monitoring.views.{_name}"
    try:
        _module = import_module(_module_name)
    except ModuleNotFoundError as error:
        if error.name != _module_name:  # a real import error inside an existing module
            raise
        continue
    urlpatterns += _module.urlpatterns

"""The manager's lists of people and of organisations: a page of what matches the search form
read from the query string."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.paginator import Page
from django.http import HttpResponse
from django.shortcuts import render

from aglomera.core.query_params import query_int
from aglomera.core.tenant import TenantRequest


def search_list(
    request: TenantRequest,
    form_class: type[forms.Form],
    template: str,
    list_page: Callable[..., Page[Any]],
) -> HttpResponse:
    """`list_page(agglomeration, search=…, <the form's other fields>=…, page=…)`: the form's
    `q` is the search; a form with errors lists everything and answers 422."""
    agglomeration = request.tenant.agglomeration
    asked = any(name in request.GET for name in form_class.base_fields)
    form = form_class(request.GET if asked else None)
    filters = {name: "" for name in form_class.base_fields}
    if form.is_bound and form.is_valid():
        filters.update(form.cleaned_data)
    filters["search"] = filters.pop("q").strip()
    page = list_page(agglomeration, page=query_int(request.GET, "page") or 1, **filters)
    return render(
        request,
        template,
        {"agglomeration": agglomeration, "form": form, "page": page},
        status=422 if form.errors else 200,
    )

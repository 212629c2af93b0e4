"""Signing in, in the language the user chose last."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import translate_url

from aglomera.core import language


class LoginView(auth_views.LoginView):
    """Django's login; the user's preferred language is activated (the redirect leads to the
    page in that language, and the language cookie keeps it)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        preferred = getattr(form.get_user(), "preferred_language", "")
        if preferred in language.codes():
            response["Location"] = translate_url(response["Location"], preferred)
            language.remember(response, preferred)
        return response

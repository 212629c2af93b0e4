"""Choosing one's own password: Django's password reset views, in the product's pages and
languages.

A person asks for a link by their e-mail address ("Forgot your password?" on the login page), or
gets one when the strategy manager creates their account (aglomera/agglomerations/tasks.py).
Both links carry Django's token (`default_token_generator`): it holds for PASSWORD_RESET_TIMEOUT
and only until the password changes or the person logs in.

- The answer to a request is the same whether or not an account uses the address.
- The login limits (aglomera/accounts/login_limits.py) apply to logging in only: a person locked
  out after too many failed logins (for their username or their whole address) can still ask for
  a link and choose a password, which is what they need. The link goes only to the account's own
  address, and setting a password does not log in, so the next login still goes through the
  limits (a lock holds until it cools off).
- Asking for links is limited per e-mail address and per client address (reset_limits.py), so
  nobody can flood a mailbox with reset e-mails.
- The links in the e-mail start with SITE_URL, never with the Host header of the request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy

from aglomera.accounts.reset_limits import reset_allowed


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    email_template_name = "accounts/emails/password_reset_body.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        if not reset_allowed(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())  # the same answer, no e-mail
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False  # the next login goes through the login limits


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"

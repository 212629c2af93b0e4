"""Background sending of the link a new account's person follows to choose their password
(django-tasks; see aglomera/notifications/tasks.py).

The strategy manager creates the account (actions/members.create_account) and never knows its
password: the person gets this e-mail, in their language (their chosen one, else the
agglomeration's), with a link carrying Django's password-reset token, the token of "Forgot your
password?" (aglomera/accounts/views/passwords.py). When the link is too old, that page sends a
new one.
"""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.notifications import emails


def set_password_link(user: User, language: str) -> str:
    """The absolute link to the page where `user` chooses a password, in `language`."""
    with translation.override(language):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    return emails.absolute_url(path)


@task()
def send_set_password_link(
    user_id: int, agglomeration_id: int, created_by_id: int | None = None
) -> int:
    """E-mail a new account's person the link to choose their password; the number sent."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    agglomeration = Agglomeration.objects.filter(pk=agglomeration_id).first()
    if user is None or agglomeration is None or not user.email:
        return 0
    context = {
        "link": set_password_link(user, emails.language_for(user, agglomeration)),
        "username": user.get_username(),
        "created_by": User.objects.filter(pk=created_by_id).first() if created_by_id else None,
    }
    message = emails.render_email("set_password", context, user=user, agglomeration=agglomeration)
    return emails.send_all([message])

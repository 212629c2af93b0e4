"""One-time form tokens: a creation form sent twice creates one object.

A double click, a browser that retries, or two tabs posting the same page must not create two
intentions, two calls or two meetings. Every creation form carries a hidden `form_token` (a
random UUID made when the blank form is rendered; a form shown again with errors keeps its
token). The creating action claims the token first, inside its own transaction:

    earlier = once.claim(form_token, actor=actor, model=Call)
    if earlier is not None:
        return earlier               # the object the first submission created
    call = Call.objects.create(...)
    once.bind(form_token, call)

`claim` inserts the token's row in a savepoint. A parallel second request with the same token
blocks on the unique index until the first commits, then fails to insert and returns what the
first created, so the view redirects to the same page the first request got. If the first
request failed (its transaction rolled back, token row included), the second proceeds normally.
Sequential repeats (on SQLite too) find the row at once.

A request without a token (an old form still open in a browser, a script, the demo loader)
works as before, without this protection. Tokens older than a day are pruned by
`manage.py prune_submission_tokens` (cron); after that, an old form sent again creates anew.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, TypeVar

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.core.actors import Actor
from aglomera.core.models import SubmissionToken

FIELD_NAME = "form_token"
KEEP = timedelta(days=1)

M = TypeVar("M", bound=models.Model)


def parse_token(value: Any) -> uuid.UUID | None:
    """The token of a posted form, or None when it is missing or not a UUID."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class FormTokenField(forms.Field):
    """A hidden field holding the form's one-time token.

    A blank form gets a fresh token; a form shown again keeps the token it was sent with. A
    missing or malformed token is not an error: it cleans to None (no double-submit check).
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> uuid.UUID | None:
        return parse_token(value)

    def bound_data(self, data: Any, initial: Any) -> Any:
        return data if parse_token(data) is not None else initial


class OnceForm(forms.Form):
    """Base (or mixin, listed first) of every creation form: adds the hidden `form_token`."""

    form_token = FormTokenField()


def form_token(form: forms.BaseForm) -> uuid.UUID | None:
    """The cleaned token of a valid form."""
    token: uuid.UUID | None = form.cleaned_data.get(FIELD_NAME)
    return token


def _already_sent() -> ValidationError:
    return ValidationError(
        _("This form has already been sent. Open the page again to fill it in anew."),
        code="already_sent",
    )


def claim(token: uuid.UUID | None, *, actor: Actor | None, model: type[M]) -> M | None:
    """Claim `token` for this submission: None to go on creating, or the `model` object an
    earlier submission of the same form created. Call it first in the creating action's
    transaction (after the permission check), and `bind` the created object at its end.

    Raises ValidationError when the token was used for something this actor cannot get back
    (another form, another user, or an object deleted since).
    """
    if token is None or actor is None or actor.pk is None:
        return None
    try:
        with transaction.atomic():
            SubmissionToken.objects.create(token=token, user_id=actor.pk)
    except IntegrityError:
        return _earlier(token, actor, model)
    return None


def _earlier(token: uuid.UUID, actor: Actor, model: type[M]) -> M:
    row = SubmissionToken.objects.filter(token=token, user_id=actor.pk).first()
    if row is None or row.object_id is None:
        raise _already_sent()
    if row.content_type_id != ContentType.objects.get_for_model(model).pk:
        raise _already_sent()
    earlier = model._default_manager.filter(pk=row.object_id).first()
    if earlier is None:
        raise _already_sent()
    return earlier


def bind(token: uuid.UUID | None, obj: models.Model) -> None:
    """Record that the submission holding `token` created `obj`."""
    if token is None:
        return
    SubmissionToken.objects.filter(token=token).update(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )


def prune(*, older_than: timedelta = KEEP) -> int:
    """Delete tokens older than `older_than`; returns how many."""
    deleted, _counts = SubmissionToken.objects.filter(
        created_at__lt=timezone.now() - older_than
    ).delete()
    return deleted

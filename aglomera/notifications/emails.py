"""Building the plain-text e-mails: language, absolute links, rendering and sending.

Templates live in templates/notifications/<name>_subject.txt and <name>_body.txt; they are
rendered in the recipient's language and the agglomeration's time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Field, Model
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django_stubs_ext import StrOrPromise

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration, Country
from aglomera.calls.models import Call
from aglomera.committee.models import AgendaItem, Meeting, MeetingForm
from aglomera.core.models import StatusChange
from aglomera.intentions.models import ProjectIntention
from aglomera.notifications.recipients import Notice

# The agglomeration's own language, for users who have not chosen one.
COUNTRY_LANGUAGE: dict[str, str] = {Country.CZ: "cs", Country.PL: "pl"}


def language_for(user: User, agglomeration: Agglomeration) -> str:
    return user.preferred_language or COUNTRY_LANGUAGE.get(
        agglomeration.country, settings.LANGUAGE_CODE
    )


def _pk(obj: Any) -> dict[str, Any]:
    return {"pk": obj.pk}


# Where an object is shown: url names tried in order (a page an area has not built yet is
# skipped); the agglomeration's overview is the fallback.
LINKS: dict[str, list[tuple[str, Callable[[Any], dict[str, Any]]]]] = {
    "intentions.projectintention": [("intentions:detail", _pk)],
    "intentions.changerequest": [
        ("intentions:change", _pk),
        ("intentions:detail", lambda change: {"pk": change.intention_id}),
    ],
    "committee.meeting": [("committee:meeting", _pk)],
    "calls.call": [("calls:detail", _pk)],
    "cooperation.jointidea": [("cooperation:idea", _pk)],
}


def object_path(target: Model, agglomeration: Agglomeration) -> str:
    """The path of the page showing `target`, in the active language."""
    for name, arguments in LINKS.get(target._meta.label_lower, []):
        try:
            return reverse(name, kwargs={"slug": agglomeration.slug, **arguments(target)})
        except NoReverseMatch:
            continue
    return reverse("agglomerations:detail", kwargs={"slug": agglomeration.slug})


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def status_label(target: Model, value: str) -> StrOrPromise:
    """The (lazily) translated label of a status value of `target`; the value if unknown."""
    field = target._meta.get_field("status")
    assert isinstance(field, Field)  # noqa: S101 - narrows the type for mypy
    choices: dict[Any, StrOrPromise] = dict(field.flatchoices)
    return choices.get(value, value)


def render_email(
    template: str,
    context: dict[str, Any],
    *,
    user: User,
    agglomeration: Agglomeration,
    target: Model | None = None,
) -> EmailMessage:
    """One e-mail to `user`, rendered in their language; `link` points to `target`'s page."""
    language = language_for(user, agglomeration)
    with translation.override(language), timezone.override(agglomeration.time_zone):
        values = {
            "recipient": user,
            "agglomeration": agglomeration,
            "agglomeration_name": str(agglomeration.name),
            "link": absolute_url(object_path(target or agglomeration, agglomeration)),
            **context,
        }
        subject = render_to_string(f"notifications/{template}_subject.txt", values)
        body = render_to_string(f"notifications/{template}_body.txt", values)
    return EmailMessage(" ".join(subject.split()), body.strip() + "\n", to=[user.email])


def send_all(messages: Sequence[EmailMessage]) -> int:
    """Send over one connection; the number of messages sent."""
    if not messages:
        return 0
    return get_connection().send_messages(list(messages)) or 0


def status_change_email(change: StatusChange, notice: Notice, user: User) -> EmailMessage:
    target = notice.target
    context = {
        "kind": target._meta.verbose_name,
        "target": target,
        "old": status_label(target, change.old_status),
        "new": status_label(target, change.new_status),
        "reason": change.reason,
        "actor": change.actor,
        "when": change.created_at,
    }
    return render_email(
        notice.template, context, user=user, agglomeration=notice.home_of(user), target=target
    )


def voting_open_email(
    meeting: Meeting, items: Sequence[AgendaItem], notice: Notice, user: User
) -> EmailMessage:
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "per_rollam": meeting.form == MeetingForm.PER_ROLLAM,
        "closes": meeting.voting_closes_at,
        "items": items,
    }
    return render_email(
        "voting_open", context, user=user, agglomeration=notice.agglomeration, target=meeting
    )


def call_deadline_email(
    call: Call, intentions: Sequence[ProjectIntention], user: User
) -> EmailMessage:
    context = {
        "call": call,
        "deadline": call.closes_at,
        "intentions": [
            {"intention": intention, "state": status_label(intention, intention.status)}
            for intention in intentions
        ],
    }
    return render_email(
        "call_deadline", context, user=user, agglomeration=call.agglomeration, target=call
    )


def voting_reminder_email(
    meeting: Meeting, items: Sequence[AgendaItem], user: User
) -> EmailMessage:
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "closes": meeting.voting_closes_at,
        "items": items,
    }
    agglomeration = meeting.committee.agglomeration
    return render_email(
        "voting_reminder", context, user=user, agglomeration=agglomeration, target=meeting
    )

"""One-time form tokens (aglomera.core.once): the hidden field, the claim and the pruning."""

from __future__ import annotations

import uuid
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.core import once
from aglomera.core.models import SubmissionToken
from aglomera.strategy.tests.builders import make_olomouc, make_opole, make_user

pytestmark = pytest.mark.django_db


class NameForm(once.OnceForm):
    name = forms.CharField()


def _rendered_token(form: forms.BaseForm) -> str:
    html = str(form["form_token"])
    return html.split('value="', 1)[1].split('"', 1)[0]


@pytest.fixture
def olomouc() -> Agglomeration:
    return make_olomouc()


@pytest.fixture
def alice(olomouc: Agglomeration) -> User:
    return make_user("alice", (olomouc, Role.MANAGER))


@pytest.fixture
def bob(olomouc: Agglomeration) -> User:
    return make_user("bob", (olomouc, Role.COORDINATOR))


# --- the hidden field --------------------------------------------------------------------------


def test_each_blank_form_gets_a_fresh_hidden_token() -> None:
    first, second = NameForm(), NameForm()
    assert 'type="hidden"' in str(first["form_token"])
    assert uuid.UUID(_rendered_token(first)) != uuid.UUID(_rendered_token(second))
    # The same form object shows the same token every time it is rendered
    assert _rendered_token(first) == _rendered_token(first)


def test_a_form_shown_again_with_errors_keeps_its_token() -> None:
    token = uuid.uuid4()
    form = NameForm({"name": "", "form_token": str(token)})
    assert not form.is_valid()
    assert _rendered_token(form) == str(token)


@pytest.mark.parametrize("posted", [None, "", "not-a-uuid", "1' OR '1'='1"])
def test_a_missing_or_malformed_token_is_no_error_and_is_replaced(posted: str | None) -> None:
    data = {"name": "x"} if posted is None else {"name": "x", "form_token": posted}
    form = NameForm(data)
    assert form.is_valid(), form.errors
    assert once.form_token(form) is None
    assert uuid.UUID(_rendered_token(form))  # the form shown again carries a usable token


def test_a_valid_token_is_cleaned_to_a_uuid() -> None:
    token = uuid.uuid4()
    form = NameForm({"name": "x", "form_token": str(token)})
    assert form.is_valid()
    assert once.form_token(form) == token
    assert once.parse_token(token) == token


# --- claiming ------------------------------------------------------------------------------------


def test_the_first_claim_goes_on_and_a_repeat_gets_the_object_it_created(
    alice: User, olomouc: Agglomeration
) -> None:
    token = uuid.uuid4()
    assert once.claim(token, actor=alice, model=Agglomeration) is None
    once.bind(token, olomouc)
    assert once.claim(token, actor=alice, model=Agglomeration) == olomouc
    assert SubmissionToken.objects.get().user == alice


def test_without_a_token_or_a_saved_actor_nothing_is_claimed(alice: User) -> None:
    assert once.claim(None, actor=alice, model=Agglomeration) is None
    assert once.claim(uuid.uuid4(), actor=None, model=Agglomeration) is None
    assert once.claim(uuid.uuid4(), actor=User(username="unsaved"), model=Agglomeration) is None
    once.bind(None, alice)
    assert not SubmissionToken.objects.exists()


@pytest.mark.parametrize("case", ["other user", "other model", "deleted", "unbound"])
def test_a_token_that_cannot_give_its_object_back_is_refused_with_a_message(
    case: str, alice: User, bob: User, olomouc: Agglomeration
) -> None:
    # Given a token used once by Alice
    token = uuid.uuid4()
    once.claim(token, actor=alice, model=Agglomeration)
    target: Any = olomouc
    if case == "deleted":
        target = make_opole()
    if case != "unbound":
        once.bind(token, target)
    if case == "deleted":
        target.delete()
    actor = bob if case == "other user" else alice
    model: type[Any] = User if case == "other model" else Agglomeration
    # When the same token comes again
    with pytest.raises(ValidationError) as caught:
        once.claim(token, actor=actor, model=model)
    # Then it is refused with a message instead of creating anything or revealing anything
    assert caught.value.code == "already_sent"
    assert "already been sent" in caught.value.messages[0]


# --- pruning -----------------------------------------------------------------------------------


def test_tokens_older_than_a_day_are_pruned_by_the_command(alice: User) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        once.claim(uuid.uuid4(), actor=alice, model=Agglomeration)
    fresh = uuid.uuid4()
    once.claim(fresh, actor=alice, model=Agglomeration)
    out = StringIO()
    call_command("prune_submission_tokens", stdout=out)
    assert "Submission tokens deleted: 1." in out.getvalue()
    assert list(SubmissionToken.objects.values_list("token", flat=True)) == [fresh]
    call_command("prune_submission_tokens", "--hours", "0", stdout=out)  # at least an hour
    assert SubmissionToken.objects.count() == 1

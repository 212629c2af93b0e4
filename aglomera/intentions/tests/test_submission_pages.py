"""The applicant's pages through HTTP: who may open what, the form's messages, attachments,
the submit / return / resubmit flow, and fixed query counts."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Organisation
from aglomera.calls.models import AttachmentKind
from aglomera.intentions import transitions
from aglomera.intentions.actions import submission as actions
from aglomera.intentions.models import Attachment, IntentionStatus, ProjectIntention, ReturnComment
from aglomera.intentions.tests import samples
from aglomera.intentions.tests.builders import DEADLINE, DURING, PipelineWorld
from aglomera.strategy.models import IndicatorCode
from aglomera.strategy.tests.builders import make_opole, make_user

S = IntentionStatus
PDF = samples.pdf()  # a genuine PDF: uploads are checked as whole documents
EVALUATORS = [Role.MANAGER, Role.COORDINATOR, Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def clock() -> Iterator[None]:
    """The call of the PipelineWorld is open."""
    with time_machine.travel(DURING, tick=False):
        yield


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


@pytest.fixture
def outsider(world: PipelineWorld) -> User:
    return make_user("opole-manager", (make_opole(), Role.MANAGER))


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(name: str, world: PipelineWorld, **kwargs: Any) -> str:
    return reverse(f"intentions:{name}", kwargs={"slug": world.agglomeration.slug, **kwargs})


def form_data(**overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "revision": "",
        "name_cs": "Přístavba MŠ Přerov",
        "name_pl": "",
        "name_en": "Kindergarten extension",
        "measure_code": "2.1.1",
        "activities_cs": "Dvě nové třídy",
        "activities_pl": "",
        "activities_en": "",
        "start_date": "2025-09-01",
        "end_date": "2026-12-31",
        "total_cost": "12000000.00",
        "eligible_cost": "10000000.00",
        "requested_eu": "8000000.00",
        "requested_national": "500000.00",
        "building_permit": "obtained",
        "land_ownership": "owned",
        "indicators-TOTAL_FORMS": "3",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "30",
    }
    data.update(overrides)
    return data


# --- permission matrix ----------------------------------------------------------------------


def expected(role: Role | str, *, applicant: int, evaluators: int, partner: int = 403) -> int:
    if role == "owner":
        return applicant
    if role == "other_applicant":
        return 404
    if role == "outsider":
        return 404
    if role == Role.PARTNER:
        return partner
    return evaluators


ACTORS: list[Role | str] = ["owner", "other_applicant", *EVALUATORS, Role.PARTNER, "outsider"]


def actor(world: PipelineWorld, who: Role | str, outsider: User) -> User:
    if who == "owner":
        return world.user(Role.APPLICANT)
    if who == "other_applicant":
        return world.other_applicant
    if who == "outsider":
        return outsider
    return world.user(Role(who))


@pytest.mark.parametrize("who", ACTORS)
def test_it_shows_the_intention_page_to_those_allowed(
    world: PipelineWorld, outsider: User, who: Role | str
) -> None:
    # Given a submitted intention of the applicant's organisation
    intention = world.intention(status=S.SUBMITTED)
    # When someone opens its page
    response = client_for(actor(world, who, outsider)).get(url("detail", world, pk=intention.pk))
    # Then the owner and evaluators see it, another applicant gets 404, partners 403
    assert response.status_code == expected(who, applicant=200, evaluators=200)


@pytest.mark.parametrize("who", ACTORS)
def test_a_draft_and_its_files_open_only_for_the_owner(
    world: PipelineWorld, outsider: User, who: Role | str
) -> None:
    # Given a draft with an attachment (a draft is the applicant's own until it is submitted)
    intention = world.draft()
    attachment = actions.add_attachment(
        intention, SimpleUploadedFile("a.pdf", PDF), actor=world.user(Role.APPLICANT)
    )
    client = client_for(actor(world, who, outsider))
    # When someone opens its page or downloads its file
    page = client.get(url("detail", world, pk=intention.pk))
    download = client.get(url("attachment", world, pk=intention.pk, attachment_pk=attachment.pk))
    # The owner's file is streamed from the storage: read to its end, the test client closes it
    # (closing it by hand would also close the database connection of the module's data).
    if download.streaming:
        b"".join(download.streaming_content)  # type: ignore[attr-defined]
    # Then only the owner gets them: staff 403, another applicant 404, as for the lists
    assert page.status_code == download.status_code == expected(who, applicant=200, evaluators=403)


def test_the_manager_may_still_withdraw_a_draft(world: PipelineWorld) -> None:
    intention = world.draft()
    response = client_for(world.user(Role.MANAGER)).post(
        url("withdraw", world, pk=intention.pk), {"reason": "Duplicitní záměr"}
    )
    assert response.status_code == 302
    assert ProjectIntention.objects.get().status == S.WITHDRAWN


@pytest.mark.parametrize("who", ACTORS)
def test_it_lets_only_the_owner_edit(world: PipelineWorld, outsider: User, who: Role | str) -> None:
    intention = world.draft()
    response = client_for(actor(world, who, outsider)).get(url("edit", world, pk=intention.pk))
    assert response.status_code == expected(who, applicant=200, evaluators=403)


@pytest.mark.parametrize("who", ACTORS)
def test_it_lets_only_the_owner_submit(
    world: PipelineWorld, outsider: User, clock: None, who: Role | str
) -> None:
    intention = world.draft()
    response = client_for(actor(world, who, outsider)).post(url("submit", world, pk=intention.pk))
    assert response.status_code == expected(who, applicant=302, evaluators=403)
    submitted = ProjectIntention.objects.get().status == S.SUBMITTED
    assert submitted is (who == "owner")


@pytest.mark.parametrize("who", ACTORS)
def test_it_lets_the_owner_and_the_manager_withdraw(
    world: PipelineWorld, outsider: User, who: Role | str
) -> None:
    intention = world.intention(status=S.SUBMITTED)
    response = client_for(actor(world, who, outsider)).post(
        url("withdraw", world, pk=intention.pk), {"reason": "Nemáme pozemek"}
    )
    allowed = who in ("owner", Role.MANAGER)
    assert response.status_code == (302 if allowed else expected(who, applicant=0, evaluators=403))
    assert (ProjectIntention.objects.get().status == S.WITHDRAWN) is allowed


@pytest.mark.parametrize("who", ACTORS)
def test_it_lists_intentions_to_applicants_and_evaluators(
    world: PipelineWorld, outsider: User, who: Role | str
) -> None:
    # Given an intention of each organisation, one of them submitted
    world.intention(status=S.SUBMITTED, name="Naše MŠ")
    world.draft(name="Cizí MŠ", applicant=world.other_org)
    # When someone opens the list
    response = client_for(actor(world, who, outsider)).get(url("list", world))
    # Then applicants see their own; evaluators what has been submitted; partners are refused
    status = expected(who, applicant=200, evaluators=200)
    if who == "other_applicant":
        status = 200
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert ("Naše MŠ" in body) is (who != "other_applicant")
        assert ("Cizí MŠ" in body) is (who == "other_applicant")


@pytest.mark.parametrize("who", ACTORS)
def test_it_offers_new_intentions_only_to_applicants(
    world: PipelineWorld, outsider: User, clock: None, who: Role | str
) -> None:
    status = expected(who, applicant=200, evaluators=403)
    if who == "other_applicant":
        status = 200
    client = client_for(actor(world, who, outsider))
    assert client.get(url("new", world)).status_code == status
    assert client.get(url("create", world, call_pk=world.call.pk)).status_code == status


@pytest.mark.parametrize("who", ["owner", "other_applicant", Role.MANAGER, Role.PARTNER])
def test_it_serves_attachments_only_to_those_who_may_see_the_intention(
    world: PipelineWorld, outsider: User, who: Role | str
) -> None:
    # Given a submitted intention with a PDF
    intention = world.draft()
    attachment = actions.add_attachment(
        intention, SimpleUploadedFile("zámer.pdf", PDF), actor=world.user(Role.APPLICANT)
    )
    world.walk(intention, S.SUBMITTED)
    # When someone downloads it
    response = client_for(actor(world, who, outsider)).get(
        url("attachment", world, pk=intention.pk, attachment_pk=attachment.pk)
    )
    # Then the owner and staff get the file as a download; another applicant 404, partner 403
    assert response.status_code == expected(who, applicant=200, evaluators=200)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "z%C3%A1mer.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_it_gives_404_for_a_missing_attachment_or_intention(world: PipelineWorld) -> None:
    intention = world.draft()
    client = client_for(world.user(Role.APPLICANT))
    assert client.get(url("detail", world, pk=intention.pk + 100)).status_code == 404
    missing = url("attachment", world, pk=intention.pk, attachment_pk=999)
    assert client.get(missing).status_code == 404
    assert client.get(url("create", world, call_pk=world.call.pk + 100)).status_code == 404


def test_it_gives_404_when_the_stored_file_is_gone(
    world: PipelineWorld, private_root: Path
) -> None:
    intention = world.draft()
    attachment = actions.add_attachment(
        intention, SimpleUploadedFile("a.pdf", PDF), actor=world.user(Role.APPLICANT)
    )
    (private_root / attachment.file.name).unlink()
    response = client_for(world.user(Role.APPLICANT)).get(
        url("attachment", world, pk=intention.pk, attachment_pk=attachment.pk)
    )
    assert response.status_code == 404


# --- the form -------------------------------------------------------------------------------


def test_it_creates_a_draft_from_the_form(
    world: PipelineWorld, clock: None, cycling_km: IndicatorCode
) -> None:
    # Given the applicant on the form of the open call, with a mandatory attachment kind
    kind = AttachmentKind.objects.create(call=world.call, name={"en": "Budget"})
    client = client_for(world.user(Role.APPLICANT))
    page = client.get(url("create", world, call_pk=world.call.pk))
    assert page.status_code == 200
    assert 'value="2.1.1"' in page.content.decode()  # the call's measure by default
    # When they fill it in with a partner, an indicator and the budget
    data = form_data(
        partners=str(world.other_org.pk),
        **{
            "indicators-0-indicator": str(cycling_km.pk),
            "indicators-0-committed_value": "2.5",
        },
    )
    data[f"attachment_{kind.pk}"] = SimpleUploadedFile("budget.pdf", PDF)
    response = client.post(url("create", world, call_pk=world.call.pk), data)
    # Then the draft is saved and its page shows it
    intention = ProjectIntention.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", world, pk=intention.pk)
    assert intention.indicators.get().committed_value == Decimal("2.500")
    assert intention.attachments.get().kind == kind
    detail = client.get(response["Location"]).content.decode()
    assert "budget.pdf" in detail
    assert "Univerzita Palackého" in detail


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"total_cost": "-5"}, "total_cost", "The amount cannot be negative."),
        ({"requested_eu": "a lot"}, "requested_eu", "Enter an amount"),
        ({"eligible_cost": "100.555"}, "eligible_cost", "at most two decimal places"),
        ({"eligible_cost": "13000000.00"}, "eligible_cost", "cannot exceed the total cost"),
        (
            {"requested_eu": "8000000.01"},
            "requested_eu",
            "the eligible cost times the call&#x27;s aid rate of 85 %",
        ),
        (
            {"total_cost": "500000", "eligible_cost": "500000", "requested_eu": "0"},
            "eligible_cost",
            "at least 1,000,000.00 CZK",
        ),
        (
            {"total_cost": "90000000", "eligible_cost": "60000000"},
            "eligible_cost",
            "at most 50,000,000.00 CZK",
        ),
        ({"end_date": "2025-08-01"}, "end_date", "The project cannot end before it starts."),
        ({"end_date": "2025-02-30"}, "end_date", "Enter a valid date."),
        ({"start_date": "0001-01-01"}, "start_date", "the project cannot start earlier"),
        ({"start_date": "2019-01-01"}, "start_date", "Article 63(2)"),
        ({"end_date": "9999-12-31"}, "end_date", "the project must end by then"),
        ({"partners": "PARTNER_IS_APPLICANT"}, "partners", "cannot also be its own partner"),
    ],
)
def test_it_shows_each_message_next_to_its_field_and_keeps_the_input(
    world: PipelineWorld, clock: None, overrides: dict[str, str], field: str, message: str
) -> None:
    # Given the applicant's form with one bad value
    if overrides.get("partners") == "PARTNER_IS_APPLICANT":
        overrides = {"partners": str(world.applicant_org.pk)}
    client = client_for(world.user(Role.APPLICANT))
    # When it is sent
    response = client.post(url("create", world, call_pk=world.call.pk), form_data(**overrides))
    # Then the page comes back with 422, the message by the field, the input kept, nothing saved
    assert response.status_code == 422
    form = response.context["form"]
    assert message.replace("&#x27;", "'") in " ".join(form.errors[field])
    body = response.content.decode()
    assert message in body
    assert 'value="Přístavba MŠ Přerov"' in body
    if field != "partners":
        assert f'value="{overrides[field]}"' in body
    assert not ProjectIntention.objects.exists()


def test_it_refuses_a_renamed_executable_in_the_form(world: PipelineWorld, clock: None) -> None:
    client = client_for(world.user(Role.APPLICANT))
    data = form_data()
    data["attachment_other"] = SimpleUploadedFile("zamer.pdf", b"MZ\x90\x00\x03rest")
    response = client.post(url("create", world, call_pk=world.call.pk), data)
    assert response.status_code == 422
    assert "not an allowed document" in " ".join(
        response.context["form"].errors["attachment_other"]
    )
    assert not ProjectIntention.objects.exists()


def test_it_asks_to_reselect_files_when_another_field_fails(
    world: PipelineWorld, clock: None
) -> None:
    client = client_for(world.user(Role.APPLICANT))
    data = form_data(total_cost="-1")
    data["attachment_other"] = SimpleUploadedFile("zamer.pdf", PDF)
    response = client.post(url("create", world, call_pk=world.call.pk), data)
    assert response.status_code == 422
    assert "select the files again" in response.content.decode()


def test_it_refuses_a_bad_indicator_line(
    world: PipelineWorld, clock: None, cycling_km: IndicatorCode
) -> None:
    client = client_for(world.user(Role.APPLICANT))
    data = form_data(
        **{
            "indicators-0-indicator": str(cycling_km.pk),
            "indicators-0-committed_value": "",
            "indicators-1-committed_value": "3",
            "indicators-2-indicator": str(cycling_km.pk),
            "indicators-2-committed_value": "-1",
        }
    )
    response = client.post(url("create", world, call_pk=world.call.pk), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Enter the value you commit to." in body
    assert "Choose the indicator of this value." in body
    assert "The value cannot be negative." in body


def test_it_shows_indicator_rules_of_the_action_above_the_indicators(
    world: PipelineWorld, clock: None, cycling_km: IndicatorCode
) -> None:
    client = client_for(world.user(Role.APPLICANT))
    data = form_data(
        **{
            "indicators-0-indicator": str(cycling_km.pk),
            "indicators-0-committed_value": "1",
            "indicators-1-indicator": str(cycling_km.pk),
            "indicators-1-committed_value": "2",
        }
    )
    response = client.post(url("create", world, call_pk=world.call.pk), data)
    assert response.status_code == 422
    assert "is listed twice" in response.content.decode()


def test_it_tells_on_the_form_that_the_call_is_closed(world: PipelineWorld) -> None:
    # Given a moment after the deadline
    client = client_for(world.user(Role.APPLICANT))
    with time_machine.travel(DEADLINE + timedelta(hours=1), tick=False):
        page = client.get(url("create", world, call_pk=world.call.pk))
        response = client.post(url("create", world, call_pk=world.call.pk), form_data())
    # Then the form says so, and a post is refused with the deadline shown
    assert "The call closed on 30 May 2025 at 12:00 (Prague time)." in page.content.decode()
    assert response.status_code == 422
    assert "The call closed on 30 May 2025 at 12:00" in response.content.decode()
    assert not ProjectIntention.objects.exists()


def test_it_sends_an_applicant_without_organisation_to_register_it(
    world: PipelineWorld, clock: None
) -> None:
    newcomer = User.objects.create_user("newcomer")
    Membership.objects.create(user=newcomer, agglomeration=world.agglomeration, role=Role.APPLICANT)
    client = client_for(newcomer)
    response = client.get(url("create", world, call_pk=world.call.pk))
    own = reverse("agglomerations:own_organisation", kwargs={"slug": world.agglomeration.slug})
    assert response["Location"] == own
    assert "Register your organisation" in client.get(url("list", world)).content.decode()
    assert "Register your organisation" in client.get(url("new", world)).content.decode()
    # When they register it, they land on their list and can fill in intentions
    form = client.get(own)
    assert form.status_code == 200
    bad = client.post(own, {"name": "ZŠ", "kind": "school", "country": "CZ", "ico": "123"})
    assert bad.status_code == 422
    done = client.post(own, {"name": "ZŠ", "kind": "school", "country": "CZ", "ico": "47998407"})
    assert done["Location"] == url("list", world)
    assert Membership.objects.get(user=newcomer).organisation == Organisation.objects.get(
        ico="47998407"
    )
    assert client.get(own)["Location"] == url("list", world)


@pytest.mark.parametrize("who", ["applicant", *EVALUATORS, Role.PARTNER, "outsider"])
def test_it_lets_only_applicants_open_the_own_organisation_page(
    world: PipelineWorld, outsider: User, who: Role | str
) -> None:
    user = {"applicant": world.user(Role.APPLICANT), "outsider": outsider}.get(str(who))
    user = user or world.user(Role(who))
    own = reverse("agglomerations:own_organisation", kwargs={"slug": world.agglomeration.slug})
    status = {"applicant": 302, "outsider": 404}.get(str(who), 403)
    assert client_for(user).get(own).status_code == status


def test_it_edits_a_draft_and_refuses_a_stale_form(world: PipelineWorld) -> None:
    # Given the applicant's draft, opened in the editor
    intention = world.draft()
    client = client_for(world.user(Role.APPLICANT))
    page = client.get(url("edit", world, pk=intention.pk))
    assert page.status_code == 200
    stale = str(intention.revision)
    # When they save a change
    saved = client.post(
        url("edit", world, pk=intention.pk), form_data(revision=stale, total_cost="12500000.00")
    )
    # Then it is saved
    assert saved.status_code == 302
    assert ProjectIntention.objects.get().total_cost == Decimal("12500000.00")
    # And a second tab with the old revision is told, keeping its input
    response = client.post(
        url("edit", world, pk=intention.pk), form_data(revision=stale, total_cost="99.00")
    )
    assert response.status_code == 422
    assert "Someone else changed this intention" in response.content.decode()
    assert 'value="99.00"' in response.content.decode()
    assert ProjectIntention.objects.get().total_cost == Decimal("12500000.00")


def test_it_sends_the_editor_of_a_submitted_intention_back_to_its_page(
    world: PipelineWorld,
) -> None:
    intention = world.intention(status=S.SUBMITTED)
    client = client_for(world.user(Role.APPLICANT))
    response = client.get(url("edit", world, pk=intention.pk))
    assert response["Location"] == url("detail", world, pk=intention.pk)


# --- steps on the intention page ------------------------------------------------------------


def test_it_walks_submit_return_edit_resubmit_through_the_pages(world: PipelineWorld) -> None:
    # Given a draft of the applicant
    intention = world.draft()
    client = client_for(world.user(Role.APPLICANT))
    page = client.get(url("detail", world, pk=intention.pk)).content.decode()
    assert url("submit", world, pk=intention.pk) in page
    # When they submit it before the deadline
    with time_machine.travel(DEADLINE - timedelta(seconds=1), tick=False):
        response = client.post(
            url("submit", world, pk=intention.pk), {"revision": str(intention.revision)}
        )
    assert response.status_code == 302
    # And the coordinator returns it with a comment
    coordinator = world.user(Role.COORDINATOR)
    returned = transitions.transition(
        ProjectIntention.objects.get(), S.RETURNED, actor=coordinator, reason="Chybí rozpočet"
    )
    ReturnComment.objects.create(intention=returned, author=coordinator, text="Doplňte rozpočet.")
    page = client.get(url("detail", world, pk=intention.pk)).content.decode()
    # Then the applicant sees the comment, the history and can edit and resubmit
    assert "Doplňte rozpočet." in page
    assert "Returned for completion" in page
    assert "Chybí rozpočet" in page
    assert "Resubmit" in page
    edited = client.post(
        url("edit", world, pk=intention.pk),
        form_data(revision=str(returned.revision), total_cost="12100000.00"),
    )
    assert edited.status_code == 302
    with time_machine.travel(DEADLINE + timedelta(days=3), tick=False):
        response = client.post(url("submit", world, pk=intention.pk))
    assert response.status_code == 302
    assert ProjectIntention.objects.get().status == S.SUBMITTED


def test_it_shows_why_a_submission_is_refused(world: PipelineWorld) -> None:
    # Given a draft and a clock one second past the deadline
    intention = world.draft()
    client = client_for(world.user(Role.APPLICANT))
    with time_machine.travel(DEADLINE + timedelta(seconds=1), tick=False):
        response = client.post(url("submit", world, pk=intention.pk))
    # Then the page explains, with the deadline
    assert response.status_code == 422
    assert "The call closed on 30 May 2025 at 12:00 (Prague time)." in response.content.decode()
    assert ProjectIntention.objects.get().status == S.DRAFT


def test_it_needs_a_reason_to_withdraw(world: PipelineWorld) -> None:
    intention = world.intention(status=S.SUBMITTED)
    client = client_for(world.user(Role.APPLICANT))
    response = client.post(url("withdraw", world, pk=intention.pk), {"reason": ""})
    assert response.status_code == 422
    assert ProjectIntention.objects.get().status == S.SUBMITTED
    stale = client.post(url("withdraw", world, pk=intention.pk), {"reason": "x", "revision": "999"})
    assert stale.status_code == 422
    assert "Someone else acted on this project intention" in stale.content.decode()


def test_it_attaches_and_removes_files_on_the_intention_page(world: PipelineWorld) -> None:
    # Given a draft and a kind the call asks for
    intention = world.draft()
    kind = AttachmentKind.objects.create(call=world.call, name={"en": "Budget"})
    client = client_for(world.user(Role.APPLICANT))
    add = url("attachment_add", world, pk=intention.pk)
    # When the applicant uploads an HTML page named .pdf, then a real PDF
    refused = client.post(
        add, {"kind": str(kind.pk), "file": SimpleUploadedFile("b.pdf", b"<html></html>")}
    )
    accepted = client.post(add, {"kind": str(kind.pk), "file": SimpleUploadedFile("b.pdf", PDF)})
    # Then the first is refused next to the file field and the second attached
    assert refused.status_code == 422
    assert "not an allowed document" in " ".join(refused.context["attachment_form"].errors["file"])
    assert accepted.status_code == 302
    attachment = Attachment.objects.get()
    # And it can be removed again while the intention is a draft
    removed = client.post(
        url("attachment_delete", world, pk=intention.pk, attachment_pk=attachment.pk)
    )
    assert removed.status_code == 302
    assert not Attachment.objects.exists()


def test_it_refuses_attaching_after_submission(world: PipelineWorld) -> None:
    intention = world.draft()
    attachment = actions.add_attachment(
        intention, SimpleUploadedFile("a.pdf", PDF), actor=world.user(Role.APPLICANT)
    )
    world.walk(intention, S.SUBMITTED)
    client = client_for(world.user(Role.APPLICANT))
    response = client.post(
        url("attachment_add", world, pk=intention.pk), {"file": SimpleUploadedFile("b.pdf", PDF)}
    )
    assert response.status_code == 422
    assert "can no longer be edited" in response.content.decode()
    removed = client.post(
        url("attachment_delete", world, pk=intention.pk, attachment_pk=attachment.pk),
        follow=True,
    )
    assert "can no longer be edited" in removed.content.decode()
    assert Attachment.objects.exists()


# --- fixed query counts ---------------------------------------------------------------------


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_it_lists_my_intentions_in_a_fixed_number_of_queries(world: PipelineWorld) -> None:
    # Given one intention, then five more
    world.draft()
    client = client_for(world.user(Role.APPLICANT))
    small = _count(client, url("list", world))
    for _ in range(5):
        world.intention(status=S.SUBMITTED)
    # Then the list costs the same
    assert _count(client, url("list", world)) == small
    staff = client_for(world.user(Role.MANAGER))
    assert _count(staff, url("list", world)) <= small


def test_it_shows_the_intention_page_in_a_fixed_number_of_queries(
    world: PipelineWorld, cycling_km: IndicatorCode, emissions: IndicatorCode
) -> None:
    # Given a bare draft
    applicant = world.user(Role.APPLICANT)
    bare = world.draft()
    client = client_for(applicant)
    small = _count(client, url("detail", world, pk=bare.pk))
    # And a draft with partners, indicators, files of two kinds, comments and history
    kinds = [
        AttachmentKind.objects.create(call=world.call, name={"en": f"Kind {n}"}) for n in range(3)
    ]
    full = actions.create_intention(
        world.call,
        actor=applicant,
        now=DURING,
        partners=[world.other_org],
        indicators=[(cycling_km, Decimal("1")), (emissions, Decimal("2"))],
        attachments=[
            (kinds[0], SimpleUploadedFile("a.pdf", PDF)),
            (None, SimpleUploadedFile("b.pdf", PDF)),
        ],
        name={"cs": "Plná"},
        measure_code="2.1.1",
        start_date=bare.start_date,
        end_date=bare.end_date,
        total_cost=Decimal("2000000.00"),
        eligible_cost=Decimal("2000000.00"),
        requested_eu=Decimal("1000000.00"),
    )
    for kind in kinds[1:]:
        actions.add_attachment(full, SimpleUploadedFile("c.pdf", PDF), kind=kind, actor=applicant)
    full = world.walk(full, S.RETURNED)
    ReturnComment.objects.create(intention=full, text="1")
    ReturnComment.objects.create(intention=full, text="2")
    # Then its page costs the same number of queries
    assert _count(client, url("detail", world, pk=full.pk)) == small


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("1e9", ["invalid"]),
        ("1 000 000 000 000 000", ["max_value"]),
        ("1,0005", ["max_decimal_places"]),
    ],
)
def test_an_indicator_value_is_a_number_in_the_local_format(
    world: PipelineWorld, clock: None, cycling_km: IndicatorCode, typed: str, codes: list[str]
) -> None:
    client = client_for(world.user(Role.APPLICANT))
    with translation.override("cs"):
        create = url("create", world, call_pk=world.call.pk)
    data = form_data(
        **{"indicators-0-indicator": str(cycling_km.pk), "indicators-0-committed_value": typed}
    )
    with translation.override("cs"):
        response = client.post(create, data)
    assert response.status_code == 422
    errors = response.context["indicators"].forms[0].errors.as_data()["committed_value"]
    assert [error.code for error in errors] == codes
    body = response.content.decode()
    assert f'value="{typed}"' in body
    # the example and the limit in the Czech format
    assert "1\u00a0250,5" in body or codes != ["invalid"]
    assert "999\u00a0999\u00a0999\u00a0999\u00a0999,999" in body or codes != ["max_value"]
    assert not ProjectIntention.objects.exists()


def test_an_indicator_value_typed_in_czech_is_saved_and_shown_without_trailing_zeros(
    world: PipelineWorld, clock: None, cycling_km: IndicatorCode
) -> None:
    client = client_for(world.user(Role.APPLICANT))
    with translation.override("cs"):
        create = url("create", world, call_pk=world.call.pk)
    data = form_data(
        **{
            "indicators-0-indicator": str(cycling_km.pk),
            "indicators-0-committed_value": "1 000 000 000,5",
        }
    )
    with translation.override("cs"):
        response = client.post(create, data)
    assert response.status_code == 302
    intention = ProjectIntention.objects.get()
    assert intention.indicators.get().committed_value == Decimal("1000000000.500")
    with translation.override("cs"):
        edit = client.get(url("edit", world, pk=intention.pk))
    assert 'value="1\u00a0000\u00a0000\u00a0000,5"' in edit.content.decode()

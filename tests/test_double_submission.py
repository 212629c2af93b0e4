"""A creation form sent twice creates one object (issue 8, item 8), on both databases.

Every "create a new row" form of the product carries a one-time token (aglomera.core.once). Each
case below renders the blank form as a browser would, reads its token, and posts the same input
twice with it (a double click, a retried request, the same form in two tabs): one object is
created and both responses redirect to the same page. The parallel version of these posts runs
on PostgreSQL in tests/test_double_submission_races.py.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Organisation
from aglomera.calls.models import (
    AttachmentKind,
    Call,
    CallModification,
    CallSchedule,
    Criterion,
    FormalCheckItem,
)
from aglomera.calls.tests.helpers import form_data as call_form_data
from aglomera.calls.tests.helpers import planned_call
from aglomera.committee import actions as committee_actions
from aglomera.committee.models import AgendaItem, CommitteeMember, Meeting, SteeringCommittee
from aglomera.committee.tests.world import committee_user
from aglomera.cooperation import actions as cooperation_actions
from aglomera.cooperation.models import (
    CooperationProject,
    Exchange,
    ExchangePhoto,
    GoodPractice,
    JointIdea,
    JointIdeaComment,
    Partnership,
)
from aglomera.core.models import SubmissionToken
from aglomera.intentions.models import (
    Attachment,
    ChangeKind,
    ChangeRequest,
    IntentionStatus,
    ProjectIntention,
    ReviewAssignment,
)
from aglomera.intentions.tests.builders import DURING, PipelineWorld
from aglomera.intentions.tests.test_changes import _project as changeable_project
from aglomera.intentions.tests.test_submission_pages import form_data as intention_form_data
from aglomera.monitoring.models import GeneratedReport, ImportJob, ProgressReport, SourceLayout
from aglomera.monitoring.tests.import_helpers import fixture
from aglomera.monitoring.tests.test_progress import make_project
from aglomera.news import actions as news_actions
from aglomera.news.models import NewsItem, NewsPhoto
from aglomera.strategy import actions as strategy_actions
from aglomera.strategy.models import (
    Goal,
    IndicatorCode,
    Measure,
    SpecificGoal,
    Strategy,
    StrategyVersion,
)
from aglomera.strategy.tests.builders import make_opole, make_user

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="(?P<name>(?:[\w-]+-)?form_token)" value="(?P<value>[0-9a-f-]{36})"')
PROGRESS_DAY = datetime(2026, 6, 30, 10, 0, tzinfo=UTC)


@dataclass
class Case:
    """One creation form: who fills it in, where it is shown and posted, and what is typed."""

    user: User
    page: str
    post: str
    data: dict[str, Any]
    model: type[models.Model]
    prefix: str = ""
    files: Callable[[], dict[str, Any]] = field(default=dict)
    now: datetime = DURING


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("mapa.png", buffer.getvalue(), content_type="image/png")


def _url(name: str, world: PipelineWorld, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(name, kwargs={"slug": world.agglomeration.slug, **kwargs})


def _manager(world: PipelineWorld) -> User:
    return world.user(Role.MANAGER)


# --- the creation forms ------------------------------------------------------------------------


def organisation(world: PipelineWorld) -> Case:
    url = _url("agglomerations:organisation_new", world)
    data = {"name": "Obec Velký Týnec", "kind": "municipality", "country": "CZ", "ico": "00299308"}
    return Case(_manager(world), url, url, data, Organisation)


def own_organisation(world: PipelineWorld) -> Case:
    newcomer = make_user("newcomer", (world.agglomeration, Role.APPLICANT))
    url = _url("agglomerations:own_organisation", world)
    data = {"name": "ZŠ Hodolany", "kind": "school", "country": "CZ", "ico": "25596641"}
    return Case(newcomer, url, url, data, Organisation)


def strategy(world: PipelineWorld) -> Case:
    url = _url("strategy:strategy_new", world)
    data = {"period": "2028-2034", "name_cs": "Strategie ITI 2028+"}
    return Case(_manager(world), url, url, data, Strategy)


def amendment(world: PipelineWorld) -> Case:
    page = _url("strategy:tree", world, pk=world.strategy.pk)
    post = _url("strategy:amendment_start", world, pk=world.strategy.pk)
    return Case(_manager(world), page, post, {"title": "Move IROP money"}, StrategyVersion)


def _draft(world: PipelineWorld) -> StrategyVersion:
    return strategy_actions.start_amendment(world.strategy, "Draft", actor=_manager(world))


def _editor(world: PipelineWorld, name: str, data: dict[str, Any], model: Any) -> Case:
    draft = _draft(world)
    values = {"revision": str(draft.revision)} | {
        key: value(draft) if callable(value) else value for key, value in data.items()
    }
    page = _url("strategy:amendment", world, version_pk=draft.pk)
    post = _url("strategy:amendment_edit", world, version_pk=draft.pk, form_name=name)
    prefixed = {f"{name}-{key}": value for key, value in values.items()}
    return Case(_manager(world), page, post, prefixed, model, prefix=name)


def goal(world: PipelineWorld) -> Case:
    return _editor(world, "goal", {"code": "9", "name_cs": "Nový cíl"}, Goal)


def specific_goal(world: PipelineWorld) -> Case:
    data = {
        "goal": lambda draft: str(Goal.objects.get(version=draft, code="2").pk),
        "code": "2.9",
        "name_cs": "Nový specifický cíl",
    }
    return _editor(world, "specific_goal", data, SpecificGoal)


def measure(world: PipelineWorld) -> Case:
    data = {
        "specific_goal": lambda draft: str(SpecificGoal.objects.get(version=draft, code="2.1").pk),
        "code": "2.1.9",
        "name_cs": "Nové opatření",
    }
    return _editor(world, "measure", data, Measure)


def indicator_code(world: PipelineWorld) -> Case:
    url = _url("strategy:indicator_codes", world)
    data = {
        "code": "T-NOVY",
        "kind": "output",
        "name_cs": "Nový ukazatel",
        "unit_cs": "km",
        "direction": "increase",
    }
    return Case(_manager(world), url, url, data, IndicatorCode)


def call_schedule(world: PipelineWorld) -> Case:
    page = _url("calls:list", world)
    post = _url("calls:schedule_new", world)
    return Case(_manager(world), page, post, {"year": "2026"}, CallSchedule)


def call(world: PipelineWorld) -> Case:
    url = _url("calls:new", world)
    return Case(_manager(world), url, url, call_form_data(world), Call)


def _call_part(world: PipelineWorld, part: str, data: dict[str, str], model: Any) -> Case:
    planned = planned_call(world)
    page = _url("calls:detail", world, pk=planned.pk)
    post = _url("calls:part_add", world, pk=planned.pk, part=part)
    prefixed = {f"{part}-{key}": value for key, value in data.items()}
    return Case(_manager(world), page, post, prefixed, model, prefix=part)


def criterion(world: PipelineWorld) -> Case:
    return _call_part(world, "criterion", {"name_cs": "Soulad", "kind": "gate"}, Criterion)


def checklist_item(world: PipelineWorld) -> Case:
    return _call_part(world, "checklist", {"text_cs": "Podpis"}, FormalCheckItem)


def attachment_kind(world: PipelineWorld) -> Case:
    data = {"name_cs": "Rozpočet", "mandatory": "on"}
    return _call_part(world, "attachment", data, AttachmentKind)


def call_modification(world: PipelineWorld) -> Case:
    url = _url("calls:modify", world, pk=world.call.pk)
    data = {"allocation": "90000000", "closes_at": "", "reason": "Top-up"}
    return Case(_manager(world), url, url, data, CallModification)


def _committee(world: PipelineWorld) -> SteeringCommittee:
    return committee_actions.ensure_committee(world.agglomeration, actor=_manager(world))


def committee_member(world: PipelineWorld) -> Case:
    _committee(world)
    newcomer = committee_user(world, "newcomer")
    url = _url("committee:member_new", world)
    return Case(_manager(world), url, url, {"user": str(newcomer.pk)}, CommitteeMember)


def meeting(world: PipelineWorld) -> Case:
    _committee(world)
    url = _url("committee:meeting_new", world)
    data = {
        "period": "2021-2027",
        "form": "in_person",
        "starts_at": "2025-06-02T10:00",
        "place": "Olomouc",
    }
    return Case(_manager(world), url, url, data, Meeting)


def agenda_item(world: PipelineWorld) -> Case:
    planned = committee_actions.plan_meeting(
        _committee(world),
        period="2021-2027",
        form="in_person",
        starts_at=datetime(2025, 6, 2, 8, 0, tzinfo=UTC),
        place="Olomouc",
        actor=_manager(world),
    )
    url = _url("committee:agenda", world, pk=planned.pk)
    data = {"title_en": "Other business", "kind": "other"}
    return Case(_manager(world), url, url, data, AgendaItem)


def intention(world: PipelineWorld) -> Case:
    url = _url("intentions:create", world, call_pk=world.call.pk)
    return Case(world.user(Role.APPLICANT), url, url, intention_form_data(), ProjectIntention)


def attachment(world: PipelineWorld) -> Case:
    draft = world.draft()
    page = _url("intentions:detail", world, pk=draft.pk)
    post = _url("intentions:attachment_add", world, pk=draft.pk)
    user = world.user(Role.APPLICANT)
    return Case(user, page, post, {"kind": ""}, Attachment, files=lambda: {"file": png()})


def review_assignment(world: PipelineWorld) -> Case:
    checked = world.intention(status=IntentionStatus.FORMAL_CHECK_PASSED)
    page = _url("intentions:evaluation_intention", world, pk=checked.pk)
    post = _url("intentions:evaluation_assign", world, pk=checked.pk)
    data = {"reviewer": world.user(Role.WORKING_GROUP).pk, "due_on": "2025-04-29"}
    return Case(world.user(Role.COORDINATOR), page, post, data, ReviewAssignment)


def change_request(world: PipelineWorld) -> Case:
    project = changeable_project(world)
    url = _url("intentions:change_new", world, pk=project.intention.pk)
    data = {
        "kinds": [ChangeKind.LOWER_INDICATOR],
        f"indicator_{project.places.pk}": "32",
        "justification": "Fewer children in the catchment area.",
    }
    return Case(world.user(Role.APPLICANT), url, url, data, ChangeRequest)


def progress_report(world: PipelineWorld) -> Case:
    with time_machine.travel(PROGRESS_DAY, tick=False):
        project = make_project(world)
    url = _url("monitoring:progress_list", world, pk=project.intention.pk)
    data = {
        "period_end": "2026-03-31",
        "narrative": "Built.",
        f"indicator_{project.km.pk}": "3,5",
        f"indicator_{project.emissions.pk}": "10",
    }
    return Case(project.applicant, url, url, data, ProgressReport, now=PROGRESS_DAY)


def report_request(world: PipelineWorld) -> Case:
    url = _url("monitoring:reports_new", world)
    return Case(_manager(world), url, url, {"kind": "operations"}, GeneratedReport)


def import_upload(world: PipelineWorld) -> Case:
    url = _url("monitoring:import_list", world)
    data = {"layout": SourceLayout.CZ_2014, "source_name": "ŘO IROP", "as_of": "2024-05-31"}
    path = fixture("cz_2014.csv")

    def files() -> dict[str, Any]:
        return {"file": SimpleUploadedFile(path.name, path.read_bytes())}

    return Case(_manager(world), url, url, data, ImportJob, files=files)


def news_item(world: PipelineWorld) -> Case:
    url = _url("news:new", world)
    return Case(
        _manager(world), url, url, {"title_cs": "Stáž", "lead_cs": "Týden v Opolí"}, NewsItem
    )


def news_photo(world: PipelineWorld) -> Case:
    item = news_actions.create_news_item(
        world.agglomeration,
        news_actions.NewsFields(title={"cs": "Stáž"}, lead={"cs": "Týden"}),
        actor=_manager(world),
    )
    page = _url("news:edit", world, pk=item.pk)
    post = _url("news:photo_add", world, pk=item.pk)
    data = {"alt_cs": "Mapa", "credit": "Aglomera demo"}
    return Case(_manager(world), page, post, data, NewsPhoto, files=lambda: {"file": png()})


def exchange(world: PipelineWorld) -> Case:
    opole = make_opole()
    partnership = cooperation_actions.create_partnership(
        world.agglomeration,
        [opole],
        cooperation_actions.PartnershipFields(name={"cs": "Spolupráce Olomouc–Opole"}),
        actor=_manager(world),
    )
    url = _url("cooperation:exchange_new", world, pk=partnership.pk)
    data = {
        "kind": "internship",
        "title_cs": "Stáž v Opolí",
        "host": opole.pk,
        "starts_on": "2021-08-15",
        "ends_on": "2021-08-22",
        "dates_precision": "day",
    }
    return Case(_manager(world), url, url, data, Exchange)


def good_practice(world: PipelineWorld) -> Case:
    url = _url("cooperation:card_new", world)
    data = {"title_cs": "Přestupní uzel", "tags_cs": "doprava", "visibility": "partners"}
    return Case(_manager(world), url, url, data, GoodPractice)


def _partnership(world: PipelineWorld) -> Any:
    return cooperation_actions.create_partnership(
        world.agglomeration,
        [make_opole()],
        cooperation_actions.PartnershipFields(name={"cs": "Spolupráce Olomouc–Opole"}),
        actor=_manager(world),
    )


def joint_idea(world: PipelineWorld) -> Case:
    url = _url("cooperation:idea_new", world, pk=_partnership(world).pk)
    data = {"title_cs": "Přeshraniční cyklotrasa", "programme_cs": "Interreg Česko – Polsko"}
    return Case(_manager(world), url, url, data, JointIdea)


def partnership(world: PipelineWorld) -> Case:
    url = _url("cooperation:partnership_new", world)
    data = {"name_cs": "Spolupráce", "partners": make_opole().pk, "agreement_precision": "day"}
    return Case(_manager(world), url, url, data, Partnership)


def cooperation_project(world: PipelineWorld) -> Case:
    url = _url("cooperation:project_new", world, pk=_partnership(world).pk)
    data = {"name_cs": "Mikroprojekt", "starts_precision": "day", "ends_precision": "day"}
    return Case(_manager(world), url, url, data, CooperationProject)


def idea_comment(world: PipelineWorld) -> Case:
    idea = cooperation_actions.create_idea(
        _partnership(world),
        cooperation_actions.IdeaFields(title={"cs": "Přeshraniční cyklotrasa"}),
        agglomeration=world.agglomeration,
        actor=_manager(world),
    )
    page = _url("cooperation:idea", world, pk=idea.pk)
    post = _url("cooperation:idea_comment", world, pk=idea.pk)
    data = {"text": "Souhlasíme.", "written_in": "cs"}
    return Case(_manager(world), page, post, data, JointIdeaComment)


def exchange_photo(world: PipelineWorld) -> Case:
    partnership = _partnership(world)
    created = cooperation_actions.create_exchange(
        partnership,
        cooperation_actions.ExchangeFields(
            kind="internship",
            host=world.agglomeration,
            starts_on=date(2021, 8, 15),
            title={"cs": "Stáž v Olomouci"},
        ),
        agglomeration=world.agglomeration,
        actor=_manager(world),
    )
    page = _url("cooperation:exchange", world, pk=created.pk)
    post = _url("cooperation:exchange_photo_add", world, pk=created.pk)
    data = {"alt_cs": "Stážisté", "credit": "Aglomera demo"}
    return Case(_manager(world), page, post, data, ExchangePhoto, files=lambda: {"file": png()})


CASES: dict[str, Callable[[PipelineWorld], Case]] = {
    "organisation": organisation,
    "own organisation": own_organisation,
    "strategy": strategy,
    "amendment": amendment,
    "goal": goal,
    "specific goal": specific_goal,
    "measure": measure,
    "indicator code": indicator_code,
    "call schedule": call_schedule,
    "call": call,
    "criterion": criterion,
    "checklist item": checklist_item,
    "attachment kind": attachment_kind,
    "call modification": call_modification,
    "committee member": committee_member,
    "meeting": meeting,
    "agenda item": agenda_item,
    "intention": intention,
    "attachment": attachment,
    "review assignment": review_assignment,
    "change request": change_request,
    "progress report": progress_report,
    "report request": report_request,
    "import": import_upload,
    "news item": news_item,
    "news photo": news_photo,
    "exchange": exchange,
    "good practice": good_practice,
    "joint idea": joint_idea,
    "partnership": partnership,
    "cooperation project": cooperation_project,
    "idea comment": idea_comment,
    "exchange photo": exchange_photo,
}


# --- helpers -------------------------------------------------------------------------------------


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_on(html: str, prefix: str = "") -> str:
    """The one-time token of the form with `prefix` on a rendered page."""
    name = f"{prefix}-form_token" if prefix else "form_token"
    found = [m["value"] for m in TOKEN.finditer(html) if m["name"] == name]
    assert found, f"no {name} on the page"
    return found[0]


def render_and_read_token(client: Client, case: Case) -> str:
    page = client.get(case.page)
    assert page.status_code == 200, page.status_code
    return token_on(page.content.decode(), case.prefix)


def post(client: Client, case: Case, token: str | None) -> Any:
    data = dict(case.data) | case.files()
    if token is not None:
        data[f"{case.prefix}-form_token" if case.prefix else "form_token"] = token
    return client.post(case.post, data)


def world_and_case(name: str) -> tuple[PipelineWorld, Case]:
    with time_machine.travel(DURING, tick=False):
        world = PipelineWorld.create()
        return world, CASES[name](world)


# --- tests ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_a_creation_form_sent_twice_creates_one_object_and_both_land_on_it(name: str) -> None:
    # Given the blank creation form, rendered as a browser shows it
    _world, case = world_and_case(name)
    before = case.model._default_manager.count()
    client = client_for(case.user)
    with time_machine.travel(case.now, tick=False):
        token = render_and_read_token(client, case)
        # When the same filled-in form is sent twice
        first = post(client, case, token)
        second = post(client, case, token)
    # Then one object is created and both answers send the user to the same page
    assert first.status_code == 302, getattr(first, "context", {}) and first.context.get("form")
    assert second.status_code == 302, second.status_code
    assert second["Location"] == first["Location"]
    assert case.model._default_manager.count() == before + 1


def test_each_rendering_of_a_form_has_its_own_token_and_creates_anew() -> None:
    # Given two tabs with the report request form (two renderings, two tokens)
    _world, case = world_and_case("report request")
    client = client_for(case.user)
    one, two = render_and_read_token(client, case), render_and_read_token(client, case)
    assert one != two
    # When both are sent, each creates its own report
    assert post(client, case, one).status_code == 302
    assert post(client, case, two).status_code == 302
    assert GeneratedReport.objects.count() == 2


def test_a_form_shown_again_with_errors_keeps_its_token_and_then_creates_once() -> None:
    # Given the applicant's intention form, sent with a mistake
    _world, case = world_and_case("intention")
    client = client_for(case.user)
    with time_machine.travel(case.now, tick=False):
        token = render_and_read_token(client, case)
        refused = client.post(case.post, case.data | {"total_cost": "-5", "form_token": token})
        # Then the form comes back with the message and the same token
        assert refused.status_code == 422
        assert token_on(refused.content.decode()) == token
        # And once corrected it is saved once, however often it is sent
        first = post(client, case, token)
        second = post(client, case, token)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ProjectIntention.objects.count() == 1


def test_a_post_without_a_token_still_works_as_before() -> None:
    # An old page still open in a browser (or a script) posts without a token: it is accepted
    # as it always was, without the double-submit check.
    _world, case = world_and_case("intention")
    client = client_for(case.user)
    with time_machine.travel(case.now, tick=False):
        response = post(client, case, None)
    assert response.status_code == 302
    assert ProjectIntention.objects.count() == 1


def test_a_token_sent_to_another_creation_form_is_refused_with_a_message() -> None:
    # Given a report requested with a form's token
    world, case = world_and_case("report request")
    client = client_for(case.user)
    token = render_and_read_token(client, case)
    assert post(client, case, token).status_code == 302
    # When the same token comes with a new indicator code (a tampered or confused form)
    codes = indicator_code(world)
    response = post(client, codes, token)
    # Then nothing is created and the form says why
    assert response.status_code == 422
    assert "This form has already been sent." in response.content.decode()
    assert not IndicatorCode.objects.filter(code="T-NOVY").exists()


def test_a_form_of_an_object_deleted_since_asks_to_open_the_page_again() -> None:
    # Given an attachment added with a form, then removed
    world, case = world_and_case("attachment")
    client = client_for(case.user)
    token = render_and_read_token(client, case)
    assert post(client, case, token).status_code == 302
    added = Attachment.objects.get()
    delete = _url(
        "intentions:attachment_delete", world, pk=added.intention_id, attachment_pk=added.pk
    )
    assert client.post(delete).status_code == 302
    # When the old form is sent again (back button)
    response = post(client, case, token)
    # Then it is not stored again and the page says to open the form anew
    assert response.status_code == 422
    assert "Open the page again" in response.content.decode()
    assert not Attachment.objects.exists()


def test_old_tokens_go_and_a_pruned_form_creates_anew() -> None:
    # Given a report requested with a form two days ago
    _world, case = world_and_case("report request")
    client = client_for(case.user)
    token = render_and_read_token(client, case)
    assert post(client, case, token).status_code == 302
    SubmissionToken.objects.update(created_at=timezone.now() - timedelta(days=2))
    # When the daily clean-up has run, the old form sent again creates a new report
    call_command("prune_submission_tokens", stdout=io.StringIO())
    assert post(client, case, token).status_code == 302
    assert GeneratedReport.objects.count() == 2


def test_an_exchange_published_as_news_twice_has_one_item_per_portal() -> None:
    # Given an exchange of Olomouc and Opole (publishing it takes no token: the items name the
    # exchange, and the action makes an item only for a portal that has none)
    world, case = world_and_case("exchange")
    client = client_for(case.user)
    assert post(client, case, None).status_code == 302
    exchange = Exchange.objects.get()
    url = _url("cooperation:exchange_news", world, pk=exchange.pk)
    # When the confirmation is sent twice (a double click)
    first, second = client.post(url), client.post(url)
    # Then both land on the exchange, which has one item on each member's portal
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    per_portal = NewsItem.objects.filter(exchange=exchange).values_list("agglomeration", flat=True)
    assert sorted(per_portal) == sorted(
        exchange.partnership.members.values_list("agglomeration", flat=True)
    )

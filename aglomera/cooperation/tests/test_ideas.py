"""Joint project ideas of the Olomouc–Opole partnership: written by the offices of both sides
(each side's measure of its own strategy and its own budget, never added up), moved through the
workflow idea → concept → submitted → approved / not approved by either office, commented by
the staff of both, both offices e-mailed in their own language, a stale edit refused and merged,
and who opens which page (written by hand per role, for both members and an outsider)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from aglomera.accounts.models import Role, User
from aglomera.cooperation import actions, queries
from aglomera.cooperation.models import IdeaStatus, JointIdea, JointIdeaComment, MoneyBasis
from aglomera.cooperation.tests.helpers import CooperationWorld
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.core.money import Currency
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.strategy.models import Measure, Strategy
from aglomera.strategy.tests.builders import StrategyBuilder

pytestmark = pytest.mark.django_db

Capture = Any


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _strategy(world: CooperationWorld, side: str) -> Strategy:
    if side == "olomouc":
        builder = (
            StrategyBuilder(world.olomouc, world.users(world.olomouc, Role.MANAGER))
            .with_goal("1", "Mobilita")
            .with_specific_goal("1.2", "Aktivní mobilita")
            .with_measure("1.2.1", "Cyklistická infrastruktura")
        )
    else:
        builder = (
            StrategyBuilder(world.opole, world.users(world.opole, Role.MANAGER))
            .with_goal("1", "Mobilność")
            .with_specific_goal("1.1", "Mobilność miejska")
            .with_measure("1.1.2", "Infrastruktura rowerowa")
        )
    return builder.approved().build()


@pytest.fixture
def measures(world: CooperationWorld) -> dict[str, Measure]:
    """A strategy of each side, each shared with the partnership (so the other side's staff
    may name its measures on an idea's form)."""
    for side in (world.olomouc, world.opole):
        strategy = _strategy(world, "olomouc" if side == world.olomouc else "opole")
        actions.share(
            world.partnership,
            agglomeration=side,
            actor=world.users(side, Role.MANAGER),
            strategies=[strategy.pk],
        )
    return {
        "olomouc": Measure.objects.get(version__strategy__agglomeration=world.olomouc),
        "opole": Measure.objects.get(version__strategy__agglomeration=world.opole),
    }


def idea_fields(
    world: CooperationWorld, measures: dict[str, Measure], **overrides: Any
) -> actions.IdeaFields:
    values: dict[str, Any] = {
        "title": {
            "cs": "Přeshraniční cyklotrasa",
            "pl": "Transgraniczna trasa rowerowa",
            "en": "Cross-border cycle route",
        },
        "summary": {"en": "A cycle route linking the transfer hubs of both agglomerations."},
        "fit": {"en": "Sustainable tourism across the border."},
        "programme": {"en": "Interreg Czechia–Poland 2021–2027"},
        "priority": {"en": "PO4 Tourism and culture"},
        "sides": [
            actions.SideFields(
                world.olomouc,
                measure=measures["olomouc"],
                amount=Decimal("25000000"),
                currency=Currency.CZK,
                basis=MoneyBasis.TOTAL,
            ),
            actions.SideFields(world.opole, measure=measures["opole"]),
        ],
    }
    values.update(overrides)
    return actions.IdeaFields(**values)


@pytest.fixture
def idea(world: CooperationWorld, measures: dict[str, Measure]) -> JointIdea:
    return actions.create_idea(
        world.partnership,
        idea_fields(world, measures),
        agglomeration=world.olomouc,
        actor=world.manager,
    )


def opole(world: CooperationWorld, role: Role = Role.MANAGER) -> User:
    return world.users(world.opole, role)


# ---- writing ----------------------------------------------------------------------------------


def test_an_idea_has_a_side_for_each_member_with_its_own_measure_and_budget(
    world: CooperationWorld, measures: dict[str, Measure], idea: JointIdea
) -> None:
    sides = {side.agglomeration_id: side for side in idea.sides.all()}
    assert set(sides) == {world.olomouc.pk, world.opole.pk}
    assert (sides[world.olomouc.pk].amount, sides[world.olomouc.pk].currency) == (
        Decimal("25000000.00"),
        "CZK",
    )
    # Opole's budget is not known: not 0, nothing
    assert (sides[world.opole.pk].amount, sides[world.opole.pk].currency) == (None, "")
    assert idea.status == IdeaStatus.IDEA
    event = AuditEvent.objects.get(code="cooperation.joint_idea.created")
    assert event.agglomeration_id == world.olomouc.pk


def test_a_side_names_a_measure_of_its_own_strategy_only(
    world: CooperationWorld, measures: dict[str, Measure]
) -> None:
    data = idea_fields(
        world,
        measures,
        sides=[actions.SideFields(world.opole, measure=measures["olomouc"])],
    )
    with pytest.raises(ValidationError) as refused:
        actions.create_idea(world.partnership, data, agglomeration=world.opole, actor=opole(world))
    assert f"measure_{world.opole.pk}" in refused.value.error_dict
    assert not JointIdea.objects.exists()


def test_a_budget_comes_with_its_currency_and_basis(
    world: CooperationWorld, measures: dict[str, Measure]
) -> None:
    data = idea_fields(
        world, measures, sides=[actions.SideFields(world.opole, amount=Decimal("1000"))]
    )
    with pytest.raises(ValidationError) as refused:
        actions.create_idea(world.partnership, data, agglomeration=world.opole, actor=opole(world))
    assert f"amount_{world.opole.pk}" in refused.value.error_dict


def test_a_third_agglomeration_writes_no_idea_of_the_partnership(
    world: CooperationWorld, measures: dict[str, Measure]
) -> None:
    outsider = world.users(world.ostrava, Role.MANAGER)
    with pytest.raises(PermissionDenied):
        actions.create_idea(
            world.partnership,
            idea_fields(world, measures),
            agglomeration=world.ostrava,
            actor=outsider,
        )


# ---- the workflow -----------------------------------------------------------------------------


def test_both_offices_walk_the_idea_to_submitted_and_each_step_is_in_its_own_log(
    world: CooperationWorld, idea: JointIdea
) -> None:
    idea = actions.step_idea(
        idea, IdeaStatus.CONCEPT, agglomeration=world.opole, actor=opole(world, Role.COORDINATOR)
    )
    idea = actions.step_idea(
        idea, IdeaStatus.SUBMITTED, agglomeration=world.olomouc, actor=world.manager
    )
    assert idea.status == IdeaStatus.SUBMITTED
    assert idea.revision == 2
    steps = list(StatusChange.objects.filter(object_id=idea.pk, workflow="cooperation.joint_idea"))
    assert [(s.old_status, s.new_status) for s in steps] == [
        ("idea", "concept"),
        ("concept", "submitted"),
    ]
    logs = dict(
        AuditEvent.objects.filter(code__startswith="cooperation.joint_idea.").values_list(
            "code", "agglomeration_id"
        )
    )
    assert logs["cooperation.joint_idea.concept"] == world.opole.pk
    assert logs["cooperation.joint_idea.submitted"] == world.olomouc.pk


def test_not_approved_needs_a_reason(world: CooperationWorld, idea: JointIdea) -> None:
    for to in (IdeaStatus.CONCEPT, IdeaStatus.SUBMITTED):
        idea = actions.step_idea(idea, to, agglomeration=world.olomouc, actor=world.manager)
    with pytest.raises(ValidationError) as refused:
        actions.step_idea(
            idea, IdeaStatus.NOT_APPROVED, agglomeration=world.olomouc, actor=world.manager
        )
    assert "reason" in refused.value.error_dict
    idea = actions.step_idea(
        idea,
        IdeaStatus.NOT_APPROVED,
        agglomeration=world.opole,
        actor=opole(world),
        reason="Nedostatek bodů za přeshraniční dopad.",
    )
    assert idea.status == IdeaStatus.NOT_APPROVED


def test_a_step_from_an_older_page_is_refused(world: CooperationWorld, idea: JointIdea) -> None:
    actions.step_idea(idea, IdeaStatus.CONCEPT, agglomeration=world.opole, actor=opole(world))
    with pytest.raises(ValidationError) as refused:
        actions.step_idea(
            idea,
            IdeaStatus.IDEA,
            agglomeration=world.olomouc,
            actor=world.manager,
            expected_revision=0,
        )
    assert refused.value.code == "stale"


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.PARTNER, Role.APPLICANT, Role.COMMITTEE])
def test_only_the_offices_take_steps(world: CooperationWorld, idea: JointIdea, role: Role) -> None:
    with pytest.raises((PermissionDenied, TransitionNotAllowed)):
        actions.step_idea(
            idea, IdeaStatus.CONCEPT, agglomeration=world.opole, actor=opole(world, role)
        )
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.IDEA


def test_the_skipped_steps_are_refused(world: CooperationWorld, idea: JointIdea) -> None:
    with pytest.raises(TransitionNotAllowed):
        actions.step_idea(
            idea, IdeaStatus.APPROVED, agglomeration=world.olomouc, actor=world.manager
        )


# ---- notifications ----------------------------------------------------------------------------


def _mails(user: User) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if user.email in message.to]


def test_a_step_mails_both_offices_each_in_their_language(
    world: CooperationWorld, idea: JointIdea, django_capture_on_commit_callbacks: Capture
) -> None:
    olomouc_coordinator = world.users(world.olomouc, Role.COORDINATOR)
    opole_manager, opole_coordinator = opole(world), opole(world, Role.COORDINATOR)
    world.users(world.opole, Role.AUDITOR)  # reads, is not mailed
    with django_capture_on_commit_callbacks(execute=True):
        actions.step_idea(
            idea, IdeaStatus.CONCEPT, agglomeration=world.olomouc, actor=world.manager
        )
    # the actor gets nothing; the coordinator in Czech, Opole's office in Polish
    assert _mails(world.manager) == []
    assert len(mail.outbox) == 3
    [czech] = _mails(olomouc_coordinator)
    with translation.override("cs"):
        concept = str(IdeaStatus.CONCEPT.label)
    assert concept in czech.subject
    assert "Přeshraniční cyklotrasa" in czech.subject
    assert f"/cs/app/olomouc/cooperation/ideas/{idea.pk}/" in czech.body
    for user in (opole_manager, opole_coordinator):
        [polish] = _mails(user)
        with translation.override("pl"):
            assert str(IdeaStatus.CONCEPT.label) in polish.subject
        assert "Transgraniczna trasa rowerowa" in polish.subject
        assert f"/pl/app/opole/cooperation/ideas/{idea.pk}/" in polish.body


def test_a_comment_mails_both_offices_but_its_author(
    world: CooperationWorld, idea: JointIdea, django_capture_on_commit_callbacks: Capture
) -> None:
    olomouc_coordinator = world.users(world.olomouc, Role.COORDINATOR)
    opole_coordinator = opole(world, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        comment = actions.comment_idea(
            idea,
            "Navrhujeme doplnit přestupní uzly.",
            agglomeration=world.olomouc,
            actor=world.manager,
            written_in="cs",
        )
    assert comment.agglomeration_id == world.olomouc.pk
    assert _mails(world.manager) == []
    assert {message.to[0] for message in mail.outbox} == {
        olomouc_coordinator.email,
        opole_coordinator.email,
        opole(world).email,
    }
    [polish] = _mails(opole_coordinator)
    assert "Transgraniczna trasa rowerowa" in polish.subject
    assert "Navrhujeme doplnit přestupní uzly." in polish.body
    assert f"/pl/app/opole/cooperation/ideas/{idea.pk}/" in polish.body
    assert AuditEvent.objects.filter(
        code="cooperation.joint_idea.commented", agglomeration_id=world.olomouc.pk
    ).exists()


def test_an_empty_comment_is_refused(world: CooperationWorld, idea: JointIdea) -> None:
    with pytest.raises(ValidationError):
        actions.comment_idea(
            idea, "  ", agglomeration=world.olomouc, actor=world.manager, written_in="cs"
        )


# ---- pages ------------------------------------------------------------------------------------

# role -> answers to the idea's page, its edit form, a step and a comment (POSTs), on each
# member's slug: the offices edit and step, the auditor only reads, partner staff comment
ANSWERS = {
    Role.MANAGER: (200, 200, 302, 302),
    Role.COORDINATOR: (200, 200, 302, 302),
    Role.AUDITOR: (200, 403, 403, 403),
    Role.PARTNER: (200, 403, 403, 302),
    Role.APPLICANT: (403, 403, 403, 403),
    Role.COMMITTEE: (403, 403, 403, 403),
    Role.WORKING_GROUP: (403, 403, 403, 403),
}


@pytest.mark.parametrize("side", ["olomouc", "opole"])
@pytest.mark.parametrize("role", list(Role))
def test_who_opens_the_idea_and_steps_it_by_role(
    world: CooperationWorld, idea: JointIdea, side: str, role: Role
) -> None:
    agglomeration = world.olomouc if side == "olomouc" else world.opole
    client = client_of(world.users(agglomeration, role))
    answers = (
        client.get(reverse("cooperation:idea", args=[side, idea.pk])).status_code,
        client.get(reverse("cooperation:idea_edit", args=[side, idea.pk])).status_code,
        client.post(
            reverse("cooperation:idea_step", args=[side, idea.pk]),
            {"to": "concept", "revision": "0"},
        ).status_code,
        client.post(
            reverse("cooperation:idea_comment", args=[side, idea.pk]),
            {"text": "Souhlasíme.", "written_in": "cs"},
        ).status_code,
    )
    assert answers == ANSWERS[role]
    assert JointIdeaComment.objects.count() == (1 if answers[3] == 302 else 0)


def test_a_third_agglomeration_learns_nothing_of_the_idea(
    world: CooperationWorld, idea: JointIdea
) -> None:
    client = client_of(world.users(world.ostrava, Role.MANAGER))
    for slug in ("olomouc", "ostrava"):
        assert client.get(reverse("cooperation:idea", args=[slug, idea.pk])).status_code == 404
        assert client.get(reverse("cooperation:idea_edit", args=[slug, idea.pk])).status_code == 404


def test_the_idea_page_shows_sides_history_and_comments_in_the_readers_language(
    world: CooperationWorld, idea: JointIdea
) -> None:
    actions.step_idea(idea, IdeaStatus.CONCEPT, agglomeration=world.olomouc, actor=world.manager)
    actions.comment_idea(
        idea, "Zgoda, dodamy węzły.", agglomeration=world.opole, actor=opole(world), written_in="pl"
    )
    page = client_of(opole(world)).get(f"/pl/app/opole/cooperation/ideas/{idea.pk}/")
    text = page.content.decode()
    with translation.override("pl"):
        idea_label, concept_label = str(IdeaStatus.IDEA.label), str(IdeaStatus.CONCEPT.label)
    assert "Transgraniczna trasa rowerowa" in text
    assert f"{idea_label} → {concept_label}" in text
    assert "Zgoda, dodamy węzły." in text
    assert 'lang="pl"' in text
    # Olomouc's budget in its currency; Opole's is not stated, and nothing is added up
    assert "CZK" in text and "PLN" not in text
    assert "25 000 000,00" in text or "25\xa0000\xa0000,00" in text
    # the steps Opole's manager may take from "concept"
    assert 'value="idea"' in text and 'value="submitted"' in text


def test_the_partnership_page_lists_the_ideas(world: CooperationWorld, idea: JointIdea) -> None:
    page = client_of(opole(world, Role.AUDITOR)).get(
        f"/en/app/opole/cooperation/{world.partnership.pk}/"
    )
    text = page.content.decode()
    assert "Cross-border cycle route" in text
    assert reverse("cooperation:idea", args=["opole", idea.pk]) in text
    assert reverse("cooperation:idea_new", args=["opole", world.partnership.pk]) not in text


def _form(
    world: CooperationWorld, measures: dict[str, Measure], **overrides: str
) -> dict[str, str]:
    data = {
        "title_cs": "Přeshraniční cyklotrasa",
        "title_pl": "Transgraniczna trasa rowerowa",
        "title_en": "Cross-border cycle route",
        "programme_en": "Interreg Czechia–Poland 2021–2027",
        "priority_en": "PO4 Tourism and culture",
        f"measure_{world.olomouc.pk}": str(measures["olomouc"].pk),
        f"amount_{world.olomouc.pk}": "25000000.00",
        f"currency_{world.olomouc.pk}": "CZK",
        f"basis_{world.olomouc.pk}": "total",
        f"measure_{world.opole.pk}": str(measures["opole"].pk),
        f"amount_{world.opole.pk}": "4300000.00",
        f"currency_{world.opole.pk}": "PLN",
        f"basis_{world.opole.pk}": "total",
    }
    data.update(overrides)
    return data


def test_adding_an_idea_from_the_form(
    world: CooperationWorld, measures: dict[str, Measure]
) -> None:
    client = client_of(opole(world, Role.COORDINATOR))
    url = f"/pl/app/opole/cooperation/{world.partnership.pk}/ideas/new/"
    form = client.get(url).content.decode()
    assert 'name="title_pl"' in form and f'name="amount_{world.olomouc.pk}"' in form
    token = form.split('name="form_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(url, {**_form(world, measures), "form_token": token})
    assert response.status_code == 302
    idea = JointIdea.objects.get()
    side = idea.sides.get(agglomeration=world.opole)
    assert (side.amount, side.currency, side.measure_id) == (
        Decimal("4300000.00"),
        "PLN",
        measures["opole"].pk,
    )


def test_the_form_offers_a_partners_measures_only_from_a_strategy_it_shares(
    world: CooperationWorld,
) -> None:
    """Opole's unshared strategy: Olomouc's staff are not shown its measures on the form (and
    cannot name one); Opole's own staff are."""
    olomouc_strategy = _strategy(world, "olomouc")
    _strategy(world, "opole")  # not shared with the partnership
    unshared = Measure.objects.get(version__strategy__agglomeration=world.opole)
    url = f"/en/app/olomouc/cooperation/{world.partnership.pk}/ideas/new/"
    olomouc_client = client_of(world.manager)
    page = olomouc_client.get(url).content.decode()
    assert "Cyklistická infrastruktura" in page  # Olomouc's own measure
    assert "Infrastruktura rowerowa" not in page
    own = client_of(opole(world)).get(
        f"/en/app/opole/cooperation/{world.partnership.pk}/ideas/new/"
    )
    assert "Infrastruktura rowerowa" in own.content.decode()
    assert "Cyklistická infrastruktura" not in own.content.decode()  # Olomouc shares nothing
    token = page.split('name="form_token" value="', 1)[1][:36]
    response = olomouc_client.post(
        url,
        {
            "title_cs": "Záměr",
            "programme_en": "Interreg",
            f"measure_{world.opole.pk}": str(unshared.pk),
            "form_token": token,
        },
    )
    assert response.status_code == 422 and not JointIdea.objects.exists()
    assert f'name="measure_{world.opole.pk}"' in response.content.decode()
    assert "Select a valid choice" in response.content.decode()
    assert olomouc_strategy.pk


def test_a_measure_of_the_other_side_is_no_choice_on_the_form(
    world: CooperationWorld, measures: dict[str, Measure]
) -> None:
    client = client_of(world.manager)
    url = f"/en/app/olomouc/cooperation/{world.partnership.pk}/ideas/new/"
    token = client.get(url).content.decode().split('name="form_token" value="', 1)[1][:36]
    response = client.post(
        url,
        {
            **_form(world, measures, **{f"measure_{world.opole.pk}": str(measures["olomouc"].pk)}),
            "form_token": token,
        },
    )
    assert response.status_code == 422
    assert not JointIdea.objects.exists()


def test_a_stale_edit_is_refused_with_both_versions_and_nothing_lost(
    world: CooperationWorld, measures: dict[str, Measure], idea: JointIdea
) -> None:
    olomouc_url = f"/en/app/olomouc/cooperation/ideas/{idea.pk}/edit/"
    opole_url = f"/en/app/opole/cooperation/ideas/{idea.pk}/edit/"
    page = client_of(world.manager).get(olomouc_url).content.decode()
    assert 'name="revision" value="0"' in page
    # Opole's office saves first: its budget and a new English summary
    saved = client_of(opole(world)).post(
        opole_url,
        _form(world, measures, revision="0", summary_en="Saved by Opole", title_en="Opole's title"),
    )
    assert saved.status_code == 302
    # Olomouc saves from the older page: its own title, a different summary
    stale = client_of(world.manager).post(
        olomouc_url,
        _form(
            world,
            measures,
            revision="0",
            title_cs="Cyklotrasa Olomouc–Opole",
            summary_en="Typed in Olomouc",
            **{
                f"amount_{world.opole.pk}": "",
                f"currency_{world.opole.pk}": "",
                f"basis_{world.opole.pk}": "",
            },
        ),
    )
    assert stale.status_code == 422
    text = stale.content.decode()
    assert "Someone else changed this joint idea" in text
    assert "The version saved meanwhile" in text
    assert "Saved by Opole" in text and "Typed in Olomouc" in text
    assert 'name="revision" value="1"' in text
    # nothing of Olomouc's was written
    idea.refresh_from_db()
    assert idea.summary["en"] == "Saved by Opole"
    assert idea.title["cs"] == "Přeshraniční cyklotrasa"
    # what only Opole changed (the English title) is taken into the form; Olomouc keeps its own
    assert 'value="Opole&#x27;s title"' in text
    assert 'value="Cyklotrasa Olomouc–Opole"' in text
    # Opole's budget is kept too: only Opole changed it (Olomouc sent what its page showed)
    assert f'name="currency_{world.opole.pk}"' in text


def test_a_refused_edit_shows_the_budgets_as_the_reader_types_them(
    world: CooperationWorld, measures: dict[str, Measure], idea: JointIdea
) -> None:
    """The merged form shows Opole's typed budget the Polish way, not as stored (4300000.00)."""
    saved = client_of(world.manager).post(
        f"/en/app/olomouc/cooperation/ideas/{idea.pk}/edit/",
        _form(world, measures, revision="0", summary_cs="Uloženo v Olomouci"),
    )
    assert saved.status_code == 302
    stale = client_of(opole(world)).post(
        f"/pl/app/opole/cooperation/ideas/{idea.pk}/edit/",
        _form(world, measures, revision="0", **{f"amount_{world.opole.pk}": "4 400 000,50"}),
    )
    assert stale.status_code == 422
    text = stale.content.decode()
    assert "4\xa0400\xa0000,50" in text or "4 400 000,50" in text
    assert "4400000.50" not in text.split("<form", 1)[1]
    idea.refresh_from_db()
    assert idea.summary["cs"] == "Uloženo v Olomouci"


def test_the_idea_as_of_an_earlier_revision_skips_the_steps(
    world: CooperationWorld, measures: dict[str, Measure], idea: JointIdea
) -> None:
    actions.step_idea(idea, IdeaStatus.CONCEPT, agglomeration=world.olomouc, actor=world.manager)
    idea.refresh_from_db()
    actions.update_idea(
        idea,
        idea_fields(world, measures, priority={"en": "PO2"}),
        agglomeration=world.opole,
        actor=opole(world),
        expected_revision=1,
    )
    idea.refresh_from_db()
    assert idea.revision == 2
    before = queries.idea_as_of(idea, 0)
    assert before is not None and before["priority"] == {"en": "PO4 Tourism and culture"}
    assert queries.idea_as_of(idea, 5) is None


@pytest.mark.parametrize(("name", "queries_expected"), [("idea", 9), ("edit", 9), ("new", 8)])
def test_each_idea_page_takes_a_fixed_number_of_queries(
    world: CooperationWorld,
    measures: dict[str, Measure],
    idea: JointIdea,
    name: str,
    queries_expected: int,
) -> None:
    urls = {
        "idea": reverse("cooperation:idea", args=["olomouc", idea.pk]),
        "edit": reverse("cooperation:idea_edit", args=["olomouc", idea.pk]),
        "new": reverse("cooperation:idea_new", args=["olomouc", world.partnership.pk]),
    }
    client = client_of(world.manager)
    client.get(urls[name])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(urls[name]).status_code == 200
        return len(captured)

    before = count()
    # more steps, comments and ideas do not change the count
    actions.step_idea(idea, IdeaStatus.CONCEPT, agglomeration=world.olomouc, actor=world.manager)
    for text in ("První", "Druhý"):
        actions.comment_idea(
            idea, text, agglomeration=world.opole, actor=opole(world), written_in="cs"
        )
    actions.create_idea(
        world.partnership,
        idea_fields(world, measures),
        agglomeration=world.opole,
        actor=opole(world),
    )
    assert (before, count()) == (queries_expected, queries_expected)


@pytest.mark.parametrize(
    "data",
    [
        {"to": "launched", "revision": "0"},
        {"to": "concept"},  # no revision: the stale check would be skipped
        {"to": "concept", "revision": ""},
        {"to": "concept", "revision": "abc"},
        {"to": "approved", "revision": "0"},
        {"to": "not_approved", "revision": "99999999999999999999"},
    ],
)
def test_a_malformed_or_impossible_step_is_refused_on_the_page(
    world: CooperationWorld, idea: JointIdea, data: dict[str, str]
) -> None:
    response = client_of(world.manager).post(
        reverse("cooperation:idea_step", args=["olomouc", idea.pk]), data
    )
    assert response.status_code == 422
    idea.refresh_from_db()
    assert (idea.status, idea.revision) == (IdeaStatus.IDEA, 0)


def test_a_comment_in_an_unknown_language_keeps_the_typed_text(
    world: CooperationWorld, idea: JointIdea
) -> None:
    response = client_of(opole(world, Role.PARTNER)).post(
        reverse("cooperation:idea_comment", args=["opole", idea.pk]),
        {"text": "Dobrý nápad", "written_in": "de"},
    )
    assert response.status_code == 422
    assert "Dobrý nápad" in response.content.decode()
    assert not idea.comments.exists()


def test_a_title_or_comment_of_invisible_characters_only_is_refused(
    world: CooperationWorld, measures: dict[str, Measure], idea: JointIdea
) -> None:
    """A zero-width space prints nothing: such a title or comment is empty to its reader."""
    with pytest.raises(ValidationError):
        actions.update_idea(
            idea,
            idea_fields(world, measures, title={"cs": "\u200b", "pl": " \t", "en": "\ufeff "}),
            expected_revision=idea.revision,
            agglomeration=world.olomouc,
            actor=world.manager,
        )
    with pytest.raises(ValidationError):
        actions.comment_idea(
            idea, "\u200b \u200d", written_in="cs", agglomeration=world.olomouc, actor=world.manager
        )
    assert not JointIdeaComment.objects.exists()


@pytest.mark.parametrize(
    ("money", "field"),
    [
        ({"amount": Decimal("-1"), "currency": "CZK", "basis": "total"}, "amount"),
        ({"amount": Decimal("1"), "currency": "USD", "basis": "total"}, "currency"),
        ({"amount": Decimal("1"), "currency": "CZK", "basis": "gross"}, "basis"),
    ],
)
def test_a_side_budget_the_action_cannot_take_is_refused(
    world: CooperationWorld, measures: dict[str, Measure], money: dict[str, Any], field: str
) -> None:
    sides = [
        actions.SideFields(world.olomouc, measure=measures["olomouc"], **money),
        actions.SideFields(world.opole, measure=measures["opole"]),
    ]
    with pytest.raises(ValidationError) as refused:
        actions.create_idea(
            world.partnership,
            idea_fields(world, measures, sides=sides),
            agglomeration=world.olomouc,
            actor=world.manager,
        )
    assert f"{field}_{world.olomouc.pk}" in refused.value.message_dict
    assert not JointIdea.objects.exists()


def test_a_side_that_is_no_member_or_given_twice_is_refused(
    world: CooperationWorld, measures: dict[str, Measure]
) -> None:
    for sides in (
        [actions.SideFields(world.olomouc), actions.SideFields(world.olomouc)],
        [actions.SideFields(world.olomouc), actions.SideFields(world.ostrava)],
    ):
        with pytest.raises(ValidationError) as refused:
            actions.create_idea(
                world.partnership,
                idea_fields(world, measures, sides=sides),
                agglomeration=world.olomouc,
                actor=world.manager,
            )
        assert "__all__" in refused.value.message_dict
    assert not JointIdea.objects.exists()


def test_an_edit_that_names_no_revision_is_refused(
    world: CooperationWorld, measures: dict[str, Measure], idea: JointIdea
) -> None:
    with pytest.raises(ValidationError):
        actions.update_idea(
            idea,
            idea_fields(world, measures, title={"en": "Changed"}),
            expected_revision=None,
            agglomeration=world.olomouc,
            actor=world.manager,
        )
    idea.refresh_from_db()
    assert idea.title["en"] == "Cross-border cycle route" and idea.revision == 0


@pytest.mark.parametrize(
    ("text", "language", "field"),
    [("x" * 5001, "cs", "text"), ("Souhlasíme.", "de", "written_in")],
)
def test_a_comment_the_action_cannot_take_is_refused(
    world: CooperationWorld, idea: JointIdea, text: str, language: str, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.comment_idea(
            idea, text, written_in=language, agglomeration=world.olomouc, actor=world.manager
        )
    assert field in refused.value.message_dict
    assert not JointIdeaComment.objects.exists()


def test_a_step_is_recorded_for_the_office_that_may_take_it(
    world: CooperationWorld, idea: JointIdea
) -> None:
    """Opole's manager steps the idea from Olomouc's page (agglomeration_id of Olomouc, where it
    holds no permission): the step is Opole's office's."""
    from aglomera.cooperation.transitions import _acting_office
    from aglomera.core.transitions import Step

    step = Step(
        idea,
        "idea",
        "concept",
        opole(world),
        "",
        timezone.now(),
        {"agglomeration_id": world.olomouc.pk},
    )
    assert list(_acting_office(step)) == []
    assert idea.acting_agglomeration_id == world.opole.pk
    nobody = Step(idea, "idea", "concept", None, "", timezone.now(), {})
    _acting_office(nobody)
    assert idea.acting_agglomeration_id == idea.agglomeration_ids[0]

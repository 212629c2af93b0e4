"""The applicant's actions: drafting, validation, attachments, deadline and completeness guards,
return and resubmission, withdrawal, and registering one's own organisation."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations import actions as agglomeration_actions
from aglomera.agglomerations.models import Country, Municipality, Organisation, OrganisationKind
from aglomera.calls import transitions as call_transitions
from aglomera.calls.models import AttachmentKind, Call, CallStatus
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.intentions import transitions
from aglomera.intentions.actions import submission as actions
from aglomera.intentions.models import (
    Attachment,
    IntentionStatus,
    LandOwnership,
    ProjectIntention,
    Readiness,
    ReturnComment,
)
from aglomera.intentions.tests import samples
from aglomera.intentions.tests.builders import DEADLINE, DURING, OPENS, PipelineWorld
from aglomera.strategy.models import IndicatorCode
from aglomera.strategy.tests.builders import make_opole

S = IntentionStatus
SECOND = timedelta(seconds=1)
PDF = samples.pdf()  # a genuine PDF: uploads are checked as whole documents


def values(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": {"cs": "Přístavba MŠ Přerov", "en": "Kindergarten extension in Přerov"},
        "measure_code": "2.1.1",
        "activities": {"cs": "Přístavba dvou tříd"},
        "start_date": date(2025, 9, 1),
        "end_date": date(2026, 12, 31),
        "total_cost": Decimal("12000000.00"),
        "eligible_cost": Decimal("10000000.00"),
        "requested_eu": Decimal("8000000.00"),
        "requested_national": Decimal("500000.00"),
        "building_permit": Readiness.OBTAINED,
        "land_ownership": LandOwnership.OWNED,
    }
    base.update(overrides)
    return base


def pdf(name: str = "zamer.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF)


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


@pytest.fixture
def applicant(world: PipelineWorld) -> User:
    return world.user(Role.APPLICANT)


def create(world: PipelineWorld, now: Any = DURING, **overrides: Any) -> ProjectIntention:
    return actions.create_intention(
        world.call, actor=world.user(Role.APPLICANT), now=now, **values(**overrides)
    )


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return {
        field: [str(m) for m in messages] for field, messages in excinfo.value.message_dict.items()
    }


# --- drafting -------------------------------------------------------------------------------


def test_it_saves_a_draft_with_partners_places_indicators_and_files(
    world: PipelineWorld, applicant: User, cycling_km: IndicatorCode, private_root: Path
) -> None:
    # Given a municipality of the agglomeration and a mandatory attachment of the call
    prerov = Municipality.objects.create(
        agglomeration=world.agglomeration, code="511382", name="Přerov", kind="city"
    )
    kind = AttachmentKind.objects.create(call=world.call, name={"cs": "Rozpočet"})
    # When the applicant saves the draft
    intention = actions.create_intention(
        world.call,
        actor=applicant,
        now=DURING,
        partners=[world.other_org],
        municipalities=[prerov],
        indicators=[(cycling_km, Decimal("2.500"))],
        attachments=[(kind, pdf("rozpocet.pdf")), (None, pdf("mapa.pdf"))],
        **values(),
    )
    # Then it is a draft of the applicant's organisation with everything attached
    assert intention.status == S.DRAFT
    assert intention.applicant == world.applicant_org
    assert list(intention.partners.all()) == [world.other_org]
    assert list(intention.municipalities.all()) == [prerov]
    assert intention.indicators.get().committed_value == Decimal("2.500")
    files = list(Attachment.objects.filter(intention=intention).order_by("id"))
    assert [(f.kind, f.original_name) for f in files] == [
        (kind, "rozpocet.pdf"),
        (None, "mapa.pdf"),
    ]
    assert files[0].content_type == "application/pdf"
    assert (private_root / files[0].file.name).read_bytes() == PDF
    assert AuditEvent.objects.filter(code="intentions.intention.created").count() == 1


def test_it_asks_an_applicant_without_an_organisation_to_register_it(
    world: PipelineWorld,
) -> None:
    # Given an applicant not linked to any organisation
    newcomer = User.objects.create_user("newcomer")
    Membership.objects.create(user=newcomer, agglomeration=world.agglomeration, role=Role.APPLICANT)
    # When they try to save an intention
    with pytest.raises(ValidationError) as refused:
        actions.create_intention(world.call, actor=newcomer, now=DURING, **values())
    # Then they are told to register their organisation first
    assert "Register your organisation first" in refused.value.messages[0]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.APPLICANT])
def test_it_lets_only_applicants_create_intentions(world: PipelineWorld, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_intention(world.call, actor=world.user(role), now=DURING, **values())


def test_it_refuses_a_new_intention_for_a_call_that_is_not_open(world: PipelineWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        create(world, now=DEADLINE)
    assert refused.value.messages == ["The call closed on 30 May 2025 at 12:00 (Prague time)."]
    assert not ProjectIntention.objects.exists()


def test_it_refuses_unknown_fields_loudly(world: PipelineWorld) -> None:
    with pytest.raises(TypeError):
        create(world, status=S.COMPLIANT)


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"total_cost": Decimal("-1.00")}, "total_cost", "cannot be negative"),
        ({"requested_eu": "lots"}, "requested_eu", "Enter an amount"),
        ({"requested_national": Decimal("NaN")}, "requested_national", "Enter an amount"),
        ({"eligible_cost": Decimal("10000000.001")}, "eligible_cost", "two decimal places"),
        (
            {"eligible_cost": Decimal("13000000.00")},
            "eligible_cost",
            "cannot exceed the total cost",
        ),
        (
            {"requested_eu": Decimal("8000000.01")},
            "requested_eu",
            "cannot exceed 8,500,000.00 CZK: the eligible cost times the call's aid rate of 85 %",
        ),
        (
            {
                "total_cost": Decimal("900000.00"),
                "eligible_cost": Decimal("900000.00"),
                "requested_eu": Decimal("0.00"),
                "requested_national": Decimal("0.00"),
            },
            "eligible_cost",
            "at least 1,000,000.00 CZK",
        ),
        (
            {"total_cost": Decimal("60000000.00"), "eligible_cost": Decimal("51000000.00")},
            "eligible_cost",
            "at most 50,000,000.00 CZK",
        ),
        ({"end_date": date(2025, 8, 31)}, "end_date", "cannot end before it starts"),
        # CPR (EU) 2021/1060 Art. 63(2): eligible from 2021-01-01 until 2029-12-31
        ({"start_date": date(1, 1, 1)}, "start_date", "Article 63(2)"),
        ({"start_date": date(2019, 1, 1)}, "start_date", "the project cannot start earlier"),
        ({"end_date": date(9999, 12, 31)}, "end_date", "the project must end by then"),
        ({"end_date": date(2030, 1, 1)}, "end_date", "Article 63(2)"),
        ({"start_date": None}, "start_date", "Enter the start date"),
        ({"end_date": "soon"}, "end_date", "Enter the end date"),
        ({"name": {"cs": " "}}, "name", "at least one language"),
        ({"measure_code": " "}, "measure_code", "measure"),
        ({"building_permit": "maybe"}, "building_permit", "building permit"),
        ({"land_ownership": "maybe"}, "land_ownership", "land ownership"),
    ],
)
def test_it_refuses_bad_values_next_to_their_field(
    world: PipelineWorld, overrides: dict[str, Any], field: str, message: str
) -> None:
    # Given an applicant's input with one bad value
    # When the draft is saved
    with pytest.raises(ValidationError) as refused:
        create(world, **overrides)
    # Then the message is keyed by the field and nothing is saved
    errors = errors_of(refused)
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not ProjectIntention.objects.exists()


def test_it_refuses_the_applicant_as_its_own_partner_and_outsiders(
    world: PipelineWorld, applicant: User
) -> None:
    # Given an organisation of another agglomeration
    opole_org = Organisation.objects.create(
        agglomeration=make_opole(),
        name="Gmina Opole",
        kind=OrganisationKind.MUNICIPALITY,
        country=Country.PL,
        regon="531412421",
    )
    # When the applicant names itself and the outsider as partners
    with pytest.raises(ValidationError) as refused:
        actions.create_intention(
            world.call,
            actor=applicant,
            now=DURING,
            partners=[world.applicant_org, opole_org],
            **values(),
        )
    # Then both are refused next to the partners
    partners = errors_of(refused)["partners"]
    assert "cannot also be its own partner" in partners[0]
    assert "not an organisation of this agglomeration" in partners[1]


def test_it_keeps_the_place_within_the_call_territory(
    world: PipelineWorld, applicant: User
) -> None:
    # Given a call limited to Přerov
    prerov = Municipality.objects.create(
        agglomeration=world.agglomeration, code="511382", name="Přerov", kind="city"
    )
    olomouc = Municipality.objects.create(
        agglomeration=world.agglomeration, code="500496", name="Olomouc", kind="city"
    )
    world.call.territory.set([prerov])
    # When the applicant places the project in Olomouc
    with pytest.raises(ValidationError) as refused:
        actions.create_intention(
            world.call, actor=applicant, now=DURING, municipalities=[olomouc], **values()
        )
    # Then it is refused as outside the territory
    assert "Olomouc" in errors_of(refused)["municipalities"][0]


def test_it_refuses_indicators_listed_twice_or_negative(
    world: PipelineWorld, applicant: User, cycling_km: IndicatorCode
) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.create_intention(
            world.call,
            actor=applicant,
            now=DURING,
            indicators=[(cycling_km, Decimal("1")), (cycling_km, Decimal("-1"))],
            **values(),
        )
    messages = errors_of(refused)["indicators"]
    assert "listed twice" in messages[0]
    assert "at least 0" in messages[1]


def test_it_refuses_bad_files_and_kinds_of_other_calls(
    world: PipelineWorld, applicant: User
) -> None:
    # Given an attachment kind of another call
    other_call = Call.objects.create(
        agglomeration=world.agglomeration,
        strategy=world.strategy,
        number="3",
        name={"cs": "Jiná výzva"},
        measure_code="2.1.1",
        specific_objective=world.objective,
        allocation=Decimal("1000.00"),
        opens_at=OPENS,
        closes_at=DEADLINE,
        aid_rate=Decimal("85"),
    )
    foreign = AttachmentKind.objects.create(call=other_call, name={"cs": "Cizí"})
    own = AttachmentKind.objects.create(call=world.call, name={"cs": "Rozpočet"})
    # When the applicant attaches a renamed executable and a file of the foreign kind
    exe = SimpleUploadedFile("rozpocet.pdf", b"MZ\x90\x00rest")
    with pytest.raises(ValidationError) as refused:
        actions.create_intention(
            world.call,
            actor=applicant,
            now=DURING,
            attachments=[(own, exe), (foreign, pdf())],
            **values(),
        )
    # Then each is refused next to its upload field and nothing is stored
    errors = errors_of(refused)
    assert "not an allowed document" in errors[f"attachment_{own.pk}"][0]
    assert "not asked for by the call" in errors[f"attachment_{foreign.pk}"][0]
    assert not Attachment.objects.exists()


# --- editing --------------------------------------------------------------------------------


def test_it_saves_edits_and_refuses_a_stale_form(
    world: PipelineWorld, applicant: User, cycling_km: IndicatorCode
) -> None:
    # Given a draft the applicant opened at revision 0
    intention = create(world)
    seen = intention.revision
    # When they save an edit
    edited = actions.update_intention(
        intention,
        actor=applicant,
        expected_revision=seen,
        indicators=[(cycling_km, Decimal("3"))],
        **values(total_cost=Decimal("12500000.00")),
    )
    # Then it is saved with a new revision and audited
    assert edited.total_cost == Decimal("12500000.00")
    assert edited.revision == seen + 1
    assert AuditEvent.objects.filter(code="intentions.intention.updated").count() == 1
    # And a second form still carrying the old revision is refused without saving
    with pytest.raises(actions.StaleEdit):
        actions.update_intention(
            intention, actor=applicant, expected_revision=seen, **values(total_cost=Decimal("1"))
        )
    assert ProjectIntention.objects.get().total_cost == Decimal("12500000.00")


def test_it_refuses_edits_after_submission(world: PipelineWorld, applicant: User) -> None:
    intention = world.intention(status=S.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        actions.update_intention(intention, actor=applicant, expected_revision=None, **values())
    assert "can no longer be edited" in refused.value.messages[0]


def test_it_lets_no_other_organisation_edit(world: PipelineWorld) -> None:
    intention = create(world)
    with pytest.raises(PermissionDenied):
        actions.update_intention(
            intention, actor=world.other_applicant, expected_revision=None, **values()
        )


def test_it_revalidates_edits(world: PipelineWorld, applicant: User) -> None:
    intention = create(world)
    with pytest.raises(ValidationError) as refused:
        actions.update_intention(
            intention,
            actor=applicant,
            expected_revision=None,
            **values(end_date=date(2020, 1, 1)),
        )
    assert "end_date" in errors_of(refused)


def test_it_adds_and_removes_attachments_of_an_editable_intention(
    world: PipelineWorld,
    applicant: User,
    private_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Given a draft and a kind the call asks for
    intention = create(world)
    kind = AttachmentKind.objects.create(call=world.call, name={"cs": "Rozpočet"})
    # When the applicant attaches a file and removes it again
    attachment = actions.add_attachment(intention, pdf(), kind=kind, actor=applicant)
    stored = private_root / attachment.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_attachment(attachment, actor=applicant)
    # Then the row and the stored file are gone, and both steps are audited
    assert not Attachment.objects.exists()
    assert not stored.exists()
    assert AuditEvent.objects.filter(code__startswith="intentions.attachment.").count() == 2


def test_it_refuses_a_bad_file_or_a_foreign_kind_when_attaching(
    world: PipelineWorld, applicant: User
) -> None:
    intention = create(world)
    other_call_kind = AttachmentKind.objects.create(
        call=Call.objects.create(
            agglomeration=world.agglomeration,
            strategy=world.strategy,
            number="9",
            name={"cs": "Jiná"},
            measure_code="2.1.1",
            specific_objective=world.objective,
            allocation=Decimal("1.00"),
            opens_at=OPENS,
            closes_at=DEADLINE,
            aid_rate=Decimal("85"),
        ),
        name={"cs": "Cizí"},
    )
    with pytest.raises(ValidationError) as refused:
        actions.add_attachment(intention, pdf(), kind=other_call_kind, actor=applicant)
    assert f"attachment_{other_call_kind.pk}" in errors_of(refused)
    with pytest.raises(ValidationError) as refused:
        actions.add_attachment(intention, SimpleUploadedFile("x.pdf", b"<html>"), actor=applicant)
    assert "not an allowed document" in errors_of(refused)["attachment_other"][0]


# --- the deadline ---------------------------------------------------------------------------


def test_it_accepts_a_submission_one_second_before_the_deadline(world: PipelineWorld) -> None:
    intention = world.draft()
    submitted = actions.submit_intention(
        intention, actor=world.user(Role.APPLICANT), now=DEADLINE - SECOND
    )
    assert submitted.status == S.SUBMITTED
    assert submitted.submitted_at == DEADLINE - SECOND


@pytest.mark.parametrize("late", [timedelta(0), SECOND, timedelta(days=3)])
def test_it_refuses_a_submission_at_or_after_the_deadline_showing_it(
    world: PipelineWorld, late: timedelta
) -> None:
    # Given a draft and a clock at or past the deadline (12:00 in Prague)
    intention = world.draft()
    # When the applicant submits
    with pytest.raises(ValidationError) as refused:
        actions.submit_intention(intention, actor=world.user(Role.APPLICANT), now=DEADLINE + late)
    # Then it is refused with the deadline in the agglomeration's time zone, and stays a draft
    assert refused.value.messages == ["The call closed on 30 May 2025 at 12:00 (Prague time)."]
    assert ProjectIntention.objects.get().status == S.DRAFT
    assert not StatusChange.objects.filter(workflow=transitions.WORKFLOW).exists()


def test_it_refuses_a_submission_before_the_call_opens(world: PipelineWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.submit_intention(
            world.draft(), actor=world.user(Role.APPLICANT), now=OPENS - SECOND
        )
    assert refused.value.messages == ["The call opens on 1 March 2025 at 09:00 (Prague time)."]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (CallStatus.PLANNED, "The call does not accept intentions (it is planned)."),
        (CallStatus.CANCELLED, "The call does not accept intentions (it is cancelled)."),
        (CallStatus.CLOSED, "The call closed on 30 May 2025 at 12:00 (Prague time)."),
    ],
)
def test_it_refuses_a_submission_to_a_call_that_is_not_announced(
    world: PipelineWorld, status: str, message: str
) -> None:
    # Given a call that is planned, cancelled or closed (its row, configuration-level)
    intention = world.draft()
    Call.objects.filter(pk=world.call.pk).update(**{"status": status})
    # When the applicant submits within the dates
    with pytest.raises(ValidationError) as refused:
        actions.submit_intention(intention, actor=world.user(Role.APPLICANT), now=DURING)
    # Then it is refused
    assert refused.value.messages == [message]


def test_it_shows_the_deadline_in_the_site_zone_when_the_agglomeration_zone_is_unknown(
    world: PipelineWorld,
) -> None:
    world.agglomeration.time_zone = "Mars/Olympus"
    world.agglomeration.save()
    with pytest.raises(ValidationError) as refused:
        actions.submit_intention(world.draft(), actor=world.user(Role.APPLICANT), now=DEADLINE)
    assert refused.value.messages == ["The call closed on 30 May 2025 at 12:00 (Prague time)."]


# --- completeness ---------------------------------------------------------------------------


def test_it_refuses_a_submission_without_the_mandatory_attachments(
    world: PipelineWorld, applicant: User
) -> None:
    # Given a call asking for a mandatory budget and an optional photo
    budget = AttachmentKind.objects.create(call=world.call, name={"en": "Budget"})
    AttachmentKind.objects.create(call=world.call, name={"en": "Photo"}, mandatory=False)
    intention = create(world)
    actions.add_attachment(intention, pdf(), actor=applicant)  # an "other" file does not count
    # When it is submitted without the budget
    with pytest.raises(ValidationError) as refused:
        actions.submit_intention(intention, actor=applicant, now=DURING)
    # Then the missing attachment is named
    assert refused.value.messages == ["The mandatory attachment “Budget” is missing."]
    # And once the budget is attached the submission goes through
    actions.add_attachment(intention, pdf("budget.pdf"), kind=budget, actor=applicant)
    assert actions.submit_intention(intention, actor=applicant, now=DURING).status == S.SUBMITTED


def test_it_refuses_a_submission_whose_support_no_longer_fits_the_aid_rate(
    world: PipelineWorld, applicant: User
) -> None:
    # Given a draft and a call whose aid rate was lowered afterwards
    intention = create(world)
    Call.objects.filter(pk=world.call.pk).update(aid_rate=Decimal("50"))
    # When it is submitted
    with pytest.raises(ValidationError) as refused:
        actions.submit_intention(intention, actor=applicant, now=DURING)
    # Then the inconsistency is reported
    assert "aid rate of 50 %" in refused.value.messages[0]


def test_it_tells_why_a_step_is_not_allowed(world: PipelineWorld, applicant: User) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    with pytest.raises(ValidationError) as refused:
        actions.submit_intention(intention, actor=applicant, now=DURING)
    assert "is not allowed" in refused.value.messages[0]


def test_it_refuses_a_submission_by_another_organisation(world: PipelineWorld) -> None:
    with pytest.raises(PermissionDenied):
        actions.submit_intention(world.draft(), actor=world.other_applicant, now=DURING)


# --- return, resubmission, withdrawal -------------------------------------------------------


def test_it_walks_submit_return_edit_resubmit(world: PipelineWorld, applicant: User) -> None:
    # Given a submitted intention
    intention = actions.submit_intention(create(world), actor=applicant, now=DURING)
    # When the coordinator returns it with a comment, after the deadline
    coordinator = world.user(Role.COORDINATOR)
    returned = transitions.transition(
        intention, S.RETURNED, actor=coordinator, reason="Doplňte rozpočet", now=DEADLINE
    )
    ReturnComment.objects.create(intention=returned, author=coordinator, text="Doplňte rozpočet")
    # And the applicant edits and resubmits it after the deadline (completion on request)
    edited = actions.update_intention(
        returned,
        actor=applicant,
        expected_revision=returned.revision,
        **values(requested_national=Decimal("0.00")),
    )
    resubmitted = actions.submit_intention(
        edited, actor=applicant, now=DEADLINE + timedelta(days=5)
    )
    # Then it is submitted again and the history lists every step
    assert resubmitted.status == S.SUBMITTED
    steps = list(
        StatusChange.objects.filter(
            workflow=transitions.WORKFLOW, object_id=intention.pk
        ).values_list("old_status", "new_status")
    )
    assert steps == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.RETURNED),
        (S.RETURNED, S.SUBMITTED),
    ]


def test_it_refuses_resubmission_to_a_cancelled_call(world: PipelineWorld) -> None:
    intention = world.intention(status=S.RETURNED)
    call_transitions.transition(
        world.call, CallStatus.CANCELLED, actor=world.user(Role.MANAGER), reason="test"
    )
    with pytest.raises(ValidationError) as refused:
        actions.submit_intention(intention, actor=world.user(Role.APPLICANT), now=DURING)
    assert refused.value.code == "call_cancelled"


def test_it_refuses_a_stale_submission(world: PipelineWorld, applicant: User) -> None:
    intention = world.draft()
    with pytest.raises(ValidationError) as refused:
        actions.submit_intention(
            intention, actor=applicant, now=DURING, expected_revision=intention.revision + 1
        )
    assert refused.value.code == "stale"


def test_it_withdraws_with_a_reason(world: PipelineWorld, applicant: User) -> None:
    intention = world.intention(status=S.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        actions.withdraw_intention(intention, "  ", actor=applicant)
    assert "reason" in refused.value.error_dict
    withdrawn = actions.withdraw_intention(intention, "Nezískali jsme pozemek", actor=applicant)
    assert withdrawn.status == S.WITHDRAWN
    assert StatusChange.objects.get(new_status=S.WITHDRAWN).reason == "Nezískali jsme pozemek"


def test_it_does_not_withdraw_a_withdrawn_intention_again(
    world: PipelineWorld, applicant: User
) -> None:
    intention = world.intention(status=S.WITHDRAWN)
    with pytest.raises(ValidationError):
        actions.withdraw_intention(intention, "again", actor=applicant)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.WORKING_GROUP, Role.PARTNER])
def test_it_lets_only_the_applicant_or_manager_withdraw(world: PipelineWorld, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        actions.withdraw_intention(world.draft(), "no", actor=world.user(role))


# --- the applicant's own organisation -------------------------------------------------------


@pytest.fixture
def newcomer(world: PipelineWorld) -> User:
    user = User.objects.create_user("newcomer")
    Membership.objects.create(user=user, agglomeration=world.agglomeration, role=Role.APPLICANT)
    return user


ZS = {"name": "ZŠ Hranice", "kind": OrganisationKind.SCHOOL, "country": Country.CZ}


def test_it_registers_the_applicants_own_organisation_and_links_it(
    world: PipelineWorld, newcomer: User
) -> None:
    # Given an applicant without an organisation
    assert not newcomer.has_perm("intentions.view", world.draft())
    # When they register theirs (IČO given without the leading zeros)
    organisation = agglomeration_actions.register_own_organisation(
        world.agglomeration, actor=newcomer, ico="47998407", **ZS
    )
    # Then it exists, their applicant role acts for it, and it is audited
    membership = Membership.objects.get(user=newcomer)
    assert membership.organisation == organisation
    assert AuditEvent.objects.filter(
        code="agglomerations.organisation.registered_by_applicant"
    ).exists()
    intention = world.draft(applicant=organisation)
    assert newcomer.has_perm("intentions.edit", intention)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"ico": "47998408"}, "ico", "wrong check digit"),
        ({"ico": ""}, "ico", "needs its IČO"),
        ({"ico": "00301825"}, "ico", "already registered"),
        (
            {"country": Country.PL, "regon": "123"},
            "regon",
            "is not valid",
        ),
    ],
)
def test_it_validates_the_identifier_of_the_own_organisation(
    world: PipelineWorld, newcomer: User, fields: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        agglomeration_actions.register_own_organisation(
            world.agglomeration, actor=newcomer, **{**ZS, **fields}
        )
    assert message in " ".join(errors_of(refused)[field])
    assert Membership.objects.get(user=newcomer).organisation is None


def test_it_refuses_a_polish_organisation_already_registered_by_regon(
    world: PipelineWorld, newcomer: User
) -> None:
    Organisation.objects.create(
        agglomeration=world.agglomeration,
        name="Gmina",
        kind=OrganisationKind.MUNICIPALITY,
        country=Country.PL,
        regon="531412421",
    )
    with pytest.raises(ValidationError) as refused:
        agglomeration_actions.register_own_organisation(
            world.agglomeration,
            actor=newcomer,
            name="Gmina 2",
            kind=OrganisationKind.MUNICIPALITY,
            country=Country.PL,
            regon="531412421",
        )
    assert "regon" in refused.value.error_dict


def test_it_refuses_a_second_own_organisation(world: PipelineWorld, applicant: User) -> None:
    with pytest.raises(ValidationError) as refused:
        agglomeration_actions.register_own_organisation(
            world.agglomeration, actor=applicant, ico="47998407", **ZS
        )
    assert refused.value.code == "has_organisation"


@pytest.mark.parametrize("role", [r for r in Role if r != Role.APPLICANT])
def test_it_lets_only_applicants_register_their_own_organisation(
    world: PipelineWorld, role: Role
) -> None:
    with pytest.raises(PermissionDenied):
        agglomeration_actions.register_own_organisation(
            world.agglomeration, actor=world.user(role), ico="47998407", **ZS
        )


def test_it_refuses_an_anonymous_visitor_registering_an_organisation(
    world: PipelineWorld,
) -> None:
    with pytest.raises(PermissionDenied):
        agglomeration_actions.register_own_organisation(
            world.agglomeration, actor=AnonymousUser(), ico="47998407", **ZS
        )

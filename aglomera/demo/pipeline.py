"""Load the demo pipeline: calls, project intentions at every state, the steering committees,
their meetings and resolutions, compliance statements, change requests and one open written vote.

Everything goes through the actions and workflows of the product (calls, intentions, committee,
strategy), each step with `now=` its historical moment (`aglomera.demo.timeline`): deadlines and
voting windows are judged at it and the status history and the audit log record it, so they read
like real use and are never rewritten afterwards. Idempotent: a call, a meeting, a change
request or an office role that already exists (by its natural key) is left alone, and the steps
after a statement only move an intention forward towards its target state.

The data is in the calls, committee and changes files of each agglomeration's folder
(aglomera/demo/data/); provenance in DATA_SOURCES.md.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.utils import timezone
from fpdf import FPDF

from aglomera.accounts.models import Membership, Role
from aglomera.agglomerations.models import Agglomeration, Municipality, Organisation
from aglomera.calls import actions as call_actions
from aglomera.calls.models import (
    AttachmentKind,
    Call,
    CallSchedule,
    CallStatus,
    Criterion,
    CriterionKind,
    FormalCheckItem,
)
from aglomera.committee import actions as committee_actions
from aglomera.committee import transitions as meeting_transitions
from aglomera.committee.models import (
    AgendaItem,
    CommitteeMember,
    DecisionKind,
    Meeting,
    MeetingForm,
    MeetingStatus,
    Resolution,
    SteeringCommittee,
    VoteChoice,
)
from aglomera.demo import timeline
from aglomera.demo.specs import (
    AgglomerationData,
    CallSpec,
    DemoData,
    IntentionSpec,
    ItemSpec,
    MeetingSpec,
    OrganisationSpec,
    StatuteSpec,
)
from aglomera.intentions.actions import assignments, evaluation, statements, submission
from aglomera.intentions.actions import changes as change_actions
from aglomera.intentions.models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    ComplianceStatement,
    IntentionIndicator,
    IntentionStatus,
    ProjectIntention,
    Recommendation,
    ReviewAssignment,
    StatementOutcome,
    StatementType,
)
from aglomera.intentions.transitions import INTENTION
from aglomera.strategy import actions as strategy_actions
from aglomera.strategy.models import IndicatorCode, OfficeRole, SpecificObjective, Strategy

S = IntentionStatus
# The working group is asked to review an intention within two weeks; the demo's working-group
# user is asked on the day of the load, to review the intention waiting for it within a week.
REVIEW_DAYS = 14
DEMO_REVIEW_DAYS = 7
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _demo_pdf() -> bytes:
    """A one-page PDF: uploads are checked as whole documents (intentions/content_checks.py).
    The fixed creation date gives the same bytes on every load."""
    pdf = FPDF()
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=ZoneInfo("UTC")))
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text="Aglomera - demo attachment (feasibility study)")
    return bytes(pdf.output())


DEMO_PDF = _demo_pdf()
LEGAL_ACT_STATES = (S.LEGAL_ACT, S.IN_IMPLEMENTATION)  # MS2014+/MS2021+ state PP30
COUNTED: tuple[tuple[str, Any], ...] = (
    ("calls", Call),
    ("project intentions", ProjectIntention),
    ("meetings", Meeting),
    ("resolutions", Resolution),
    ("compliance statements", ComplianceStatement),
    ("change requests", ChangeRequest),
    ("office roles", OfficeRole),
)


class Counter(Protocol):
    def count(self, what: str, n: int = 1) -> None: ...


@contextmanager
def quiet_notifications() -> Iterator[None]:
    """Status e-mails of the demo history go to memory, not to the console or a mail server;
    the background tasks run at once and their log lines are kept out of the output."""
    task_log = logging.getLogger("django_tasks")
    level = task_log.level
    task_log.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND=LOCMEM, TASKS=IMMEDIATE):
            yield
    finally:
        task_log.setLevel(level)


# ---- the people of one agglomeration --------------------------------------------------------


@dataclass
class World:
    data: AgglomerationData
    agglomeration: Agglomeration
    language: str
    zone: ZoneInfo
    manager: Any
    coordinator: Any
    organisations: dict[str, Organisation]
    applicants: dict[str, Any] = field(default_factory=dict)  # organisation key -> user
    reviewers: list[tuple[Any, int | None]] = field(default_factory=list)  # (user, org id)
    committee_users: dict[str, Any] = field(default_factory=dict)  # suffix -> user
    committee: SteeringCommittee | None = None
    stories: dict[str, timeline.Story] = field(default_factory=dict)  # by intention key

    def org_key(self, organisation_id: int) -> str:
        return next(k for k, o in self.organisations.items() if o.pk == organisation_id)


def _organisation(
    agglomeration: Agglomeration, spec: OrganisationSpec, report: Counter
) -> Organisation:
    key = {"ico": spec.ico} if spec.ico else ({"regon": spec.regon} if spec.regon else {})
    key = key or {"nip": spec.nip}
    organisation, created = Organisation.objects.get_or_create(
        agglomeration=agglomeration,
        **key,
        defaults={
            "name": spec.name,
            "kind": spec.kind,
            "country": agglomeration.country,
            "ico": spec.ico,
            "regon": spec.regon,
            "nip": spec.nip,
            "address": spec.address,
        },
    )
    if created:
        organisation.full_clean()  # the identifiers must pass the national checks
    report.count("organisations", int(created))
    return organisation


def _user(
    agglomeration: Agglomeration,
    name: str,
    role: str,
    person: tuple[str, str],
    organisation: Organisation | None,
    password_hash: str,
    language: str,
    report: Counter,
) -> Any:
    user, created = get_user_model().objects.get_or_create(
        username=name,
        defaults={
            "first_name": person[0],
            "last_name": person[1],
            "email": f"{name}@example.org",
            "preferred_language": language,
            "password": password_hash,
        },
    )
    report.count("users", int(created))
    _membership, created = Membership.objects.get_or_create(
        user=user, agglomeration=agglomeration, role=role, defaults={"organisation": organisation}
    )
    report.count("memberships", int(created))
    return user


def _world(data: AgglomerationData, password_hash: str, report: Counter) -> World:
    slug = data.slug
    agglomeration = Agglomeration.objects.get(slug=slug)
    spec = data.agglomeration
    organisations = {
        o.key: _organisation(agglomeration, o, report)
        for o in (*spec.organisations, *spec.extra_organisations)
    }
    for extra in spec.extra_people:
        _user(
            agglomeration,
            f"{slug}-{extra.role}-{extra.suffix}".replace("_", "-"),
            extra.role,
            (extra.first_name, extra.last_name),
            organisations.get(extra.organisation),
            password_hash,
            spec.language,
            report,
        )
    users = get_user_model().objects  # fetched fresh: no cached roles from before
    world = World(
        data=data,
        agglomeration=agglomeration,
        language=spec.language,
        zone=ZoneInfo(agglomeration.time_zone),
        manager=users.get(username=f"{slug}-manager"),
        coordinator=users.get(username=f"{slug}-coordinator"),
        organisations=organisations,
    )
    memberships = Membership.objects.filter(agglomeration=agglomeration).select_related("user")
    prefix = {role: f"{slug}-{role.value}".replace("_", "-") for role in Role}
    for membership in memberships.order_by("user__username"):
        user, role = membership.user, membership.role
        if role == Role.APPLICANT and membership.organisation_id is not None:
            world.applicants.setdefault(world.org_key(membership.organisation_id), user)
        elif role == Role.WORKING_GROUP:
            world.reviewers.append((user, membership.organisation_id))
        elif role == Role.COMMITTEE:
            suffix = user.username.removeprefix(prefix[Role.COMMITTEE]).lstrip("-") or "1"
            world.committee_users[suffix] = user
    return world


# ---- calls and intentions -------------------------------------------------------------------


def _text(world: World, value: str) -> dict[str, str]:
    return {world.language: value}


def _create_call(
    world: World,
    demo: DemoData,
    strategy: Strategy,
    spec: CallSpec,
    opens: datetime,
    closes: datetime,
) -> Call:
    manager = world.manager
    objective = SpecificObjective.objects.get(
        programme__code=spec.programme, programme__period=strategy.period, code=spec.objective
    )
    schedule = None
    if spec.schedule_year:
        schedule = CallSchedule.objects.get(
            agglomeration=world.agglomeration, year=spec.schedule_year
        )
    fields = call_actions.CallFields(
        strategy=strategy,
        number=spec.number,
        name=_text(world, spec.name),
        measure_code=spec.measure,
        specific_objective=objective,
        allocation=spec.allocation,
        opens_at=opens,
        closes_at=closes,
        aid_rate=spec.aid_rate,
        mode=spec.mode,
        schedule=schedule,
        eligible_applicants=_text(world, spec.eligible_applicants),
        min_eligible_cost=spec.min_eligible,
        managing_authority_call=spec.ma_call,
    )
    call = call_actions.create_call(world.agglomeration, fields, actor=manager)
    for criterion in world.data.calls.criteria:
        call_actions.add_criterion(
            call,
            criterion.name,
            criterion.kind,
            weight=criterion.weight,
            max_points=criterion.max_points,
            actor=manager,
        )
    for text in demo.checklist:
        call_actions.add_checklist_item(call, text, actor=manager)
    if spec.feasibility_study:
        call_actions.add_attachment_kind(
            call, demo.feasibility_study, mandatory=True, actor=manager
        )
    if spec.planned:  # in preparation: announced later, by hand
        return call
    return call_actions.change_call_status(
        call, CallStatus.ANNOUNCED, actor=manager, now=opens - timedelta(days=7)
    )


def _new_intention(
    world: World, call: Call, spec: IntentionSpec, moment: datetime
) -> ProjectIntention:
    applicant = world.applicants[spec.applicant]
    eligible = spec.eligible
    total = spec.total or (eligible * Decimal("1.15")).quantize(Decimal(1))
    places = list(
        Municipality.objects.filter(agglomeration=world.agglomeration, name__in=spec.places)
    )
    assert len(places) == len(spec.places), spec.places  # noqa: S101 - data invariant
    indicators = [(IndicatorCode.objects.get(code=code), value) for code, value in spec.indicators]
    attachments = [
        (kind, SimpleUploadedFile("studie-proveditelnosti.pdf", DEMO_PDF, "application/pdf"))
        for kind in AttachmentKind.objects.filter(call=call, mandatory=True)
    ]
    intention = submission.create_intention(
        call,
        actor=applicant,
        now=moment,
        municipalities=places,
        indicators=indicators,
        attachments=attachments,
        name=_text(world, spec.name),
        measure_code=call.measure_code,
        start_date=spec.start,
        end_date=spec.end,
        total_cost=total,
        eligible_cost=eligible,
        requested_eu=spec.eu,
        building_permit=spec.permit,
        land_ownership=spec.land,
    )
    if spec.stage != "draft":
        intention = submission.submit_intention(intention, actor=applicant, now=moment)
    return intention


def _evaluate(world: World, intention: ProjectIntention, spec: IntentionSpec) -> None:
    """Formal check, return, reviews and recommendation, as far as the spec's stage says."""
    if spec.stage in ("draft", "submitted"):
        return
    coordinator = world.coordinator
    story = world.stories[spec.key]
    items = list(FormalCheckItem.objects.filter(call_id=intention.call_id))
    if spec.stage == "returned":
        texts = world.data.calls.return_texts
        assert texts is not None  # noqa: S101 - checked when the file is read
        answers = {item.pk: evaluation.CheckAnswer(True) for item in items[:-1]}
        answers[items[-1].pk] = evaluation.CheckAnswer(False, texts.failed_check)
        evaluation.record_formal_check(intention, answers, actor=coordinator)
        evaluation.return_intention(intention, texts.comment, actor=coordinator, now=story.checked)
        return
    evaluation.record_formal_check(
        intention, {item.pk: evaluation.CheckAnswer(True) for item in items}, actor=coordinator
    )
    intention = evaluation.pass_formal_check(intention, actor=coordinator, now=story.checked)
    if spec.stage == "checked":
        return
    recommends = spec.stage == "recommended"
    criteria = list(Criterion.objects.filter(call_id=intention.call_id))
    gates = {c.pk: recommends for c in criteria if c.kind == CriterionKind.GATE}
    scored = [c for c in criteria if c.kind == CriterionKind.SCORED]
    points = {c.pk: value for c, value in zip(scored, spec.score, strict=True)}
    comment_yes, comment_no = world.data.calls.review_comments
    # The coordinator asks every member of the working group when the check passes.
    due = timezone.localtime(story.checked, world.zone).date() + timedelta(days=REVIEW_DAYS)
    for reviewer, _organisation_id in world.reviewers:
        assignments.assign_reviewer(
            intention, reviewer, due_on=due, actor=coordinator, now=story.checked
        )
    for reviewer, organisation_id in world.reviewers:
        conflict = organisation_id == intention.applicant_id
        evaluation.save_review(
            intention,
            actor=reviewer,
            conflict_of_interest=conflict,
            gates=gates,
            points=points,
            recommendation=Recommendation.RECOMMEND if recommends else Recommendation.NOT_RECOMMEND,
            comment="" if conflict else (comment_yes if recommends else comment_no),
            now=timezone.localtime(story.checked, world.zone) + timedelta(days=7),
        )
    evaluation.recommend_intention(
        intention,
        S.RECOMMENDED if recommends else S.NOT_RECOMMENDED,
        actor=coordinator,
        now=story.recommended,
    )


def _call(
    world: World,
    demo: DemoData,
    strategy: Strategy,
    spec: CallSpec,
    now: datetime,
    intentions: dict[str, ProjectIntention],
) -> Call:
    """The call with its intentions, evaluated as far as the data says (created once)."""
    call = Call.objects.filter(strategy=strategy, number=spec.number).first()
    if call is not None:
        existing = {str(i.name.get(world.language)): i for i in call.intentions.all()}
        for intention_spec in spec.intentions:
            if intention_spec.name in existing:
                intentions[intention_spec.key] = existing[intention_spec.name]
        return call
    opens, closes = timeline.call_window(spec, world.zone, now)
    call = _create_call(world, demo, strategy, spec, opens, closes)
    created = []
    for intention_spec in spec.intentions:
        moment = world.stories[intention_spec.key].submitted
        intention = _new_intention(world, call, intention_spec, moment)
        intentions[intention_spec.key] = intention
        created.append((intention, intention_spec))
    if closes <= now:
        call = call_actions.change_call_status(
            call, CallStatus.CLOSED, actor=world.manager, now=closes + timedelta(hours=1)
        )
    for intention, intention_spec in created:
        _evaluate(world, intention, intention_spec)
    return call


def _ask_reviewers(world: World, intentions: dict[str, ProjectIntention], now: datetime) -> None:
    """The reviewers of the intentions that wait for the working group (stage "checked"), once:
    the demo's working-group user, asked on the day of the load and due within a week, and a
    second member, asked the day after the check and due two weeks later (late by now, so that
    the coordinator's page and that member's to-do list show an overdue review). Members whose
    organisation applies are not asked."""
    for key, (_call_spec, spec) in world.data.intentions().items():
        known = intentions.get(key)
        if spec.stage != "checked" or known is None:
            continue
        intention = (
            ProjectIntention.objects.filter(pk=known.pk, status=S.FORMAL_CHECK_PASSED)
            .select_related("call__agglomeration")
            .first()
        )
        if intention is None or ReviewAssignment.objects.filter(intention=intention).exists():
            continue
        free = [user for user, org in world.reviewers if org != intention.applicant_id]
        today = timezone.localtime(now, world.zone).date()
        plan = [(user, now, today + timedelta(days=DEMO_REVIEW_DAYS)) for user in free[:1]]
        for user in free[1:2]:
            asked = min(world.stories[key].checked + timedelta(days=1), now)
            due = timezone.localtime(asked, world.zone).date() + timedelta(days=REVIEW_DAYS)
            plan.append((user, asked, due))
        for user, asked, due in plan:
            assignments.assign_reviewer(
                intention, user, due_on=due, actor=world.coordinator, now=asked
            )


# ---- the committee ---------------------------------------------------------------------------


def _committee(world: World) -> SteeringCommittee:
    manager = world.manager
    committee = SteeringCommittee.objects.filter(agglomeration=world.agglomeration).first()
    if committee is None:
        statute = world.data.committee.statute or StatuteSpec(
            casting_vote=False, number_rejections=True, early_close=False, majorities={}
        )
        committee = committee_actions.ensure_committee(
            world.agglomeration,
            name=world.data.committee.name,
            casting_vote=statute.casting_vote,
            number_rejections=statute.number_rejections,
            early_close=statute.early_close,
            majorities=statute.majorities,
            actor=manager,
        )
    present = set(
        CommitteeMember.objects.filter(committee=committee).values_list("user_id", flat=True)
    )
    chairs = {e.suffix for e in world.data.agglomeration.extra_people if e.chair}
    for suffix, user in sorted(world.committee_users.items()):
        if user.pk in present:
            continue
        membership = Membership.objects.get(
            user=user, agglomeration=world.agglomeration, role=Role.COMMITTEE
        )
        committee_actions.add_member(
            committee,
            user=user,
            organisation=membership.organisation,
            is_chair=suffix in chairs,
            actor=manager,
        )
    world.committee = committee
    return committee


def _members(committee: SteeringCommittee) -> list[CommitteeMember]:
    return list(
        CommitteeMember.objects.filter(committee=committee, active=True)
        .select_related("user")
        .order_by("id")
    )


def _voters(item: AgendaItem, members: list[CommitteeMember]) -> list[CommitteeMember]:
    concerned = set(item.concerned_organisations.values_list("pk", flat=True))
    return [m for m in members if m.organisation_id is None or m.organisation_id not in concerned]


def _add_items(
    world: World,
    meeting: Meeting,
    spec: MeetingSpec,
    calls: dict[tuple[str, str, str], Call],
    intentions: dict[str, ProjectIntention],
) -> list[tuple[AgendaItem, ItemSpec]]:
    added = []
    for item_spec in spec.items:
        title = _text(world, item_spec.title)
        if item_spec.call:
            call = calls[(world.data.slug, spec.period, item_spec.call)]
            item = committee_actions.add_agenda_item(
                meeting,
                title=title,
                kind=DecisionKind.CALL_INTENTIONS,
                target=call,
                actor=world.manager,
            )
            if item_spec.decisions:
                committee_actions.set_item_proposals(
                    item,
                    {intentions[k].pk: d for k, d in item_spec.decisions.items()},
                    actor=world.manager,
                )
        else:
            item = committee_actions.add_agenda_item(
                meeting, title=title, kind=DecisionKind.OTHER, actor=world.manager
            )
        added.append((item, item_spec))
    return added


def _hold_meeting(
    world: World,
    spec: MeetingSpec,
    calls: dict[tuple[str, str, str], Call],
    intentions: dict[str, ProjectIntention],
) -> None:
    """Plan, vote and decide one historical meeting (skipped when it exists)."""
    committee = world.committee
    assert committee is not None  # noqa: S101 - set by _committee
    if Meeting.objects.filter(
        committee=committee, period=spec.period, starts_at=spec.starts
    ).exists():
        return
    manager = world.manager
    in_person = not spec.window_days
    meeting = committee_actions.plan_meeting(
        committee,
        period=spec.period,
        form=MeetingForm.IN_PERSON if in_person else MeetingForm.PER_ROLLAM,
        starts_at=spec.starts,
        place=spec.place,
        window_days=spec.window_days or None,
        actor=manager,
    )
    if spec.number is not None:  # the real number; earlier meetings are not in the demo
        Meeting.objects.filter(pk=meeting.pk).update(number=spec.number)
        meeting.refresh_from_db()
    items = _add_items(world, meeting, spec, calls, intentions)
    meeting = meeting_transitions.MEETING.step(
        meeting, MeetingStatus.VOTING, actor=manager, now=timeline.voting_opened(spec.starts)
    )
    members = _members(committee)
    if in_person:
        committee_actions.record_attendance(
            meeting, {m.pk: committee_actions.Presence.PRESENT for m in members}, actor=manager
        )
    for item, _spec in items:
        voters = _voters(item, members)
        if in_person:
            committee_actions.record_room_votes(
                item, {m.pk: VoteChoice.YES for m in voters}, actor=manager
            )
        else:
            for member in voters:
                committee_actions.cast_vote(
                    item,
                    member,
                    VoteChoice.YES,
                    actor=member.user,
                    now=spec.starts + timedelta(days=1),
                )
    decided = spec.decided_at
    meeting = meeting_transitions.MEETING.step(
        meeting, MeetingStatus.CLOSED, actor=manager, now=timeline.voting_closed(decided)
    )
    for item, item_spec in items:
        resolution = committee_actions.decide_item(item, actor=manager, now=decided)
        for key in item_spec.updated_statements:
            statements.issue_statement(
                intentions[key],
                statement_type=StatementType.UPDATED,
                outcome=StatementOutcome.COMPLIANT,
                resolution=resolution,
                actor=manager,
                issued_on=timezone.localtime(decided, world.zone).date(),
            )


# ---- after the statement --------------------------------------------------------------------


def _next_meeting(
    world: World,
    calls: dict[tuple[str, str, str], Call],
    intentions: dict[str, ProjectIntention],
    now: datetime,
) -> None:
    """The meeting in preparation: planned that many days after the load, its agenda drafted
    (a call item proposes a decision on each intention waiting for one), its voting not open.
    Left alone when the committee has a planned meeting already."""
    spec = world.data.committee.next_meeting
    committee = world.committee
    assert committee is not None  # noqa: S101 - set by _committee
    if (
        spec is None
        or Meeting.objects.filter(committee=committee, status=MeetingStatus.PLANNED).exists()
    ):
        return
    day = timezone.localtime(now, world.zone).date() + timedelta(days=spec.days)
    meeting = committee_actions.plan_meeting(
        committee,
        period=spec.period,
        form=MeetingForm.IN_PERSON,
        starts_at=datetime.combine(day, time(10), world.zone),
        place=spec.place,
        actor=world.manager,
    )
    plan = MeetingSpec(
        period=spec.period,
        number=None,
        starts=meeting.starts_at,
        place=spec.place,
        window_days=0,
        items=spec.items,
    )
    _add_items(world, meeting, plan, calls, intentions)


def _track(world: World, intention: ProjectIntention, spec: IntentionSpec) -> None:
    """Move an intention towards its managing-authority state (only ever forward), each step at
    its moment of the story."""
    intention.refresh_from_db()
    moments = world.stories[spec.key].after
    if spec.after == S.WITHDRAWN:
        if intention.status == S.STATEMENT_ISSUED:
            # withdraw_intention has no `now`; it only checks what the workflow checks too
            INTENTION.step(
                intention,
                S.WITHDRAWN,
                actor=world.applicants[spec.applicant],
                reason=spec.withdrawal_reason,
                now=moments[S.WITHDRAWN],
            )
        return
    if intention.status not in timeline.TRACK_PATH:
        return
    path = timeline.TRACK_PATH
    start, stop = path.index(S(intention.status)), path.index(S(spec.after))
    czech = world.agglomeration.country == "CZ"
    for state in path[start + 1 : stop + 1]:
        # The record of the managing authority (number, state code), then its step at its
        # moment (record_managing_authority would take the step now).
        intention = statements.record_managing_authority(
            intention,
            registration_number=spec.registration,
            ma_state_code="PP30" if czech and state in LEGAL_ACT_STATES else "",
            actor=world.coordinator,
        )
        intention = INTENTION.step(intention, state, actor=world.coordinator, now=moments[state])


def _changes(world: World, intentions: dict[str, ProjectIntention]) -> None:
    """Change requests after the statement: decided by the manager alone, or referred to the
    committee (an intention that has a change request already is left alone)."""
    specs = world.data.intentions()
    for spec in world.data.change_requests:
        intention = intentions[spec.intention]
        if ChangeRequest.objects.filter(intention=intention).exists():
            continue
        proposed: dict[str, Any]
        if spec.kind == ChangeKind.DATE_MOVE:
            proposed = {"end_date": spec.end_date}
        else:
            row = IntentionIndicator.objects.get(
                intention=intention, indicator__code=spec.indicator
            )
            proposed = {"indicators": {str(row.pk): spec.value}}
        _call_spec, intention_spec = specs[spec.intention]
        change = change_actions.request_change(
            intention,
            kinds=[spec.kind],
            proposed=proposed,
            justification=spec.justification,
            actor=world.applicants[intention_spec.applicant],
        )
        change_actions.decide_change(change, decision=spec.decision, actor=world.manager)


def _open_vote(
    world: World,
    calls: dict[tuple[str, str, str], Call],
    intentions: dict[str, ProjectIntention],
    now: datetime,
) -> None:
    """The written vote open now: it started yesterday and closes in five days; two members
    voted, the demo committee member (`<slug>-committee`) has not."""
    spec = world.data.committee.open_vote
    if spec is None:
        return
    call = calls[(world.data.slug, spec.period, spec.call)]
    committee = world.committee
    assert committee is not None  # noqa: S101 - set by _committee
    call_type = ContentType.objects.get_for_model(Call)
    if AgendaItem.objects.filter(content_type=call_type, object_id=call.pk).exists():
        return
    manager = world.manager
    yesterday = timezone.localtime(now, world.zone).date() - timedelta(days=1)
    meeting = committee_actions.plan_meeting(
        committee,
        period=call.strategy.period,
        form=MeetingForm.PER_ROLLAM,
        starts_at=datetime.combine(yesterday, time(8), world.zone),
        window_days=6,  # closes in five days at 08:00
        actor=manager,
    )
    items = [
        committee_actions.add_agenda_item(
            meeting,
            title=_text(world, spec.title),
            kind=DecisionKind.CALL_INTENTIONS,
            target=call,
            actor=manager,
        )
    ]
    referred = [c for c in world.data.change_requests if c.decision == ChangeStatus.WITH_COMMITTEE]
    change = (
        ChangeRequest.objects.filter(
            intention=intentions[referred[0].intention], status=ChangeStatus.WITH_COMMITTEE
        ).first()
        if referred
        else None
    )
    if change is not None:
        items.append(
            committee_actions.add_agenda_item(
                meeting,
                title=_text(world, spec.change_title),
                kind=DecisionKind.CHANGE_REQUEST,
                target=change,
                actor=manager,
            )
        )
    opened = timeline.voting_opened(meeting.starts_at)
    meeting_transitions.MEETING.step(meeting, MeetingStatus.VOTING, actor=manager, now=opened)
    members = {m.user_id: m for m in _members(committee)}
    for suffix in spec.voters:
        member = members[world.committee_users[suffix].pk]
        for item in items:
            if member in _voters(item, [member]):
                committee_actions.cast_vote(
                    item, member, VoteChoice.YES, actor=member.user, now=now
                )


# ---- entry point ----------------------------------------------------------------------------


def _schedules(world: World) -> None:
    for spec in world.data.calls.schedules:
        if CallSchedule.objects.filter(agglomeration=world.agglomeration, year=spec.year).exists():
            continue
        schedule = call_actions.create_schedule(world.agglomeration, spec.year, actor=world.manager)
        call_actions.approve_schedule(schedule, spec.approved_on, actor=world.manager)


def _office_roles(world: World) -> None:
    for spec in world.data.agglomeration.office_roles:
        objective = SpecificObjective.objects.get(
            programme__code=spec.programme, code=spec.objective
        )
        if OfficeRole.objects.filter(
            agglomeration=world.agglomeration, specific_objective=objective
        ).exists():
            continue
        strategy_actions.set_office_role(
            world.agglomeration, specific_objective=objective, role=spec.role, actor=world.manager
        )


def _calls(
    world: World,
    data: DemoData,
    now: datetime,
    calls: dict[tuple[str, str, str], Call],
    intentions: dict[str, ProjectIntention],
) -> None:
    _schedules(world)
    for spec in world.data.calls.calls:
        strategy = Strategy.objects.get(agglomeration=world.agglomeration, period=spec.period)
        key = (world.data.slug, spec.period, spec.number)
        calls[key] = _call(world, data, strategy, spec, now, intentions)


def _after_statements(world: World, intentions: dict[str, ProjectIntention]) -> None:
    for _key, (_call_spec, spec) in world.data.intentions().items():
        if spec.after and spec.key in intentions:
            _track(world, intentions[spec.key], spec)


def load_pipeline(
    data: DemoData, report: Counter, password_hash: str, now: datetime | None = None
) -> None:
    """Build the calls, intentions, meetings and statements of every demo agglomeration."""
    now = now or timezone.now()
    before = {label: model.objects.count() for label, model in COUNTED}
    worlds = [_world(folder, password_hash, report) for folder in data.agglomerations]
    for world in worlds:
        world.stories = timeline.stories(world.data, now)
        _office_roles(world)
    calls: dict[tuple[str, str, str], Call] = {}
    intentions: dict[str, ProjectIntention] = {}
    for world in worlds:
        _calls(world, data, now, calls, intentions)
        _ask_reviewers(world, intentions, now)
    for world in worlds:
        _committee(world)
    for world in worlds:
        for meeting in world.data.committee.meetings:
            _hold_meeting(world, meeting, calls, intentions)
    for world in worlds:
        _after_statements(world, intentions)
    for world in worlds:
        _changes(world, intentions)
        _open_vote(world, calls, intentions, now)
        _next_meeting(world, calls, intentions, now)
    for label, model in COUNTED:
        report.count(label, model.objects.count() - before[label])


def totals_line() -> str:
    """One line with what the pipeline holds now (printed by `load_demo` on every run)."""
    parts = ", ".join(f"{model.objects.count()} {label}" for label, model in COUNTED[:5])
    voting = Meeting.objects.filter(status=MeetingStatus.VOTING).count()
    return f"Pipeline: {parts}; {voting} meeting(s) with voting open."

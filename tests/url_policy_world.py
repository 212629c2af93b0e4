"""One world with an object behind every URL kwarg, for tests/test_url_policy.py.

Olomouc (the tenant whose URLs are walked) is a PipelineWorld with one user per role, a second
applicant of another organisation, and on top of it: a second approved strategy, a draft
amendment, a call schedule, a planned call, intentions at the states the pages need (a draft
and a submitted one, each with an attachment; formal check passed, assigned to two working-group members and reviewed by one (a third is
assigned nothing); recommended;
one with its compliance statement; a project in implementation with its statement, a change
request, progress reports and a contractor, lacking the purpose the list of operations
publishes, its applicant reachable by e-mail), a steering committee with a planned in-person meeting, a per
rollam meeting open for votes and an in-person meeting voting in the room, import jobs (queued,
finished, waiting for a column mapping, stopped), an unmatched operation, generated reports
(finished, stopped), a committee-role user who is not yet a member and an applicant who acts
for no organisation yet. Opole is a second tenant with its own pipeline world and committee;
its manager is the outsider.

Everything is made through the builders and the actions, at the frozen moment `NOW` (the
pipeline call is open then). Nothing here decides who may do what.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any
from unittest import mock

from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from aglomera.accounts.models import Role, User
from aglomera.calls import actions as call_actions
from aglomera.calls.models import Call, CallSchedule, CallStatus, Criterion
from aglomera.committee import actions as committee_actions
from aglomera.committee import transitions
from aglomera.committee.models import (
    AgendaItem,
    CommitteeMember,
    Meeting,
    MeetingForm,
    MeetingStatus,
)
from aglomera.committee.tests.world import CommitteeWorld, committee_user
from aglomera.cooperation import actions as cooperation_actions
from aglomera.intentions.actions import changes as change_actions
from aglomera.intentions.actions import evaluation as evaluation_actions
from aglomera.intentions.actions import publication as publication_actions
from aglomera.intentions.actions import statements as statement_actions
from aglomera.intentions.actions import submission as submission_actions
from aglomera.intentions.models import (
    Attachment,
    ChangeKind,
    ChangeRequest,
    ComplianceStatement,
    Contractor,
    IntentionIndicator,
    IntentionStatus,
    ProjectIntention,
    Recommendation,
    ReviewAssignment,
    StatementOutcome,
    StatementType,
)
from aglomera.intentions.tests import samples
from aglomera.intentions.tests.builders import DURING, PipelineWorld
from aglomera.monitoring import report_tasks
from aglomera.monitoring.actions import commitments as commitment_actions
from aglomera.monitoring.actions import imports, jobs
from aglomera.monitoring.actions import progress as progress_actions
from aglomera.monitoring.actions.reports import request_report
from aglomera.monitoring.models import (
    GeneratedReport,
    GeneratedReportKind,
    ImportJob,
    Operation,
    ProgressReport,
    ReportedDecommitment,
    ReportStatus,
    ScopeRule,
    SourceLayout,
)
from aglomera.monitoring.tests.builders import operation_outside_iti
from aglomera.monitoring.tests.import_helpers import AS_OF, cz_2014_csv, cz_row
from aglomera.news import actions as news_actions
from aglomera.news.models import NewsItem, NewsPhoto
from aglomera.strategy import actions as strategy_actions
from aglomera.strategy.models import Measure, Period, Strategy, StrategyVersion
from aglomera.strategy.tests.builders import (
    StrategyBuilder,
    cycling_indicator,
    make_opole,
    make_user,
)

S = IntentionStatus
NOW = DURING  # 2025-04-15 09:00 UTC: the pipeline call is open, the per rollam vote too


class Killed(BaseException):
    """A background worker ends here (as when its process is killed)."""


def _killed(*_args: Any, **_kwargs: Any) -> Any:
    raise Killed


def _upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@dataclass
class World:
    olomouc: PipelineWorld
    opole: PipelineWorld
    strategy: Strategy  # approved, no open amendment (the tree, measure, versions, diff pages)
    version: StrategyVersion  # its approved version 1
    measure: Measure
    amendment: StrategyVersion  # a draft amendment of the pipeline strategy
    schedule: CallSchedule
    planned_call: Call
    planned_criterion: Criterion
    draft: ProjectIntention  # the applicant's, with an attachment
    draft_attachment: Attachment
    submitted: ProjectIntention  # with an attachment
    attachment: Attachment
    checked: ProjectIntention  # formal check passed: the working group reviews it
    assignment: ReviewAssignment  # of a second member to `checked`, not reviewed yet
    spare_reviewer: User  # a working-group member assigned to nothing
    recommended: ProjectIntention
    project: ProjectIntention  # in implementation, with its statement
    contractor: Contractor  # of the project
    issued: ProjectIntention  # compliance statement issued, no change asked for
    statement: ComplianceStatement
    change: ChangeRequest  # submitted, decided by the manager
    report_draft: ProgressReport
    report_submitted: ProgressReport
    meetings: Committee
    member: CommitteeMember
    newcomer: User  # holds the committee role, not yet a member of the committee
    new_applicant: User  # holds the applicant role, acts for no organisation yet
    job_queued: ImportJob
    job_done: ImportJob
    job_mapping: ImportJob
    job_stopped: ImportJob
    operation: Operation
    scope_rule: ScopeRule
    report_done: GeneratedReport
    report_stopped: GeneratedReport
    objects: dict[str, Any] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.olomouc.agglomeration.slug

    def user(self, role: Role) -> User:
        return self.olomouc.users[role]

    @property
    def other_applicant(self) -> User:
        return self.olomouc.other_applicant

    @property
    def outsider(self) -> User:
        return self.opole.users[Role.MANAGER]


def _second_strategy(world: PipelineWorld) -> Strategy:
    return (
        StrategyBuilder(world.agglomeration, world.users[Role.MANAGER], period=Period.P2014)
        .with_goal("1", "Doprava")
        .with_specific_goal("1.1", "Mobilita")
        .with_measure("1.1.1", "Cyklostezky")
        .approved()
        .build()
    )


def _planned_call(world: PipelineWorld) -> tuple[Call, Criterion]:
    call = Call.objects.create(
        agglomeration=world.agglomeration,
        strategy=world.strategy,
        number="3",
        name={"cs": "Plánovaná výzva"},
        measure_code="2.1.1",
        specific_objective=world.objective,
        allocation=Decimal("1000000.00"),
        opens_at=NOW + timedelta(days=30),
        closes_at=NOW + timedelta(days=90),
        aid_rate=Decimal("85"),
        status=CallStatus.PLANNED,
    )
    criterion = call_actions.add_criterion(
        call, {"cs": "Soulad"}, "gate", actor=world.users[Role.MANAGER]
    )
    return call, criterion


def _issued(world: PipelineWorld, name: str) -> tuple[ProjectIntention, ComplianceStatement]:
    """An intention with its initial compliance statement."""
    intention = world.intention(status=S.COMPLIANT, name=name)
    statement = statement_actions.issue_statement(
        intention,
        statement_type=StatementType.INITIAL,
        outcome=StatementOutcome.COMPLIANT,
        actor=world.users[Role.MANAGER],
        issued_on=date(2025, 4, 10),
    )
    intention.refresh_from_db()
    return intention, statement


def _project(world: PipelineWorld) -> tuple[ProjectIntention, ComplianceStatement]:
    intention, statement = _issued(world, "Mateřská škola Žerotín")
    IntentionIndicator.objects.create(
        intention=intention, indicator=cycling_indicator(), committed_value=Decimal("8")
    )
    return world.walk(intention, S.IN_IMPLEMENTATION), statement


def _progress(world: PipelineWorld, project: ProjectIntention) -> tuple[ProgressReport, ...]:
    applicant = world.users[Role.APPLICANT]
    values = {pk: "3" for pk in project.indicators.values_list("indicator_id", flat=True)}
    submitted = progress_actions.create_progress_report(
        project, period_end=date(2024, 12, 31), values=values, actor=applicant
    )
    submitted = progress_actions.move_progress_report(
        submitted, ReportStatus.SUBMITTED, actor=applicant
    )
    draft = progress_actions.create_progress_report(
        project, period_end=date(2025, 3, 31), values=values, actor=applicant
    )
    return draft, submitted


@dataclass
class Committee:
    world: CommitteeWorld
    planned: Meeting  # in person, planned, with the call's item
    call_item: AgendaItem
    voting: Meeting  # per rollam, open for votes now
    voting_item: AgendaItem
    room: Meeting  # in person, voting: one item with the room's votes, one without
    room_item: AgendaItem
    voted_item: AgendaItem


def _committee(world: PipelineWorld) -> Committee:
    cw = CommitteeWorld.create(world)
    manager = cw.manager
    planned = cw.in_person()
    call_item = cw.call_item(planned)
    voting = committee_actions.plan_meeting(
        cw.committee,
        period="2021-2027",
        form=MeetingForm.PER_ROLLAM,
        starts_at=NOW - timedelta(days=1),
        window_days=5,
        actor=manager,
    )
    voting_item = cw.other_item(voting)
    voting = transitions.transition(voting, MeetingStatus.VOTING, actor=manager, now=NOW)
    room = cw.in_person()
    room_item = cw.other_item(room, "Informace o výzvách")
    voted_item = cw.other_item(room, "Zpráva o plnění")
    committee_actions.record_attendance(
        room, {member.pk: "present" for member in cw.members.values()}, actor=manager
    )
    room = transitions.transition(room, MeetingStatus.VOTING, actor=manager, now=NOW)
    committee_actions.record_room_votes(
        voted_item, {member.pk: "yes" for member in cw.members.values()}, actor=manager
    )
    return Committee(cw, planned, call_item, voting, voting_item, room, room_item, voted_item)


def _cooperation(olomouc: PipelineWorld, opole: PipelineWorld) -> dict[str, Any]:
    """A partnership of Olomouc and Opole (so Opole's manager reads it on Opole's slug) with an
    exchange in Opole, a joint project idea, a public good-practice card of Olomouc (partners
    read it too), and what each side shares with the partnership: Olomouc its pipeline strategy
    with its dashboard and one of its two cards for partners, Opole its strategy."""
    manager = olomouc.users[Role.MANAGER]
    partnership = cooperation_actions.create_partnership(
        olomouc.agglomeration,
        [opole.agglomeration],
        cooperation_actions.PartnershipFields(
            name={"cs": "Spolupráce Olomouc–Opole"}, agreement_signed_on=date(2016, 9, 1)
        ),
        actor=manager,
    )
    exchange = cooperation_actions.create_exchange(
        partnership,
        cooperation_actions.ExchangeFields(
            kind="internship",
            host=opole.agglomeration,
            starts_on=date(2021, 8, 15),
            ends_on=date(2021, 8, 22),
            title={"cs": "Stáž v Opolí"},
        ),
        agglomeration=olomouc.agglomeration,
        actor=manager,
    )
    participant = cooperation_actions.add_participant(
        exchange,
        cooperation_actions.ParticipantFields(name="Mgr. Petr Kladivo", side=olomouc.agglomeration),
        agglomeration=olomouc.agglomeration,
        actor=manager,
    )
    exchange_photo = cooperation_actions.add_photo(
        exchange,
        _upload("foto.png", samples.png(), "image/png"),
        alt={"cs": "Foto ze stáže"},
        credit="Aglomera demo",
        agglomeration=olomouc.agglomeration,
        actor=manager,
    )
    item = cooperation_actions.add_item(
        exchange,
        cooperation_actions.ItemFields(
            title={"pl": "Centrum przesiadkowe w Gogolinie"},
            kind="site_visit",
            project_text="Centrum przesiadkowe Gogolin",
        ),
        agglomeration=olomouc.agglomeration,
        actor=manager,
    )
    card = cooperation_actions.create_good_practice(
        cooperation_actions.GoodPracticeFields(
            title={"cs": "Cyklostezky"}, tags=["doprava"], visibility="public"
        ),
        agglomeration=olomouc.agglomeration,
        actor=manager,
    )
    # what each side shares (docs/cooperation.md): Olomouc its pipeline strategy, that
    # strategy's dashboard and one card for partners, not another; Opole its strategy
    shared_card, unshared_card = (
        cooperation_actions.create_good_practice(
            cooperation_actions.GoodPracticeFields(title={"cs": title}, visibility="partners"),
            agglomeration=olomouc.agglomeration,
            actor=manager,
        )
        for title in ("Přestupní uzly", "Interní postup")
    )
    cooperation_actions.share(
        partnership,
        agglomeration=olomouc.agglomeration,
        actor=manager,
        strategies=[olomouc.strategy.pk],
        dashboards=[olomouc.strategy.pk],
        practices=[shared_card.pk],
    )
    cooperation_actions.share(
        partnership,
        agglomeration=opole.agglomeration,
        actor=opole.users[Role.MANAGER],
        strategies=[opole.strategy.pk],
    )
    idea = cooperation_actions.create_idea(
        partnership,
        cooperation_actions.IdeaFields(
            title={"cs": "Přeshraniční cyklotrasa"}, programme={"en": "Interreg Czechia–Poland"}
        ),
        agglomeration=olomouc.agglomeration,
        actor=manager,
    )
    project = cooperation_actions.create_project(
        partnership,
        cooperation_actions.ProjectFields(name={"cs": "Společně pro rozvoj aglomerací"}),
        agglomeration=olomouc.agglomeration,
        actor=manager,
    )
    return {
        "partnership": partnership,
        "cooperation_project": project,
        "exchange": exchange,
        "participant": participant,
        "exchange_photo": exchange_photo,
        "programme_item": item,
        "good_practice": card,
        "shared_card": shared_card,
        "unshared_card": unshared_card,
        "idea": idea,
    }


def _news(world: PipelineWorld, meetings: Committee) -> dict[str, Any]:
    """A draft and a published news item, each with a photo, and a closed meeting whose
    resolution can become news."""
    manager = world.users[Role.MANAGER]
    agglomeration = world.agglomeration

    def item(title: str) -> tuple[NewsItem, NewsPhoto]:
        news = news_actions.create_news_item(
            agglomeration,
            news_actions.NewsFields(title={"cs": title}, lead={"cs": "Perex"}),
            actor=manager,
        )
        photo = news_actions.add_photo(
            news,
            _upload("foto.png", samples.png(), "image/png"),
            alt={"cs": "Foto"},
            credit="Aglomera demo",
            actor=manager,
        )
        return news, photo

    draft, draft_photo = item("Koncept zprávy")
    published, public_photo = item("Zveřejněná zpráva")
    news_actions.publish_now(published, actor=manager)
    cw = meetings.world
    closed = cw.in_person()
    decided = cw.other_item(closed, "Výroční zpráva")
    committee_actions.record_attendance(
        closed, {member.pk: "present" for member in cw.members.values()}, actor=manager
    )
    closed = transitions.transition(closed, MeetingStatus.VOTING, actor=manager, now=NOW)
    committee_actions.record_room_votes(
        decided, {member.pk: "yes" for member in cw.members.values()}, actor=manager
    )
    committee_actions.decide_item(decided, actor=manager, now=NOW)
    closed = transitions.transition(closed, MeetingStatus.CLOSED, actor=manager, now=NOW)
    return {
        "news_draft": draft,
        "news_draft_photo": draft_photo,
        "news_published": published,
        "news_public_photo": public_photo,
        "closed_meeting": closed,
    }


def list_csv(rows: int) -> bytes:
    """A Czech 2014-2020 list of operations with `rows` operations outside the strategy."""
    numbers = (f"CZ.06.2.56/0.0/0.0/16_043/{n:07d}" for n in range(1, rows + 1))
    return cz_2014_csv(*(cz_row(number) for number in numbers)).encode()


def _start_import(
    world: PipelineWorld, *, layout: str = SourceLayout.CZ_2014, source: str = "ŘO IROP"
) -> ImportJob:
    return imports.start_import(
        world.agglomeration,
        File(BytesIO(list_csv(3)), name="list.csv"),
        file_name="list.csv",
        source_name=source,
        layout=layout,
        as_of=AS_OF,
        enqueue=False,
        actor=world.users[Role.MANAGER],
    )


def _stopped(job: Any, run: Callable[[], Any]) -> None:
    """Run a job whose worker dies; then its lease runs out and it is marked failed."""
    try:
        run()
    except Killed:
        pass
    else:
        raise AssertionError("the worker was meant to stop")
    job.refresh_from_db()
    jobs.expire_stale_jobs(now=job.lease_expires_at + timedelta(seconds=1))
    job.refresh_from_db()


def _imports(world: PipelineWorld) -> tuple[ImportJob, ImportJob, ImportJob, ImportJob]:
    manager = world.users[Role.MANAGER]
    queued = _start_import(world)
    done = imports.run_import(_start_import(world), actor=manager)
    mapping = _start_import(world, layout=SourceLayout.CUSTOM, source="Vlastní seznam")
    stopped = _start_import(world)
    _stopped(stopped, lambda: imports.run_import(stopped, actor=manager, progress=_killed))
    return queued, done, mapping, stopped


def _reports(world: PipelineWorld) -> tuple[GeneratedReport, GeneratedReport]:
    manager = world.users[Role.MANAGER]
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = request_report(
            world.agglomeration, kind=GeneratedReportKind.OPERATIONS, actor=manager
        )
    done.refresh_from_db()
    stopped = request_report(
        world.agglomeration, kind=GeneratedReportKind.OPERATIONS, actor=manager
    )
    with mock.patch.object(report_tasks, "render_report", _killed):
        _stopped(stopped, lambda: report_tasks.generate_report.call(stopped.pk))
    return done, stopped


def _decommitment(world: PipelineWorld, opole: PipelineWorld) -> ReportedDecommitment:
    """IROP's tranches as Olomouc and Opole each keep them (programmes are shared), and a
    decommitment of its 2021 tranche in Olomouc."""
    manager = world.users[Role.MANAGER]
    programme = world.objective.programme
    fund = world.objective.fund
    for each in (world, opole):
        commitment_actions.set_programme_financing(
            each.agglomeration,
            programme=programme,
            fund=fund,
            region_category="less_developed",
            tranches={2021: "1000", 2022: "1000"},
            pre_financing={},
            actor=each.users[Role.MANAGER],
        )
    return commitment_actions.record_decommitment(
        world.agglomeration,
        programme=programme,
        fund=fund,
        tranche_year=2021,
        amount="1",
        decided_on=date(2025, 2, 1),
        reference="MMR",
        actor=manager,
    )


def build() -> World:
    """Build the world (call it with the clock frozen at NOW and the database unblocked)."""
    olomouc = PipelineWorld.create()
    opole = PipelineWorld.create(make_opole())
    committee_actions.ensure_committee(
        opole.agglomeration,
        name={"pl": "Rada"},
        quorum=Decimal("0.5"),
        majority="of_voting",
        actor=opole.users[Role.MANAGER],
    )
    manager = olomouc.users[Role.MANAGER]
    applicant = olomouc.users[Role.APPLICANT]

    strategy = _second_strategy(olomouc)
    version = strategy.versions.get()
    measure = Measure.objects.get(version=version, code="1.1.1")
    amendment = strategy_actions.start_amendment(olomouc.strategy, "Přesun", actor=manager)
    schedule = call_actions.create_schedule(olomouc.agglomeration, 2025, actor=manager)
    planned_call, criterion = _planned_call(olomouc)

    draft = olomouc.draft(name="Mateřská škola Hodolany")
    draft_attachment = submission_actions.add_attachment(
        draft, _upload("studie.pdf", samples.pdf(), "application/pdf"), actor=applicant
    )
    submitted = olomouc.draft(name="Mateřská škola Nemilany")
    submitted_attachment = submission_actions.add_attachment(
        submitted, _upload("rozpocet.pdf", samples.pdf(), "application/pdf"), actor=applicant
    )
    submitted = olomouc.walk(submitted, S.SUBMITTED, now=NOW)
    evaluation_actions.record_formal_check(
        submitted,
        {item.pk: evaluation_actions.CheckAnswer(passed=True) for item in olomouc.checklist},
        actor=olomouc.users[Role.COORDINATOR],
    )
    submitted.refresh_from_db()
    checked = olomouc.intention(status=S.FORMAL_CHECK_PASSED)
    olomouc.assign(checked)
    second_reviewer = make_user(
        "olomouc-working-group-2", (olomouc.agglomeration, Role.WORKING_GROUP)
    )
    (assignment,) = olomouc.assign(checked, second_reviewer)
    gate, readiness, efficiency = olomouc.criteria
    evaluation_actions.save_review(
        checked,
        actor=olomouc.users[Role.WORKING_GROUP],
        gates={gate.pk: True},
        points={readiness.pk: 8, efficiency.pk: 6},
        recommendation=Recommendation.RECOMMEND,
    )
    recommended = olomouc.intention(status=S.RECOMMENDED)
    project, statement = _project(olomouc)
    issued, _statement = _issued(olomouc, "Mateřská škola Topolany")
    change = change_actions.request_change(
        project,
        kinds=[ChangeKind.LOWER_SUPPORT],
        proposed={"requested_eu": Decimal("9000000.00")},
        justification="Nižší cena.",
        actor=applicant,
    )
    report_draft, report_submitted = _progress(olomouc, project)
    contractor = publication_actions.add_contractor(
        project, name="Stavby Morava s.r.o.", country="CZ", identifier="25596641", actor=manager
    )
    applicant.email = "prerov@example.org"  # the office can ask for the project's purpose
    applicant.save(update_fields=["email"])
    meetings = _committee(olomouc)
    job_queued, job_done, job_mapping, job_stopped = _imports(olomouc)
    operation = operation_outside_iti(olomouc.agglomeration)
    report_done, report_stopped = _reports(olomouc)
    decommitment = _decommitment(olomouc, opole)
    return World(
        olomouc=olomouc,
        opole=opole,
        strategy=strategy,
        version=version,
        measure=measure,
        amendment=amendment,
        schedule=schedule,
        planned_call=planned_call,
        planned_criterion=criterion,
        draft=draft,
        draft_attachment=draft_attachment,
        submitted=submitted,
        attachment=submitted_attachment,
        checked=checked,
        assignment=assignment,
        spare_reviewer=make_user(
            "olomouc-working-group-3", (olomouc.agglomeration, Role.WORKING_GROUP)
        ),
        recommended=recommended,
        project=project,
        contractor=contractor,
        issued=issued,
        statement=statement,
        change=change,
        report_draft=report_draft,
        report_submitted=report_submitted,
        meetings=meetings,
        member=meetings.world.members["plain"],
        newcomer=committee_user(olomouc, "newcomer"),
        new_applicant=make_user("olomouc-new-applicant", (olomouc.agglomeration, Role.APPLICANT)),
        job_queued=job_queued,
        job_done=job_done,
        job_mapping=job_mapping,
        job_stopped=job_stopped,
        operation=operation,
        scope_rule=ScopeRule.objects.create(agglomeration=olomouc.agglomeration, nuts3="CZ071"),
        report_done=report_done,
        report_stopped=report_stopped,
        objects={
            "decommitment": decommitment,
            **_news(olomouc, meetings),
            **_cooperation(olomouc, opole),
        },
    )

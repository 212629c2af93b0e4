"""Progress reports: the applicant writes and submits, a coordinator approves or returns with a
reason, a returned report is edited and resubmitted; validation; every transition x role."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aglomera.accounts.models import Role, User
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.intentions.models import IntentionIndicator, IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions import progress as actions
from aglomera.monitoring.models import ProgressReport, ReportStatus
from aglomera.monitoring.transitions import PROGRESS_REPORT, allowed_progress_transitions
from aglomera.strategy.models import IndicatorCode
from aglomera.strategy.tests.builders import cycling_indicator, emissions_indicator

S = IntentionStatus
R = ReportStatus
TODAY = date(2026, 6, 30)


@dataclass
class Project:
    world: PipelineWorld
    intention: ProjectIntention
    km: IndicatorCode  # committed 8 km
    emissions: IndicatorCode  # committed 30 t

    def user(self, role: Role) -> User:
        return self.world.user(role)

    @property
    def applicant(self) -> User:
        return self.world.user(Role.APPLICANT)

    def values(self, km: Any = "3.5", emissions: Any = "10") -> dict[int, Any]:
        return {self.km.pk: km, self.emissions.pk: emissions}

    def create(self, period_end: date = date(2026, 3, 31), **kwargs: Any) -> ProgressReport:
        kwargs.setdefault("values", self.values())
        kwargs.setdefault("actor", self.applicant)
        return actions.create_progress_report(
            self.intention, period_end=period_end, today=TODAY, **kwargs
        )

    def at(self, status: str, period_end: date = date(2026, 3, 31)) -> ProgressReport:
        """A report walked to `status` through the actions."""
        report = self.create(period_end)
        if status == R.DRAFT:
            return report
        report = actions.move_progress_report(report, R.SUBMITTED, actor=self.applicant)
        if status != R.SUBMITTED:
            report = actions.move_progress_report(
                report, status, actor=self.user(Role.COORDINATOR), reason="Check the km."
            )
        return report


def make_project(world: PipelineWorld | None = None, status: str = S.IN_IMPLEMENTATION) -> Project:
    world = world or PipelineWorld.create()
    km, emissions = cycling_indicator(), emissions_indicator()
    draft = world.draft()
    IntentionIndicator.objects.create(intention=draft, indicator=km, committed_value=Decimal(8))
    IntentionIndicator.objects.create(
        intention=draft, indicator=emissions, committed_value=Decimal(30)
    )
    return Project(world, world.walk(draft, status), km, emissions)


@pytest.fixture(scope="module")
def built_project(pipeline_world: PipelineWorld) -> Project:
    return make_project(pipeline_world)


@pytest.fixture
def project(db: None, built_project: Project) -> Project:
    return copy.deepcopy(built_project)


# --- writing a report ---------------------------------------------------------------------


def test_the_applicant_creates_a_draft_report_with_a_value_per_committed_indicator(
    project: Project,
) -> None:
    # When the applicant reports 3.5 km and 10 t
    report = project.create(narrative="  First stretch built.  ")
    # Then a draft is saved with both values and an audit event
    assert report.status == R.DRAFT
    assert report.narrative == "First stretch built."
    assert dict(report.values.values_list("indicator__code", "achieved")) == {
        "T-CYKLO": Decimal("3.5"),
        "T-EMISE": Decimal("10"),
    }
    event = AuditEvent.objects.get(code="monitoring.progress_report.created")
    assert event.after["values"] == {str(project.km.pk): "3.5", str(project.emissions.pk): "10"}


@pytest.mark.parametrize(
    "status", [S.LEGAL_ACT, S.IN_IMPLEMENTATION, S.PHYSICALLY_COMPLETED, S.SUSTAINABILITY]
)
def test_a_report_needs_a_project_in_implementation_or_later(
    db: None, pipeline_world: PipelineWorld, status: str
) -> None:
    project = make_project(copy.deepcopy(pipeline_world), status=status)
    if status == S.LEGAL_ACT:
        with pytest.raises(ValidationError) as error:
            project.create()
        assert "once the project is in implementation" in error.value.messages[0]
    else:
        assert project.create().status == R.DRAFT


@pytest.mark.parametrize(
    ("km", "message"),
    [
        ("-1", "An achieved value cannot be negative."),
        ("abc", "Enter a number, for example 12.5."),
        ("NaN", "Enter a number, for example 12.5."),
        (None, "Enter the value achieved so far, for example 12.5 (0 if none)."),
        ("1.2345", "Use at most three decimal places."),
        ("1e20", "The value is too large."),
    ],
)
def test_bad_values_are_refused_with_the_message_on_their_field(
    project: Project, km: Any, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        project.create(values=project.values(km=km))
    assert error.value.message_dict == {f"indicator_{project.km.pk}": [message]}
    assert not ProgressReport.objects.exists()


def test_a_decimal_comma_is_read_as_a_decimal_point(project: Project) -> None:
    report = project.create(values=project.values(km="2,5", emissions=Decimal("0")))
    assert report.values.get(indicator=project.km).achieved == Decimal("2.5")


def test_a_missing_value_and_an_uncommitted_indicator_are_refused(project: Project) -> None:
    # Given an indicator the project did not commit
    other = IndicatorCode.objects.create(
        code="T-OTHER", kind="output", source="national", name={"en": "Other"}, unit="pcs"
    )
    # When the applicant leaves out emissions and reports the other one
    with pytest.raises(ValidationError) as error:
        project.create(values={project.km.pk: "1", other.pk: "3"})
    # Then both are explained
    assert error.value.message_dict == {
        f"indicator_{other.pk}": [
            "This project has not committed this indicator; report only its own ones."
        ],
        f"indicator_{project.emissions.pk}": [
            "Enter the value of T-EMISE achieved so far (0 if nothing yet)."
        ],
    }


def test_the_period_may_not_end_in_the_future_nor_twice(project: Project) -> None:
    with pytest.raises(ValidationError) as error:
        project.create(period_end=date(2026, 7, 1))
    assert error.value.message_dict["period_end"] == [
        "The period cannot end in the future; report what was achieved by today."
    ]
    with pytest.raises(ValidationError) as error:
        project.create(period_end="2026-01-01")  # type: ignore[arg-type]
    assert error.value.message_dict["period_end"] == ["Enter the date the reported period ends."]
    project.create(period_end=date(2026, 3, 31))
    with pytest.raises(ValidationError) as error:
        project.create(period_end=date(2026, 3, 31))
    assert error.value.message_dict["period_end"] == [
        "There is already a report for the period ending 2026-03-31."
    ]


def test_an_overlong_narrative_is_refused(project: Project) -> None:
    with pytest.raises(ValidationError) as error:
        project.create(narrative="x" * 10001)
    assert list(error.value.message_dict) == ["narrative"]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.AUDITOR])
def test_only_the_projects_applicant_writes_reports(project: Project, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        project.create(actor=project.user(role))
    with pytest.raises(PermissionDenied):
        project.create(actor=project.world.other_applicant)


# --- the approval flow --------------------------------------------------------------------


def test_submit_return_edit_resubmit_approve(project: Project) -> None:
    # Given a submitted report
    report = project.at(R.SUBMITTED)
    coordinator = project.user(Role.COORDINATOR)
    assert allowed_progress_transitions(report, coordinator) == [R.APPROVED, R.RETURNED]
    assert allowed_progress_transitions(report, project.applicant) == []
    # When the coordinator returns it without a reason
    with pytest.raises(ValidationError) as error:
        actions.move_progress_report(report, R.RETURNED, actor=coordinator, reason="  ")
    # Then the reason is asked for
    assert list(error.value.message_dict) == ["reason"]
    # When with a reason
    report = actions.move_progress_report(
        report, R.RETURNED, actor=coordinator, reason="The km look too high."
    )
    assert report.status == R.RETURNED
    # Then a submitted report can no longer be edited, but a returned one can
    report = actions.update_progress_report(
        report,
        period_end=date(2026, 3, 31),
        narrative="Corrected.",
        values=project.values(km="3"),
        actor=project.applicant,
        today=TODAY,
    )
    assert report.values.get(indicator=project.km).achieved == Decimal("3")
    assert AuditEvent.objects.filter(code="monitoring.progress_report.updated").count() == 1
    # And resubmitted and approved
    report = actions.move_progress_report(report, R.SUBMITTED, actor=project.applicant)
    report = actions.move_progress_report(report, R.APPROVED, actor=coordinator)
    assert report.status == R.APPROVED
    steps = list(StatusChange.objects.filter(workflow="monitoring.progress_report"))
    assert [(s.old_status, s.new_status) for s in steps] == [
        (R.DRAFT, R.SUBMITTED),
        (R.SUBMITTED, R.RETURNED),
        (R.RETURNED, R.SUBMITTED),
        (R.SUBMITTED, R.APPROVED),
    ]
    assert steps[1].reason == "The km look too high."


@pytest.mark.parametrize("status", [R.SUBMITTED, R.APPROVED])
def test_submitted_and_approved_reports_are_not_edited(project: Project, status: str) -> None:
    report = project.at(status)
    with pytest.raises(ValidationError) as error:
        actions.update_progress_report(
            report,
            period_end=date(2026, 3, 31),
            values=project.values(),
            actor=project.applicant,
            today=TODAY,
        )
    assert error.value.code == "not_editable"


def test_an_edit_may_keep_its_own_period_but_not_take_anothers(project: Project) -> None:
    project.at(R.APPROVED, date(2025, 12, 31))
    report = project.at(R.DRAFT, date(2026, 3, 31))
    with pytest.raises(ValidationError) as error:
        actions.update_progress_report(
            report,
            period_end=date(2025, 12, 31),
            values=project.values(),
            actor=project.applicant,
            today=TODAY,
        )
    assert list(error.value.message_dict) == ["period_end"]


ACTORS = [role.value for role in Role] + ["other_applicant"]
STATES = [R.DRAFT, R.SUBMITTED, R.RETURNED, R.APPROVED]
TARGETS = [R.SUBMITTED, R.APPROVED, R.RETURNED]


@pytest.mark.parametrize("to", TARGETS)
@pytest.mark.parametrize("start", STATES)
def test_every_transition_for_every_role(project: Project, start: str, to: str) -> None:
    """Allowed: (from, to) is in the table and the actor holds its permission for the report
    (the applicant for its own organisation; manager and coordinator to decide)."""
    perm = PROGRESS_REPORT.permission(start, to)
    for index, who in enumerate(ACTORS):
        report = project.at(start, date(2026, 1, 1 + index))
        actor = (
            project.world.other_applicant if who == "other_applicant" else project.user(Role(who))
        )
        holds = actor.has_perm(
            actions.APPROVE if to in (R.APPROVED, R.RETURNED) else actions.REPORT, report
        )
        expected_holders = (
            {Role.MANAGER.value, Role.COORDINATOR.value}
            if to in (R.APPROVED, R.RETURNED)
            else {Role.APPLICANT.value}
        )
        assert holds == (who in expected_holders)
        if not holds:
            with pytest.raises(PermissionDenied):
                actions.move_progress_report(report, to, actor=actor, reason="why")
        elif perm is None:
            with pytest.raises(TransitionNotAllowed):
                actions.move_progress_report(report, to, actor=actor, reason="why")
        else:
            moved = actions.move_progress_report(report, to, actor=actor, reason="why")
            assert moved.status == to

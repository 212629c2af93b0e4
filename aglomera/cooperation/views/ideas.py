"""Joint project ideas under /app/<slug>/cooperation/: an idea's page (its sides, its status with
the history, the steps the reader may take with a reason box, the comments), adding and editing
an idea (the three languages side by side, per side its measure and budget), taking a step and
commenting. Only members of the idea's partnership see it: everybody else gets 404. Views parse,
authorize, call one action or query and render; they never write to the ORM."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation import actions, merge, queries
from aglomera.cooperation.actions.ideas import fields_snapshot, side_key
from aglomera.cooperation.actions.ideas import snapshot as idea_snapshot
from aglomera.cooperation.forms.ideas import (
    INTERREG_CZ_PL,
    IdeaCommentForm,
    IdeaForm,
    IdeaStepForm,
    NewIdeaForm,
)
from aglomera.cooperation.models import IdeaStatus, JointIdea, Partnership
from aglomera.core.amounts import format_amount
from aglomera.core.language_pairs import mark_stale
from aglomera.core.once import form_token
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.core.views.forms import add_action_errors, submit_action_form
from aglomera.strategy.models import Measure

# What each step's button says.
STEP_LABELS: dict[str, Promise] = {
    IdeaStatus.IDEA: gettext_lazy("Back to an idea"),
    IdeaStatus.CONCEPT: gettext_lazy("Make it a concept"),
    IdeaStatus.SUBMITTED: gettext_lazy("Mark as submitted to the programme"),
    IdeaStatus.APPROVED: gettext_lazy("Mark as approved"),
    IdeaStatus.NOT_APPROVED: gettext_lazy("Mark as not approved"),
}


def _detail_page(
    request: TenantRequest,
    pk: int,
    *,
    step_form: IdeaStepForm | None = None,
    comment_form: IdeaCommentForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    page = queries.idea_page(agglomeration, pk, request.user)
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return render(
        request,
        "cooperation/idea.html",
        {
            "agglomeration": agglomeration,
            "page": page,
            "idea": page.idea,
            "partnership": page.idea.partnership,
            "steps": [(str(step), STEP_LABELS[step]) for step in page.steps],
            "step_form": step_form or IdeaStepForm(),
            "comment_form": comment_form or IdeaCommentForm(initial={"written_in": language}),
            "can_manage": request.tenant.can("cooperation.manage"),
            "can_comment": request.tenant.can("cooperation.comment"),
            "error": error,
        },
        status=status,
    )


@tenant_view("cooperation.view")
def idea_detail(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    return _detail_page(request, pk)


@login_required
@require_POST
@tenant_view("cooperation.manage")
def idea_step(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    idea = queries.get_idea(agglomeration, pk)
    form = IdeaStepForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, pk, step_form=form, status=422)
    try:
        idea = actions.step_idea(
            idea,
            form.cleaned_data["to"],
            agglomeration=agglomeration,
            actor=request.user,
            reason=form.cleaned_data.get("reason") or "",
            expected_revision=form.cleaned_data.get("revision"),
        )
    except ValidationError as exc:
        add_action_errors(form, exc)
        return _detail_page(request, pk, step_form=form, status=422)
    except TransitionNotAllowed:
        return _detail_page(
            request, pk, error=_("You cannot take this step on this idea now."), status=422
        )
    messages.success(
        request, _("The idea is now: %(status)s.") % {"status": idea.get_status_display()}
    )
    return redirect("cooperation:idea", slug=slug, pk=pk)


@login_required
@require_POST
@tenant_view("cooperation.comment")
def idea_comment(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    idea = queries.get_idea(agglomeration, pk)
    form = IdeaCommentForm(request.POST)
    if submit_action_form(
        request,
        form,
        "cooperation.comment",
        agglomeration,
        lambda data: actions.comment_idea(
            idea,
            data["text"],
            agglomeration=agglomeration,
            actor=request.user,
            written_in=data["written_in"],
            form_token=form_token(form),
        ),
    ):
        messages.success(request, _("Your comment is saved; both offices are told."))
        return redirect("cooperation:idea", slug=slug, pk=pk)
    return _detail_page(request, pk, comment_form=form, status=422)


# ---- the form ---------------------------------------------------------------------------------


def _choices(
    members: list[Agglomeration],
    idea: JointIdea | None,
    reader: Agglomeration,
    partnership: Partnership,
) -> dict[int, QuerySet[Measure]]:
    """Each side's measures; another member's only from the strategies it shares with us."""
    chosen = {side.agglomeration_id: side.measure_id for side in idea.sides.all()} if idea else {}
    return {
        member.pk: queries.measure_choices(
            member, chosen.get(member.pk), reader=reader, partnership=partnership
        )
        for member in members
    }


def _fields(data: dict[str, Any], members: list[Agglomeration]) -> actions.IdeaFields:
    return actions.IdeaFields(
        title=data["title"],
        summary=data.get("summary") or {},
        fit=data.get("fit") or {},
        programme=data.get("programme") or {},
        priority=data.get("priority") or {},
        sides=[
            actions.SideFields(
                agglomeration=member,
                measure=data.get(side_key("measure", member.pk)),
                amount=data.get(side_key("amount", member.pk)),
                currency=data.get(side_key("currency", member.pk)) or "",
                basis=data.get(side_key("basis", member.pk)) or "",
            )
            for member in members
        ],
    )


def _form_page(
    request: TenantRequest,
    partnership: Partnership,
    form: IdeaForm,
    idea: JointIdea | None,
    **more: Any,
) -> HttpResponse:
    return render(
        request,
        "cooperation/idea_form.html",
        {
            "agglomeration": request.tenant.agglomeration,
            "partnership": partnership,
            "form": form,
            "idea": idea,
            **more,
        },
        status=422 if form.errors else 200,
    )


@tenant_view("cooperation.manage")
@require_http_methods(["GET", "POST"])
def idea_new(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    partnership = queries.partnership_of(agglomeration, pk)
    members = queries.partnership_members(partnership)
    form = NewIdeaForm(
        request.POST or None,
        members=members,
        measures=_choices(members, None, agglomeration, partnership),
        initial={"programme": INTERREG_CZ_PL},
    )
    created: list[JointIdea] = []
    if submit_action_form(
        request,
        form,
        "cooperation.manage",
        agglomeration,
        lambda data: created.append(
            actions.create_idea(
                partnership,
                _fields(data, members),
                agglomeration=agglomeration,
                actor=request.user,
                form_token=form_token(form),
            )
        ),
    ):
        messages.success(request, _("The joint idea is saved."))
        return redirect("cooperation:idea", slug=slug, pk=created[0].pk)
    return _form_page(request, partnership, form, None)


def _initial(idea: JointIdea) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "title": idea.title,
        "summary": idea.summary,
        "fit": idea.fit,
        "programme": idea.programme,
        "priority": idea.priority,
        "revision": idea.revision,
    }
    for side in idea.sides.all():
        pk = side.agglomeration_id
        initial[side_key("measure", pk)] = side.measure_id
        initial[side_key("amount", pk)] = side.amount
        initial[side_key("currency", pk)] = side.currency
        initial[side_key("basis", pk)] = side.basis
    return initial


@tenant_view("cooperation.manage")
@require_http_methods(["GET", "POST"])
def idea_edit(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    idea = queries.get_idea(agglomeration, pk)
    partnership = idea.partnership
    members = queries.partnership_members(partnership)
    measures = _choices(members, idea, agglomeration, partnership)
    form = IdeaForm(
        request.POST or None, initial=_initial(idea), members=members, measures=measures
    )
    mark_stale(form, idea.text_changed, queries.idea_texts(idea))
    if submit_action_form(
        request,
        form,
        "cooperation.manage",
        agglomeration,
        lambda data: actions.update_idea(
            idea,
            _fields(data, members),
            agglomeration=agglomeration,
            actor=request.user,
            expected_revision=data.get("revision"),
        ),
    ):
        messages.success(request, _("The joint idea is saved."))
        return redirect("cooperation:idea", slug=slug, pk=pk)
    if not merge.is_stale(form):
        return _form_page(request, partnership, form, idea)
    # Refused: merge the typed input with the version saved meanwhile (docs/cooperation.md).
    current = queries.get_idea(agglomeration, pk)
    names = {
        "measure": {
            measure.pk: f"{measure.code} {measure.name}"
            for queryset in measures.values()
            for measure in queryset
        }
    }
    merged = merge.merged_page(
        form,
        current,
        base=queries.idea_as_of(current, form.cleaned_data["revision"]),
        mine=fields_snapshot(_fields(form.cleaned_data, members)),
        theirs=idea_snapshot(current),
        texts=queries.idea_texts(current),
        shape=merge.idea_shape(members),
        names=names,
        local=lambda data: _local_amounts(data, members),
    )
    return _form_page(request, partnership, form, idea, **merged)


def _local_amounts(data: dict[str, str], members: list[Agglomeration]) -> dict[str, str]:
    """The merged budgets as the reader types them ("4 300 000,00"), not as stored."""
    for member in members:
        key = side_key("amount", member.pk)
        if data.get(key):
            data[key] = format_amount(Decimal(data[key]))
    return data

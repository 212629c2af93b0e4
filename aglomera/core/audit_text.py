"""What an audit event says, as a sentence in the reader's language.

`aglomera.core.audit.record` stores a code such as `intentions.review.submitted`; the log shows
"Alice Nováková submitted a review of Cyklostezka Olomouc" instead, translated when it is read,
never when it was written. Every code the product writes has a sentence here:

- `SENTENCES`: one sentence per code written literally by an action;
- `FAMILIES`: codes written as a prefix plus a value (`calls.call.modified.<kind>`);
- `WORKFLOW_SENTENCES`: the steps of every workflow (`<workflow name>.<new status>`, written by
  `aglomera.core.transitions`), one sentence per workflow naming the new status by its label.

`tests/test_audit_text.py` reads the source and fails when a code has no sentence. A code that is
not known (rows written by an older version) still reads as a sentence (`UNKNOWN`), never as
the code. Placeholders: %(actor)s, %(object)s and, for workflow steps, %(status)s.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Promise] = {
    # Organisations
    "agglomerations.organisation.registered": _("%(actor)s registered the organisation %(object)s"),
    "agglomerations.organisation.registered_by_applicant": _(
        "%(actor)s registered the organisation %(object)s while applying"
    ),
    "agglomerations.organisation.edited": _("%(actor)s edited the organisation %(object)s"),
    "agglomerations.organisation.merge": _(
        "%(actor)s merged a duplicate organisation into %(object)s"
    ),
    # People and roles
    "accounts.user.created": _("%(actor)s created the user account %(object)s"),
    "agglomerations.membership.granted": _("%(actor)s granted a role to %(object)s"),
    "agglomerations.membership.revoked": _("%(actor)s revoked a role of %(object)s"),
    "accounts.api_token.issued": _("%(actor)s issued an API token to %(object)s"),
    # Calls
    "calls.call.created": _("%(actor)s created the call %(object)s"),
    "calls.call.updated": _("%(actor)s edited the call %(object)s"),
    "calls.criterion.added": _("%(actor)s added an evaluation criterion to the call %(object)s"),
    "calls.criterion.removed": _(
        "%(actor)s removed an evaluation criterion from the call %(object)s"
    ),
    "calls.checklist_item.added": _("%(actor)s added a formal-check item to the call %(object)s"),
    "calls.checklist_item.removed": _(
        "%(actor)s removed a formal-check item from the call %(object)s"
    ),
    "calls.attachment_kind.added": _(
        "%(actor)s added a required attachment to the call %(object)s"
    ),
    "calls.attachment_kind.removed": _(
        "%(actor)s removed a required attachment from the call %(object)s"
    ),
    "calls.schedule.created": _("%(actor)s created the call schedule %(object)s"),
    "calls.schedule.approved": _("%(actor)s approved the call schedule %(object)s"),
    # Steering committee
    "committee.committee.saved": _("%(actor)s saved the rules of the committee %(object)s"),
    "committee.member.added": _("%(actor)s added %(object)s to the committee"),
    "committee.member.updated": _("%(actor)s changed the committee membership of %(object)s"),
    "committee.meeting.planned": _("%(actor)s planned the meeting %(object)s"),
    "committee.meeting.attendance": _("%(actor)s recorded the attendance at meeting %(object)s"),
    "committee.item.added": _("%(actor)s added the agenda item %(object)s"),
    "committee.item.proposals_set": _("%(actor)s set the proposals of the agenda item %(object)s"),
    "committee.conflict.declared": _("%(actor)s declared a conflict of interest: %(object)s"),
    "committee.vote.cast": _("%(actor)s cast a vote: %(object)s"),
    "committee.vote.recorded": _("%(actor)s recorded the votes on the agenda item %(object)s"),
    "committee.resolution.adopted": _("%(actor)s recorded the adopted resolution %(object)s"),
    "committee.resolution.not_adopted": _(
        "%(actor)s recorded that the resolution %(object)s was not adopted"
    ),
    # News of the public portal
    "news.item.created": _("%(actor)s wrote the news item %(object)s"),
    "news.item.edited": _("%(actor)s edited the news item %(object)s"),
    "news.item.from_meeting": _(
        "%(actor)s drafted the news item %(object)s from a committee meeting's resolutions"
    ),
    "news.item.from_exchange": _(
        "%(actor)s made the news item %(object)s from an exchange of a cross-border partnership"
    ),
    "news.photo.added": _("%(actor)s added a photo to the news item %(object)s"),
    "news.photo.removed": _("%(actor)s removed a photo from the news item %(object)s"),
    "news.tag.created": _("%(actor)s created the news tag %(object)s"),
    # Cross-border cooperation
    "cooperation.partnership.created": _("%(actor)s recorded the partnership %(object)s"),
    "cooperation.partnership.edited": _("%(actor)s edited the partnership %(object)s"),
    "cooperation.project.created": _("%(actor)s recorded the cooperation project %(object)s"),
    "cooperation.project.edited": _("%(actor)s edited the cooperation project %(object)s"),
    "cooperation.budget.set": _(
        "%(actor)s set a partner's budget in the cooperation project %(object)s"
    ),
    "cooperation.exchange.created": _("%(actor)s recorded the exchange %(object)s"),
    "cooperation.exchange.edited": _("%(actor)s edited the exchange %(object)s"),
    "cooperation.exchange.participant_added": _(
        "%(actor)s added a participant to the exchange %(object)s"
    ),
    "cooperation.exchange.participant_removed": _(
        "%(actor)s removed a participant from the exchange %(object)s"
    ),
    "cooperation.exchange.photo_added": _("%(actor)s added a photo to the exchange %(object)s"),
    "cooperation.exchange.photo_removed": _(
        "%(actor)s removed a photo from the exchange %(object)s"
    ),
    "cooperation.exchange.item_added": _(
        "%(actor)s added an item to the programme of the exchange %(object)s"
    ),
    "cooperation.exchange.item_removed": _(
        "%(actor)s removed an item from the programme of the exchange %(object)s"
    ),
    "cooperation.sharing.changed": _(
        "%(actor)s changed what the office shares with the partnership %(object)s"
    ),
    "cooperation.exchange.published_as_news": _(
        "%(actor)s published the exchange %(object)s as news on the partners' portals"
    ),
    "cooperation.good_practice.created": _("%(actor)s recorded the good-practice card %(object)s"),
    "cooperation.good_practice.edited": _("%(actor)s edited the good-practice card %(object)s"),
    "cooperation.joint_idea.created": _("%(actor)s recorded the joint project idea %(object)s"),
    "cooperation.joint_idea.edited": _("%(actor)s edited the joint project idea %(object)s"),
    "cooperation.joint_idea.commented": _(
        "%(actor)s commented on the joint project idea %(object)s"
    ),
    # Project intentions
    "intentions.intention.created": _("%(actor)s created the project intention %(object)s"),
    "intentions.intention.updated": _("%(actor)s edited the project intention %(object)s"),
    "intentions.intention.changed": _("%(actor)s applied an approved change to %(object)s"),
    "intentions.intention.managing_authority": _(
        "%(actor)s recorded the managing authority's registration of %(object)s"
    ),
    "intentions.attachment.added": _("%(actor)s attached a file to %(object)s"),
    "intentions.attachment.deleted": _("%(actor)s deleted an attachment of %(object)s"),
    "intentions.formal_check.recorded": _("%(actor)s recorded the formal check of %(object)s"),
    "intentions.review.submitted": _("%(actor)s submitted a review of %(object)s"),
    "intentions.reviewer.assigned": _("%(actor)s assigned a reviewer to %(object)s"),
    "intentions.reviewer.unassigned": _("%(actor)s withdrew a reviewer's assignment to %(object)s"),
    "intentions.statement.issued": _("%(actor)s issued the compliance statement %(object)s"),
    "intentions.change_request.created": _("%(actor)s requested a change: %(object)s"),
    "intentions.competence_rule.changed": _("%(actor)s changed who decides on changes: %(object)s"),
    "intentions.publication.updated": _("%(actor)s updated the published details of %(object)s"),
    "intentions.contractor.added": _("%(actor)s added a contractor to %(object)s"),
    "intentions.contractor.removed": _("%(actor)s removed a contractor from %(object)s"),
    # Monitoring
    "monitoring.art49.first_published": _(
        "%(actor)s published the list of operations (Art. 49) for the first time"
    ),
    "monitoring.art49.details_requested": _(
        "%(actor)s asked applicants for details missing from the list of operations (Art. 49)"
    ),
    "monitoring.decommitment.recorded": _("%(actor)s recorded a decommitment: %(object)s"),
    "monitoring.decommitment.removed": _("%(actor)s removed a decommitment: %(object)s"),
    "monitoring.import.queued": _("%(actor)s uploaded the list of operations %(object)s"),
    "monitoring.import.written": _("%(actor)s imported the list of operations %(object)s"),
    "monitoring.summary.rebuilt": _("%(actor)s rebuilt the monitoring summary of %(object)s"),
    "monitoring.source.mapped": _("%(actor)s mapped the columns of the source %(object)s"),
    "monitoring.operation.linked": _("%(actor)s linked the operation %(object)s to an intention"),
    "monitoring.intervention_field.set": _("%(actor)s set the type of intervention %(object)s"),
    "monitoring.intervention_field.cleared": _(
        "%(actor)s cleared the type of intervention %(object)s"
    ),
    "monitoring.list_schedule.set": _(
        "%(actor)s set how often the list of operations is published"
    ),
    "monitoring.payment_forecast.set": _("%(actor)s set the payment forecast of %(object)s"),
    "monitoring.programme_financing.set": _("%(actor)s set the financing of %(object)s"),
    "monitoring.programme_financing.removed": _("%(actor)s removed the financing of %(object)s"),
    "monitoring.progress_report.created": _("%(actor)s wrote the progress report %(object)s"),
    "monitoring.progress_report.updated": _("%(actor)s edited the progress report %(object)s"),
    "monitoring.report.requested": _("%(actor)s requested the report %(object)s"),
    "monitoring.scope_rule.added": _("%(actor)s added the import scope rule %(object)s"),
    "monitoring.scope_rule.deleted": _("%(actor)s deleted the import scope rule %(object)s"),
    # Strategy
    "strategy.strategy.created": _("%(actor)s created the strategy %(object)s"),
    "strategy.amendment.started": _("%(actor)s started the amendment %(object)s"),
    "strategy.goal.added": _("%(actor)s added the goal %(object)s"),
    "strategy.specific_goal.added": _("%(actor)s added the specific goal %(object)s"),
    "strategy.measure.added": _("%(actor)s added the measure %(object)s"),
    "strategy.measure.changed": _("%(actor)s changed the measure %(object)s"),
    "strategy.plan_line.set": _("%(actor)s set the financial plan line %(object)s"),
    "strategy.plan_line.moved": _("%(actor)s moved the financial plan line %(object)s"),
    "strategy.indicator.set": _("%(actor)s set the indicator values %(object)s"),
    "strategy.indicator_code.added": _("%(actor)s added the national indicator %(object)s"),
    "strategy.solution.saved": _("%(actor)s saved the integrated solution %(object)s"),
    "strategy.exchange_rate.set": _("%(actor)s set the exchange rate %(object)s"),
    "strategy.office_role.set": _("%(actor)s set the role of the office %(object)s"),
}

# Codes written as a prefix plus a value; the value is named by the object's own fields.
FAMILIES: dict[str, Promise] = {
    "calls.call.modified.": _("%(actor)s changed the announced call %(object)s"),
}

# `<workflow>.<new status>`: written by every step of the workflow (core.transitions).
WORKFLOW_SENTENCES: dict[str, Promise] = {
    "calls.call": _("%(actor)s moved the call %(object)s to “%(status)s”"),
    "cooperation.joint_idea": _(
        "%(actor)s moved the joint project idea %(object)s to “%(status)s”"
    ),
    "committee.meeting": _("%(actor)s moved the meeting %(object)s to “%(status)s”"),
    "committee.item": _("%(actor)s moved the agenda item %(object)s to “%(status)s”"),
    "intentions.intention": _("%(actor)s moved the project intention %(object)s to “%(status)s”"),
    "intentions.change_request": _("%(actor)s moved the change request %(object)s to “%(status)s”"),
    "monitoring.import": _("%(actor)s moved the import %(object)s to “%(status)s”"),
    "monitoring.report": _("%(actor)s moved the report %(object)s to “%(status)s”"),
    "monitoring.progress_report": _(
        "%(actor)s moved the progress report %(object)s to “%(status)s”"
    ),
    "news.item": _("%(actor)s moved the news item %(object)s to “%(status)s”"),
    "strategy.version": _("%(actor)s moved the strategy version %(object)s to “%(status)s”"),
    "agglomerations.organisation": _("%(actor)s moved the organisation %(object)s to “%(status)s”"),
}

UNKNOWN = _("%(actor)s made a change to %(object)s")
UNKNOWN_WITHOUT_OBJECT = _("%(actor)s made a change")
NOBODY = _("The system")


def sentence_for(code: str) -> Promise:
    """The sentence of `code`; `UNKNOWN` for a code this version does not write."""
    if code in SENTENCES:
        return SENTENCES[code]
    for prefix, sentence in FAMILIES.items():
        if code.startswith(prefix):
            return sentence
    return WORKFLOW_SENTENCES.get(code.rpartition(".")[0], UNKNOWN)


def is_known(code: str) -> bool:
    return sentence_for(code) is not UNKNOWN


def is_step(code: str) -> bool:
    """Whether `code` is a workflow step (its sentence names the new status)."""
    return sentence_for(code) is WORKFLOW_SENTENCES.get(code.rpartition(".")[0])


def describe(code: str, *, actor: str, obj: str, status: str = "") -> str:
    """The event as a sentence in the active language. `actor` and `obj` are names ("" for
    none); `status` the label of a workflow step's new status (never its raw value)."""
    sentence = sentence_for(code)
    if sentence is UNKNOWN and not obj:
        sentence = UNKNOWN_WITHOUT_OBJECT
    values = {"actor": actor or str(NOBODY), "object": obj or "—", "status": status or "—"}
    return str(sentence) % values


AREAS: dict[str, Promise] = {
    "accounts": _("People and roles"),
    "agglomerations": _("Organisations"),
    "calls": _("Calls"),
    "committee": _("Steering committee"),
    "cooperation": _("Cooperation"),
    "intentions": _("Project intentions"),
    "monitoring": _("Monitoring"),
    "news": _("News"),
    "strategy": _("Strategy"),
}


def kind_label(sentence: Promise) -> str:
    """A sentence as a kind of event in the filter: "… submitted a review of …"."""
    return str(sentence) % {"actor": "…", "object": "…", "status": "…"}


def kinds() -> dict[str, Promise]:
    """Every kind of event the filter offers, by key: a code, a family's prefix or a workflow's
    name followed by "." (its steps)."""
    workflows = {f"{name}.": sentence for name, sentence in WORKFLOW_SENTENCES.items()}
    return {**SENTENCES, **FAMILIES, **workflows}

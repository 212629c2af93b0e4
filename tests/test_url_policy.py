"""Every URL of the site, opened by every kind of actor, answers what a hand-written policy says.

The policy below is written by hand from the domain (docs: who does what), never derived from
`aglomera/accounts/permissions.py`: it is the second opinion the permission table is checked
against. One world (tests/url_policy_world.py) is built once for this module, with an object
behind every URL kwarg; each test runs in a savepoint of it.

- GET: every URL name (and a few variants, `name@variant`) has one expected answer per actor.
  A URL without a row fails `test_every_url_has_a_policy`, so a new page must be added here.
- POST: every view that handles POST has the actors allowed to write through it. Every other
  actor is refused (302 to the login, 403, 404 or 405) and nothing is written: no row inserted,
  updated or deleted in any table, no file stored. Each allowed actor's POST does write: the
  payloads are real, so the refusals are not refusals of bad input.

One test per URL name walks all its actors, so a failure lists every cell the product answers
otherwise (actor: what it answered, what the policy says).
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from aglomera.accounts.models import Role, User
from aglomera.calls.tests.helpers import form_data as call_form
from aglomera.core.models import AuditEvent
from aglomera.intentions.tests import samples
from tests import url_policy_world as uw
from tests.url_policy_world import World

# These walks check the answer to every URL, not code paths: they run untraced (pytest-cov's
# no_cover), which saves a third of their time; the apps' own tests cover what they reach.
pytestmark = pytest.mark.no_cover

# ---- actors -----------------------------------------------------------------------------------

ACTORS = (
    "anonymous",
    "outsider",  # the manager of Opole, on Olomouc's URLs
    "applicant",  # of Přerov, whose intentions the URLs name
    "other_applicant",  # of the university, in Olomouc too
    "working_group",
    "coordinator",
    "committee",  # the chair of the steering committee
    "partner",  # partner agglomeration staff
    "auditor",
    "manager",
    "outsider_own_slug",  # the manager of Opole, on Opole's slug with Olomouc's object ids
)


def user_of(w: World, actor: str) -> User | None:
    if actor == "anonymous":
        return None
    if actor in ("outsider", "outsider_own_slug"):
        return w.outsider
    if actor == "other_applicant":
        return w.other_applicant
    if actor == "new_applicant":
        return w.new_applicant
    return w.user(Role(actor))


# ---- the URLs and the objects behind their kwargs --------------------------------------------

Target = Callable[[World], tuple[dict[str, Any], str]]


def _k(**kwargs: Callable[[World], Any]) -> Target:
    """The URL's kwargs besides the agglomeration's slug, each read from the world."""
    return lambda w: ({"slug": w.slug, **{k: f(w) for k, f in kwargs.items()}}, "")


SLUG = _k()

TARGETS: dict[str, Target] = {
    "strategy:tree": _k(pk=lambda w: w.strategy.pk),
    "strategy:measure": _k(pk=lambda w: w.strategy.pk, measure_pk=lambda w: w.measure.pk),
    "strategy:versions": _k(pk=lambda w: w.strategy.pk),
    "strategy:diff": lambda w: (
        {"slug": w.slug, "pk": w.strategy.pk},
        f"?old={w.version.pk}&new={w.version.pk}",
    ),
    "strategy:amendment_start": _k(pk=lambda w: w.strategy.pk),
    "strategy:amendment": _k(version_pk=lambda w: w.amendment.pk),
    "strategy:amendment_edit": _k(version_pk=lambda w: w.amendment.pk, form_name=lambda w: "goal"),
    "strategy:amendment_transition": _k(version_pk=lambda w: w.amendment.pk),
    "portal:call": _k(pk=lambda w: w.olomouc.call.pk),
    "portal:strategy_goal": _k(code=lambda w: "2"),
    "portal:strategy_measure": _k(code=lambda w: "2.1.1"),
    "portal:committee_meeting": _k(pk=lambda w: w.meetings.planned.pk),
    "calls:schedule": _k(year=lambda w: w.schedule.year),
    "calls:detail": _k(pk=lambda w: w.olomouc.call.pk),
    "calls:edit": _k(pk=lambda w: w.planned_call.pk),
    "calls:transition": _k(pk=lambda w: w.planned_call.pk),
    "calls:modify": _k(pk=lambda w: w.olomouc.call.pk),
    "calls:part_add": _k(pk=lambda w: w.planned_call.pk, part=lambda w: "criterion"),
    "calls:part_remove": _k(
        pk=lambda w: w.planned_call.pk,
        part=lambda w: "criterion",
        part_pk=lambda w: w.planned_criterion.pk,
    ),
    "agglomerations:organisation_detail": _k(pk=lambda w: w.olomouc.applicant_org.pk),
    "agglomerations:organisation_edit": _k(pk=lambda w: w.olomouc.applicant_org.pk),
    "agglomerations:organisation_status": _k(pk=lambda w: w.olomouc.applicant_org.pk),
    "agglomerations:organisation_merge": _k(pk=lambda w: w.olomouc.applicant_org.pk),
    "agglomerations:member_detail": _k(user_pk=lambda w: w.newcomer.pk),
    # a link whose token is wrong: the page says the link does not work
    "accounts:password_reset_confirm": lambda w: ({"uidb64": "MQ", "token": "bad-token"}, ""),
    "agglomerations:member_grant": _k(user_pk=lambda w: w.newcomer.pk),
    "agglomerations:member_revoke": _k(user_pk=lambda w: w.newcomer.pk),
    "agglomerations:member_remove": _k(user_pk=lambda w: w.newcomer.pk),
    "intentions:create": _k(call_pk=lambda w: w.olomouc.call.pk),
    "intentions:detail": _k(pk=lambda w: w.submitted.pk),
    "intentions:detail@draft": _k(pk=lambda w: w.draft.pk),
    "intentions:edit": _k(pk=lambda w: w.draft.pk),
    "intentions:submit": _k(pk=lambda w: w.draft.pk),
    "intentions:withdraw": _k(pk=lambda w: w.draft.pk),
    "intentions:attachment_add": _k(pk=lambda w: w.draft.pk),
    "intentions:attachment": _k(
        pk=lambda w: w.submitted.pk, attachment_pk=lambda w: w.attachment.pk
    ),
    "intentions:attachment@draft": _k(
        pk=lambda w: w.draft.pk, attachment_pk=lambda w: w.draft_attachment.pk
    ),
    "intentions:attachment_delete": _k(
        pk=lambda w: w.draft.pk, attachment_pk=lambda w: w.draft_attachment.pk
    ),
    "intentions:evaluation_call": _k(call_pk=lambda w: w.olomouc.call.pk),
    "intentions:evaluation_ranking": _k(call_pk=lambda w: w.olomouc.call.pk),
    "intentions:evaluation_intention": _k(pk=lambda w: w.submitted.pk),
    "intentions:evaluation_formal_check": _k(pk=lambda w: w.submitted.pk),
    "intentions:evaluation_return": _k(pk=lambda w: w.submitted.pk),
    "intentions:evaluation_pass": _k(pk=lambda w: w.submitted.pk),
    "intentions:evaluation_recommend": _k(pk=lambda w: w.checked.pk),
    "intentions:evaluation_review": _k(pk=lambda w: w.checked.pk),
    "intentions:evaluation_assign": _k(pk=lambda w: w.checked.pk),
    "intentions:evaluation_unassign": _k(
        pk=lambda w: w.checked.pk, assignment_pk=lambda w: w.assignment.pk
    ),
    "intentions:statements": _k(pk=lambda w: w.project.pk),
    "intentions:managing_authority": _k(pk=lambda w: w.project.pk),
    "intentions:statement_pdf": _k(pk=lambda w: w.statement.pk),
    "intentions:statement_docx": _k(pk=lambda w: w.statement.pk),
    "intentions:publication": _k(pk=lambda w: w.project.pk),
    "intentions:contractor_add": _k(pk=lambda w: w.project.pk),
    "intentions:contractor_remove": _k(
        pk=lambda w: w.project.pk, contractor_pk=lambda w: w.contractor.pk
    ),
    "intentions:change_new": _k(pk=lambda w: w.issued.pk),
    "intentions:change": _k(pk=lambda w: w.change.pk),
    "intentions:change_withdraw": _k(pk=lambda w: w.change.pk),
    "committee:member_edit": _k(pk=lambda w: w.member.pk),
    "committee:meeting": _k(pk=lambda w: w.meetings.voting.pk),
    "committee:agenda": _k(pk=lambda w: w.meetings.planned.pk),
    "committee:transition": _k(pk=lambda w: w.meetings.planned.pk),
    "committee:attendance": _k(pk=lambda w: w.meetings.planned.pk),
    "committee:minutes": _k(pk=lambda w: w.meetings.voting.pk),
    "committee:minutes_docx": _k(pk=lambda w: w.meetings.voting.pk),
    # the meeting page's choice, asking for the confirmation step (a GET)
    "committee:vote": lambda w: (
        {"slug": w.slug, "pk": w.meetings.voting_item.pk},
        f"?member={w.meetings.world.members['chair'].pk}&choice=yes",
    ),
    "committee:room_votes": _k(pk=lambda w: w.meetings.room_item.pk),
    "committee:conflict": _k(pk=lambda w: w.meetings.voting_item.pk),
    "committee:decide": _k(pk=lambda w: w.meetings.voted_item.pk),
    "committee:withdraw": _k(pk=lambda w: w.meetings.call_item.pk),
    "committee:proposals": _k(pk=lambda w: w.meetings.call_item.pk),
    "monitoring:import_job": _k(pk=lambda w: w.job_queued.pk),
    "monitoring:import_progress": _k(pk=lambda w: w.job_queued.pk),
    "monitoring:import_result": _k(pk=lambda w: w.job_done.pk),
    "monitoring:import_mapping": _k(pk=lambda w: w.job_mapping.pk),
    "monitoring:import_again": _k(pk=lambda w: w.job_stopped.pk),
    "monitoring:link_operation": _k(pk=lambda w: w.operation.pk),
    "monitoring:scope_rule_delete": _k(pk=lambda w: w.scope_rule.pk),
    "monitoring:progress_list": _k(pk=lambda w: w.project.pk),
    "monitoring:payment_forecast": _k(pk=lambda w: w.project.pk),
    "monitoring:progress_report": _k(pk=lambda w: w.report_draft.pk),
    "monitoring:progress_step": _k(pk=lambda w: w.report_submitted.pk),
    "monitoring:report_again": _k(pk=lambda w: w.report_stopped.pk),
    "monitoring:report_download": _k(pk=lambda w: w.report_done.pk, extension=lambda w: "csv"),
    "monitoring:programme_commitments": _k(pk=lambda w: w.olomouc.objective.programme_id),
    "monitoring:decommitment_new": _k(pk=lambda w: w.olomouc.objective.programme_id),
    "monitoring:decommitment_delete": _k(pk=lambda w: w.objects["decommitment"].pk),
    "news:edit": _k(pk=lambda w: w.objects["news_draft"].pk),
    "news:preview": _k(pk=lambda w: w.objects["news_draft"].pk),
    "news:transition": _k(pk=lambda w: w.objects["news_draft"].pk),
    "news:photo_add": _k(pk=lambda w: w.objects["news_draft"].pk),
    "news:photo_remove": _k(
        pk=lambda w: w.objects["news_draft"].pk, photo_pk=lambda w: w.objects["news_draft_photo"].pk
    ),
    "news:photo": _k(photo_pk=lambda w: w.objects["news_draft_photo"].pk, size=lambda w: "thumb"),
    "news:from_meeting": _k(meeting_pk=lambda w: w.objects["closed_meeting"].pk),
    "portal:news_detail": _k(pk=lambda w: w.objects["news_published"].pk),
    "portal:news_detail@draft": _k(pk=lambda w: w.objects["news_draft"].pk),
    "portal:news_photo": _k(pk=lambda w: w.objects["news_public_photo"].pk, size=lambda w: "thumb"),
    "portal:news_photo@draft": _k(
        pk=lambda w: w.objects["news_draft_photo"].pk, size=lambda w: "thumb"
    ),
    "portal:project": _k(pk=lambda w: w.project.pk),
    "cooperation:partnership": _k(pk=lambda w: w.objects["partnership"].pk),
    "cooperation:comparison": _k(pk=lambda w: w.objects["partnership"].pk),
    "cooperation:exchange_new": _k(pk=lambda w: w.objects["partnership"].pk),
    "cooperation:exchange": _k(pk=lambda w: w.objects["exchange"].pk),
    "cooperation:exchange_edit": _k(pk=lambda w: w.objects["exchange"].pk),
    "cooperation:exchange_news": _k(pk=lambda w: w.objects["exchange"].pk),
    "cooperation:exchange_participant_add": _k(pk=lambda w: w.objects["exchange"].pk),
    "cooperation:exchange_participant_remove": _k(
        pk=lambda w: w.objects["exchange"].pk,
        participant_pk=lambda w: w.objects["participant"].pk,
    ),
    "cooperation:exchange_photo_add": _k(pk=lambda w: w.objects["exchange"].pk),
    "cooperation:exchange_photo_remove": _k(
        pk=lambda w: w.objects["exchange"].pk,
        photo_pk=lambda w: w.objects["exchange_photo"].pk,
    ),
    "cooperation:exchange_photo": _k(
        pk=lambda w: w.objects["exchange"].pk,
        photo_pk=lambda w: w.objects["exchange_photo"].pk,
        size=lambda w: "thumb",
    ),
    "cooperation:exchange_item_add": _k(pk=lambda w: w.objects["exchange"].pk),
    "cooperation:exchange_item_remove": _k(
        pk=lambda w: w.objects["exchange"].pk,
        item_pk=lambda w: w.objects["programme_item"].pk,
    ),
    "cooperation:card": _k(pk=lambda w: w.objects["good_practice"].pk),
    "portal:good_practice": _k(pk=lambda w: w.objects["good_practice"].pk),
    "cooperation:card_edit": _k(pk=lambda w: w.objects["good_practice"].pk),
    "cooperation:card@shared": _k(pk=lambda w: w.objects["shared_card"].pk),
    "cooperation:card@unshared": _k(pk=lambda w: w.objects["unshared_card"].pk),
    "cooperation:sharing": _k(pk=lambda w: w.objects["partnership"].pk),
    "cooperation:shared_strategy": _k(
        pk=lambda w: w.objects["partnership"].pk, strategy_pk=lambda w: w.olomouc.strategy.pk
    ),
    "cooperation:shared_strategy@unshared": _k(
        pk=lambda w: w.objects["partnership"].pk, strategy_pk=lambda w: w.strategy.pk
    ),
    "cooperation:shared_dashboard": _k(
        pk=lambda w: w.objects["partnership"].pk, strategy_pk=lambda w: w.olomouc.strategy.pk
    ),
    "cooperation:shared_dashboard@csv": lambda w: (
        {"slug": w.slug, "pk": w.objects["partnership"].pk, "strategy_pk": w.olomouc.strategy.pk},
        "?format=csv&chart=funnel",
    ),
    "cooperation:shared_dashboard@unshared": _k(
        pk=lambda w: w.objects["partnership"].pk, strategy_pk=lambda w: w.strategy.pk
    ),
    "cooperation:idea_new": _k(pk=lambda w: w.objects["partnership"].pk),
    "cooperation:partnership_edit": _k(pk=lambda w: w.objects["partnership"].pk),
    "cooperation:project_new": _k(pk=lambda w: w.objects["partnership"].pk),
    "cooperation:project_edit": _k(pk=lambda w: w.objects["cooperation_project"].pk),
    "cooperation:budget": _k(pk=lambda w: w.objects["cooperation_project"].pk),
    "cooperation:idea": _k(pk=lambda w: w.objects["idea"].pk),
    "cooperation:idea_edit": _k(pk=lambda w: w.objects["idea"].pk),
    "cooperation:idea_step": _k(pk=lambda w: w.objects["idea"].pk),
    "cooperation:idea_comment": _k(pk=lambda w: w.objects["idea"].pk),
    "portal:open_data_file": _k(dataset=lambda w: "operations", fmt=lambda w: "csv"),
}
NO_SLUG = (
    "set_language",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    "core:dashboard",
    "core:language",
    "portal:index",
)


def _walk(patterns: list[Any], namespace: str, prefix: str) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern) or "/"  # an unnamed pattern: its route
            yield (f"{namespace}{pattern.name}" if pattern.name else route), pattern


def site_urls() -> dict[str, URLPattern]:
    """Every URL pattern of the resolver outside the admin, by namespaced name ("/": the root).

    The REST API (namespace `api`) is left out: its answers are JSON with token authentication
    (no login redirect, no session), and tests/api covers each of its endpoints with its own
    hand-written per-role expectations (test_staff.py, test_cooperation.py), public answers (test_public.py) and
    schemathesis (test_schemathesis.py)."""
    return {
        name: pattern
        for name, pattern in _walk(get_resolver().url_patterns, "", "")
        if not name.startswith(("admin", "api:"))
    }


def url_of(name: str, w: World, actor: str = "manager") -> str:
    if name == "/":
        return "/"
    if name == "core:language":  # the language switch, back to the start page
        return reverse(name, kwargs={"code": "en"}) + "?next=/"
    if name in NO_SLUG:
        return reverse(name)
    kwargs, query = TARGETS.get(name, SLUG)(w)
    if actor == "outsider_own_slug":
        kwargs["slug"] = w.opole.agglomeration.slug
    return reverse(name.split("@", maxsplit=1)[0], kwargs=kwargs) + query


# ---- GET: the policy --------------------------------------------------------------------------
# One answer per actor, in the order of ACTORS. login: 302 to the login page; 302: a redirect
# elsewhere (e.g. a form that is not needed any more); -: not applicable (the URL names no object
# of Olomouc, so the outsider on its own slug simply sees its own agglomeration).
#
# The rules, from the domain: members of another agglomeration learn nothing (404); a member
# whose role does not allow a page gets 403; an applicant acts for its own organisation only and
# another organisation's project is not revealed to it (404); the auditor reads everything and
# changes nothing; partner staff read the strategy and the calls, not the projects; a draft
# intention is the applicant's own until it is submitted; a URL that only takes POST answers GET
# with 405 before it looks anything up.

POST_ONLY = "login 405 405 405 405 405 405 405 405 405 405"
POST_ONLY_NO_OBJECT = "login 405 405 405 405 405 405 405 405 405 -"

# fmt: off
GET_POLICY: dict[str, str] = {
    #                                   anon  out app oapp  wg crd  com prt aud mgr  own-slug
    "set_language":                     "302  302 302 302  302 302  302 302 302 302  -",
    # the public portal: the same for everybody
    "portal:index":                     "200  200 200 200  200 200  200 200 200 200  -",
    "portal:home":                      "200  200 200 200  200 200  200 200 200 200  200",
    "portal:news":                      "200  200 200 200  200 200  200 200 200 200  200",
    "portal:news_feed":                 "200  200 200 200  200 200  200 200 200 200  200",
    # a published item and its photo; Opole's portal does not show Olomouc's item
    "portal:news_detail":               "200  200 200 200  200 200  200 200 200 200  404",
    "portal:news_photo":                "200  200 200 200  200 200  200 200 200 200  404",
    # a draft is nobody's on the portal, not even the office's (it has the preview)
    "portal:news_detail@draft":         "404  404 404 404  404 404  404 404 404 404  404",
    "portal:news_photo@draft":          "404  404 404 404  404 404  404 404 404 404  404",
    "portal:calls":                     "200  200 200 200  200 200  200 200 200 200  200",
    "portal:call":                      "200  200 200 200  200 200  200 200 200 200  404",
    "portal:strategy":                  "200  200 200 200  200 200  200 200 200 200  200",
    # measure codes are the strategy's own: Opole's strategy has a goal 2 and a measure 2.1.1 too
    "portal:strategy_goal":             "200  200 200 200  200 200  200 200 200 200  200",
    "portal:strategy_measure":          "200  200 200 200  200 200  200 200 200 200  200",
    "portal:committee":                 "200  200 200 200  200 200  200 200 200 200  200",
    "portal:committee_meeting":         "200  200 200 200  200 200  200 200 200 200  404",
    "portal:documents":                 "200  200 200 200  200 200  200 200 200 200  200",
    "portal:contacts":                  "200  200 200 200  200 200  200 200 200 200  200",
    "portal:municipalities":            "200  200 200 200  200 200  200 200 200 200  200",
    "portal:accessibility":             "200  200 200 200  200 200  200 200 200 200  200",
    "portal:privacy":                   "200  200 200 200  200 200  200 200 200 200  200",
    "portal:cookies":                   "200  200 200 200  200 200  200 200 200 200  200",
    "portal:projects":                  "200  200 200 200  200 200  200 200 200 200  200",
    "portal:projects_map":              "200  200 200 200  200 200  200 200 200 200  200",
    # a public project of Olomouc: not a project of the outsider's own portal
    "portal:project":                   "200  200 200 200  200 200  200 200 200 200  404",
    "portal:good_practice_list":        "200  200 200 200  200 200  200 200 200 200  200",
    "portal:good_practice":             "200  200 200 200  200 200  200 200 200 200  404",
    "portal:open_data":                 "200  200 200 200  200 200  200 200 200 200  200",
    "portal:open_data_dcat":            "200  200 200 200  200 200  200 200 200 200  200",
    "portal:open_data_file":            "200  200 200 200  200 200  200 200 200 200  200",
    "portal:sitemap":                   "200  200 200 200  200 200  200 200 200 200  200",
    "accounts:login":                   "200  302 302 302  302 302  302 302 302 302  -",
    "accounts:logout":                  "405  405 405 405  405 405  405 405 405 405  -",
    "accounts:password_reset":          "200  200 200 200  200 200  200 200 200 200  -",
    "accounts:password_reset_done":     "200  200 200 200  200 200  200 200 200 200  -",
    "accounts:password_reset_confirm":  "200  200 200 200  200 200  200 200 200 200  -",
    "accounts:password_reset_complete": "200  200 200 200  200 200  200 200 200 200  -",
    "core:dashboard":                   "login 200 200 200 200 200  200 200 200 200  -",
    "core:language":                    "302  302 302 302  302 302  302 302 302 302  -",
    "agglomerations:detail":            "login 404 200 200 200 200  200 200 200 200  -",
    "agglomerations:audit":             "login 404 403 403 403 403  403 403 200 200  -",
    "agglomerations:audit_csv":         "login 404 403 403 403 403  403 403 200 200  -",
    "agglomerations:organisation_new":  "login 404 403 403 403 200  403 403 403 200  -",
    # applicants who act for an organisation already are sent to their intentions
    "agglomerations:own_organisation":  "login 404 302 302 403 403  403 403 403 403  -",
    # the manager's pages of organisations and members (docs/people-and-organisations.md)
    "agglomerations:organisation_list": "login 404 403 403 403 403  403 403 403 200  -",
    "agglomerations:organisation_detail": "login 404 403 403 403 403  403 403 403 200  404",
    "agglomerations:organisation_edit": "login 404 403 403 403 403  403 403 403 200  404",
    "agglomerations:organisation_status": POST_ONLY,
    "agglomerations:organisation_merge": "login 404 403 403 403 403  403 403 403 200  404",
    "agglomerations:member_list":       "login 404 403 403 403 403  403 403 403 200  -",
    "agglomerations:member_add":        "login 404 403 403 403 403  403 403 403 200  -",
    "agglomerations:member_create":     "login 404 403 403 403 403  403 403 403 200  -",
    "agglomerations:member_detail":     "login 404 403 403 403 403  403 403 403 200  404",
    "agglomerations:member_grant":      POST_ONLY,
    "agglomerations:member_revoke":     POST_ONLY,
    "agglomerations:member_remove":     POST_ONLY,
    "strategy:strategy_new":            "login 404 403 403 403 403  403 403 403 200  -",
    "strategy:tree":                    "login 404 403 403 200 200  200 200 200 200  404",
    "strategy:measure":                 "login 404 403 403 200 200  200 200 200 200  404",
    "strategy:versions":                "login 404 403 403 200 200  200 200 200 200  404",
    "strategy:diff":                    "login 404 403 403 200 200  200 200 200 200  404",
    "strategy:amendment_start":         POST_ONLY,
    "strategy:amendment":               "login 404 403 403 403 200  200 403 200 200  404",
    "strategy:amendment_edit":          POST_ONLY,
    "strategy:amendment_transition":    POST_ONLY,
    "strategy:indicator_codes":         "login 404 403 403 200 200  200 200 200 200  -",
    "strategy:exchange_rates":          "login 404 403 403 200 200  200 200 200 200  -",
    "strategy:office_roles":            "login 404 403 403 200 200  200 200 200 200  -",
    "calls:list":                       "login 404 200 200 200 200  200 200 200 200  -",
    "calls:new":                        "login 404 403 403 403 200  403 403 403 200  -",
    "calls:schedule_new":               POST_ONLY_NO_OBJECT,
    "calls:schedule":                   "login 404 403 403 200 200  200 403 200 200  404",
    "calls:detail":                     "login 404 200 200 200 200  200 200 200 200  404",
    "calls:edit":                       "login 404 403 403 403 200  403 403 403 200  404",
    "calls:transition":                 POST_ONLY,
    "calls:modify":                     "login 404 403 403 403 200  403 403 403 200  404",
    "calls:part_add":                   POST_ONLY,
    "calls:part_remove":                POST_ONLY,
    "intentions:list":                  "login 404 200 200 200 200  200 403 200 200  -",
    "intentions:new":                   "login 404 200 200 403 403  403 403 403 403  -",
    "intentions:create":                "login 404 200 200 403 403  403 403 403 403  404",
    "intentions:detail":                "login 404 200 404 200 200  200 403 200 200  404",
    "intentions:detail@draft":          "login 404 200 404 403 403  403 403 403 403  404",
    "intentions:edit":                  "login 404 200 404 403 403  403 403 403 403  404",
    "intentions:submit":                POST_ONLY,
    "intentions:withdraw":              POST_ONLY,
    "intentions:attachment_add":        POST_ONLY,
    "intentions:attachment":            "login 404 200 404 200 200  200 403 200 200  404",
    "intentions:attachment@draft":      "login 404 200 404 403 403  403 403 403 403  404",
    "intentions:attachment_delete":     POST_ONLY,
    "intentions:evaluation_calls":      "login 404 403 403 200 200  200 403 200 200  -",
    "intentions:evaluation_call":       "login 404 403 403 200 200  200 403 200 200  404",
    "intentions:evaluation_ranking":    "login 404 403 403 200 200  200 403 200 200  404",
    "intentions:evaluation_intention":  "login 404 403 403 200 200  200 403 200 200  404",
    "intentions:evaluation_formal_check": POST_ONLY,
    "intentions:evaluation_return":     POST_ONLY,
    "intentions:evaluation_pass":       POST_ONLY,
    "intentions:evaluation_recommend":  POST_ONLY,
    "intentions:evaluation_assign":     POST_ONLY,
    "intentions:evaluation_unassign":   POST_ONLY,
    # only working-group members review, what they are assigned; the role is checked before the
    # intention is looked up, so Opole's manager on Opole's slug gets 403 for any id (nothing
    # about Olomouc is revealed)
    "intentions:evaluation_review":     "login 404 403 403 200 403  403 403 403 403  403",
    "intentions:statements":            "login 404 200 404 200 200  200 403 200 200  404",
    "intentions:managing_authority":    POST_ONLY,
    "intentions:statement_pdf":         "login 404 200 404 200 200  200 403 200 200  404",
    "intentions:statement_docx":        "login 404 200 404 200 200  200 403 200 200  404",
    # what the list of operations publishes: staff and the project's applicant read it; the
    # applicant and the office (manager, coordinator) fill it
    "intentions:publication":           "login 404 200 404 200 200  200 403 200 200  404",
    "intentions:contractor_add":        POST_ONLY,
    "intentions:contractor_remove":     POST_ONLY,
    "intentions:change_new":            "login 404 200 404 403 403  403 403 403 403  404",
    "intentions:changes":               "login 404 200 200 200 200  200 403 200 200  -",
    "intentions:change":                "login 404 200 404 200 200  200 403 200 200  404",
    "intentions:change_withdraw":       POST_ONLY,
    "intentions:competence_rules":      "login 404 403 403 403 200  200 403 200 200  -",
    "committee:home":                   "login 404 403 403 403 200  200 403 200 200  -",
    "committee:settings":               "login 404 403 403 403 403  403 403 403 200  -",
    "committee:member_new":             "login 404 403 403 403 403  403 403 403 200  -",
    "committee:member_edit":            "login 404 403 403 403 403  403 403 403 200  404",
    "committee:meeting_new":            "login 404 403 403 403 403  403 403 403 200  -",
    "committee:meeting":                "login 404 403 403 403 200  200 403 200 200  404",
    "committee:agenda":                 "login 404 403 403 403 403  403 403 403 200  404",
    "committee:transition":             POST_ONLY,
    "committee:attendance":             POST_ONLY,
    "committee:minutes":                "login 404 403 403 403 200  200 403 200 200  404",
    "committee:minutes_docx":           "login 404 403 403 403 200  200 403 200 200  404",
    "committee:vote":                   "login 404 403 403 403 403  200 403 403 403  403",
    "committee:room_votes":             POST_ONLY,
    "committee:conflict":               POST_ONLY,
    "committee:decide":                 POST_ONLY,
    "committee:withdraw":               POST_ONLY,
    "committee:proposals":              "login 404 403 403 403 403  403 403 403 200  404",
    "committee:resolutions":            "login 404 403 403 403 200  200 403 200 200  -",
    "monitoring:import_list":           "login 404 403 403 200 200  200 403 200 200  -",
    "monitoring:import_job":            "login 404 403 403 200 200  200 403 200 200  404",
    "monitoring:import_progress":       "login 404 403 403 200 200  200 403 200 200  404",
    "monitoring:import_result":         "login 404 403 403 200 200  200 403 200 200  404",
    "monitoring:import_mapping":        "login 404 403 403 403 200  403 403 403 200  404",
    "monitoring:import_again":          POST_ONLY,
    "monitoring:link_operation":        POST_ONLY,
    "monitoring:scope_rules":           "login 404 403 403 200 200  200 403 200 200  -",
    "monitoring:scope_rule_delete":     POST_ONLY,
    "monitoring:dashboard":             "login 404 403 403 200 200  200 403 200 200  -",
    "monitoring:progress_list":         "login 404 200 404 200 200  200 403 200 200  404",
    "monitoring:payment_forecast":      "login 404 200 404 200 200  200 403 200 200  404",
    "monitoring:progress_queue":        "login 404 403 403 403 200  403 403 403 200  -",
    "monitoring:progress_report":       "login 404 200 404 200 200  200 403 200 200  404",
    "monitoring:progress_step":         POST_ONLY,
    "monitoring:warnings":              "login 404 403 403 200 200  200 403 200 200  -",
    "monitoring:warnings_csv":          "login 404 403 403 200 200  200 403 200 200  -",
    "monitoring:reports":               "login 404 403 403 200 200  200 403 200 200  -",
    "monitoring:reports_new":           "login 404 403 403 403 200  403 403 403 200  -",
    "monitoring:reports_schedule":      POST_ONLY_NO_OBJECT,
    "monitoring:reports_ask":           POST_ONLY_NO_OBJECT,
    "monitoring:report_again":          POST_ONLY,
    "monitoring:report_download":       "login 404 403 403 200 200  200 403 200 200  404",
    "monitoring:intervention_fields":   "login 404 403 403 403 200  403 403 200 200  -",
    "monitoring:commitments":           "login 404 403 403 403 200  403 403 200 200  -",
    # programmes are shared: Opole draws on the same IROP and keeps its own tranches of it
    "monitoring:programme_commitments": "login 404 403 403 403 200  403 403 200 200  200",
    "monitoring:decommitment_new":      POST_ONLY,
    "monitoring:decommitment_delete":   POST_ONLY,
    # news of the public portal: the office (manager, coordinators) writes, the manager publishes
    "news:list":                        "login 404 403 403 403 200  403 403 403 200  -",
    "news:new":                         "login 404 403 403 403 200  403 403 403 200  -",
    "news:edit":                        "login 404 403 403 403 200  403 403 403 200  404",
    "news:preview":                     "login 404 403 403 403 200  403 403 403 200  404",
    "news:photo":                       "login 404 403 403 403 200  403 403 403 200  404",
    "news:transition":                  POST_ONLY,
    "news:photo_add":                   POST_ONLY,
    "news:photo_remove":                POST_ONLY,
    "news:from_meeting":                POST_ONLY,
    # cross-border cooperation: the office, the auditor and partner staff of a member read the
    # partnership; its office writes exchanges. Opole is a member: its manager reads and writes
    # the same partnership on Opole's own slug; on Olomouc's slug it is an outsider
    "cooperation:list":                 "login 404 403 403 403 200  403 200 200 200  -",
    "cooperation:partnership":          "login 404 403 403 403 200  403 200 200 200  200",
    "cooperation:comparison":           "login 404 403 403 403 200  403 200 200 200  200",
    "cooperation:exchange":             "login 404 403 403 403 200  403 200 200 200  200",
    "cooperation:exchange_new":         "login 404 403 403 403 200  403 403 403 200  200",
    "cooperation:exchange_edit":        "login 404 403 403 403 200  403 403 403 200  200",
    # the office of either member adds and removes the exchange's participants
    "cooperation:exchange_participant_add": POST_ONLY,
    "cooperation:exchange_participant_remove": POST_ONLY,
    # the photos of the exchange's report: read by whoever reads the exchange (partner staff
    # too), added and removed by the office of either member
    "cooperation:exchange_photo":       "login 404 403 403 403 200  403 200 200 200  200",
    "cooperation:exchange_photo_add":   POST_ONLY,
    "cooperation:exchange_photo_remove": POST_ONLY,
    # and the items of its programme (sessions, site visits)
    "cooperation:exchange_item_add":    POST_ONLY,
    "cooperation:exchange_item_remove": POST_ONLY,
    # publishing an exchange as news on the members' portals: the manager of the URL's member
    # only (news.publish); Opole's manager on Opole's slug publishes on Opole's portal
    "cooperation:exchange_news":        "login 404 403 403 403 403  403 403 403 200  200",
    # the good-practice library: Olomouc's public card is read by Opole's manager
    # on Opole's slug; only Olomouc's office writes it (Opole's manager: 404 on its own slug)
    "cooperation:library":              "login 404 403 403 403 200  403 200 200 200  -",
    "cooperation:card":                 "login 404 403 403 403 200  403 200 200 200  200",
    "cooperation:card_new":             "login 404 403 403 403 200  403 403 403 200  -",
    "cooperation:card_edit":            "login 404 403 403 403 200  403 403 403 200  404",
    # what each side shares (docs/cooperation.md): Olomouc shares one card for partners, not
    # the other; Opole's manager reads the shared one on Opole's slug, never the unshared one
    "cooperation:card@shared":          "login 404 403 403 403 200  403 200 200 200  200",
    "cooperation:card@unshared":        "login 404 403 403 403 200  403 200 200 200  404",
    # the page "What we share": everyone who reads the partnership, each on its own side
    # (Opole's manager sees Opole's choices on Opole's slug); only the manager changes it
    "cooperation:sharing":              "login 404 403 403 403 200  403 200 200 200  200",
    # Olomouc shares its pipeline strategy and its dashboard (also as CSV) with the partnership,
    # not its second strategy: 404 for everyone under the partnership, Olomouc's staff too
    "cooperation:shared_strategy":      "login 404 403 403 403 200  403 200 200 200  200",
    "cooperation:shared_strategy@unshared": "login 404 403 403 403 404  403 404 404 404  404",
    "cooperation:shared_dashboard":     "login 404 403 403 403 200  403 200 200 200  200",
    "cooperation:shared_dashboard@csv": "login 404 403 403 403 200  403 200 200 200  200",
    "cooperation:shared_dashboard@unshared": "login 404 403 403 403 404  403 404 404 404  404",
    # joint project ideas: co-authored by the offices of both members (Opole's manager edits and
    # steps the same idea on Opole's slug); the auditor and partner staff read them
    "cooperation:idea":                 "login 404 403 403 403 200  403 200 200 200  200",
    "cooperation:idea_new":             "login 404 403 403 403 200  403 403 403 200  200",
    "cooperation:idea_edit":            "login 404 403 403 403 200  403 403 403 200  200",
    "cooperation:idea_step":            POST_ONLY,
    "cooperation:idea_comment":         POST_ONLY,
    # the office of a member records a partnership, its projects and each partner's budget
    "cooperation:partnership_new":      "login 404 403 403 403 200  403 403 403 200  -",
    "cooperation:partnership_edit":     "login 404 403 403 403 200  403 403 403 200  200",
    "cooperation:project_new":          "login 404 403 403 403 200  403 403 403 200  200",
    "cooperation:project_edit":         "login 404 403 403 403 200  403 403 403 200  200",
    "cooperation:budget":               "login 404 403 403 403 200  403 403 403 200  200",
}
# fmt: on


def expected_get(name: str) -> dict[str, str]:
    return dict(zip(ACTORS, GET_POLICY[name].split(), strict=True))


# ---- POST: who may write through each view ----------------------------------------------------
# The payload is what the allowed actor would send; the same payload from anyone else must be
# refused before anything is written.

Payload = Callable[[World], dict[str, Any]]
APPLICANTS = ("applicant", "other_applicant")
OWNER = ("applicant",)
STAFF = ("coordinator", "manager")
MANAGER = ("manager",)


def _pdf(name: str = "studie.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, samples.pdf(), content_type="application/pdf")


def _list_csv() -> SimpleUploadedFile:
    return SimpleUploadedFile("seznam.csv", uw.list_csv(2), content_type="text/csv")


def _organisation(ico: str) -> dict[str, Any]:
    return {"name": "Obec Velký Týnec", "kind": "municipality", "country": "CZ", "ico": ico}


def _intention_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "revision": "",
        "name_cs": "Přístavba MŠ Přerov",
        "measure_code": "2.1.1",
        "activities_cs": "Dvě nové třídy",
        "start_date": "2025-09-01",
        "end_date": "2026-12-31",
        "total_cost": "12000000.00",
        "eligible_cost": "10000000.00",
        "requested_eu": "8000000.00",
        "requested_national": "500000.00",
        "building_permit": "obtained",
        "land_ownership": "owned",
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "30",
    }
    return data | overrides


def _indicators(w: World, value: str) -> dict[str, str]:
    return {f"indicator_{i.indicator_id}": value for i in w.project.indicators.all()}


def _review(w: World) -> dict[str, Any]:
    gate, readiness, efficiency = w.olomouc.criteria
    return {
        f"criterion_{gate.pk}": "yes",
        f"criterion_{readiness.pk}": "9",
        f"criterion_{efficiency.pk}": "7",
        "recommendation": "recommend",
        "comment": "Připraveno.",
    }


def _members(w: World, value: str, prefix: str) -> dict[str, str]:
    return {f"{prefix}_{m.pk}": value for m in w.meetings.world.members.values()}


TRANCHES = {2021: "2000", 2022: "1000", 2023: "1000"}
MAPPING = {
    "registration_number": "Registrační číslo projektu",
    "name": "Název projektu CZ",
    "beneficiary": "Žadatel",
    "state_code": "Kód stavu",
    "eligible_cost": "CZV projektu",
    "eu_contribution": "Příspěvek EU",
}

# fmt: off
POST_POLICY: dict[str, tuple[tuple[str, ...], Payload]] = {
    "agglomerations:organisation_new": (STAFF, lambda w: _organisation("00299308")),
    "agglomerations:own_organisation": (APPLICANTS, lambda w: _organisation("00299308")),
    "agglomerations:organisation_edit": (MANAGER, lambda w: {
        "name": "Statutární město Přerov", "kind": "municipality", "country": "CZ",
        "ico": "00301825", "address": "Bratrská 709/34, Přerov",
    }),
    "agglomerations:organisation_status": (MANAGER, lambda w: {
        "to": "inactive", "status-reason": "Zaniklo.",
    }),
    "agglomerations:organisation_merge": (MANAGER, lambda w: {
        "other": w.olomouc.other_org.pk, "keep": "this", "duplicate": "merged",
        "reason": "Duplicitní záznam.", "confirmed": "on",
    }),
    "agglomerations:member_add": (MANAGER, lambda w: {
        "user": w.outsider.username, "role": "partner", "reason": "Spolupráce aglomerací.",
    }),
    "agglomerations:member_create": (MANAGER, lambda w: {
        "username": "nova-auditorka", "email": "nova@example.org", "role": "auditor",
        "reason": "Audit 2026.",
    }),
    "agglomerations:member_grant": (MANAGER, lambda w: {
        "grant-role": "auditor", "grant-reason": "Audit 2026.",
    }),
    "agglomerations:member_revoke": (MANAGER, lambda w: {
        "revoke-role": "committee", "revoke-reason": "Konec funkčního období.",
    }),
    "agglomerations:member_remove": (MANAGER, lambda w: {"remove-reason": "Odchod."}),
    "strategy:strategy_new": (MANAGER, lambda w: {"period": "2028-2034", "name_cs": "Strategie"}),
    "strategy:amendment_start": (STAFF, lambda w: {"title": "Navýšení"}),
    "strategy:amendment_edit": (STAFF, lambda w: {"goal-code": "9", "goal-name_cs": "Nový cíl"}),
    "strategy:amendment_transition": (STAFF, lambda w: {"to": "submitted"}),
    "strategy:indicator_codes": (STAFF, lambda w: {
        "code": "T-NOVY", "kind": "output", "name_cs": "Nový", "unit_cs": "ks",
        "direction": "increase", "aggregation": "max",
    }),
    "strategy:exchange_rates": (MANAGER, lambda w: {
        "currency": "CZK", "valid_from": "2025-01-02", "units_per_eur": "25.2", "source": "ČNB",
    }),
    "strategy:office_roles": (MANAGER, lambda w: {
        "specific_objective": w.olomouc.objective.pk, "role": "monitors",
    }),
    "calls:new": (STAFF, lambda w: call_form(w.olomouc, number="8")),
    "calls:schedule_new": (STAFF, lambda w: {"year": "2026"}),
    "calls:schedule": (MANAGER, lambda w: {"approved_on": "2025-01-20"}),
    "calls:edit": (STAFF, lambda w: call_form(w.olomouc, number="9")),
    "calls:transition": (MANAGER, lambda w: {"to": "announced"}),
    "calls:modify": (STAFF, lambda w: {"allocation": "90000000", "closes_at": "", "reason": "Navýšení"}),
    "calls:part_add": (STAFF, lambda w: {"criterion-name_cs": "Efektivita", "criterion-kind": "gate"}),
    "calls:part_remove": (STAFF, lambda w: {}),
    "intentions:create": (APPLICANTS, lambda w: _intention_form()),
    "intentions:edit": (OWNER, lambda w: _intention_form(revision=w.draft.revision)),
    "intentions:submit": (OWNER, lambda w: {"revision": w.draft.revision}),
    "intentions:withdraw": (("applicant", "manager"), lambda w: {
        "reason": "Projekt nebude realizován.", "revision": w.draft.revision,
    }),
    "intentions:attachment_add": (OWNER, lambda w: {"file": _pdf(), "kind": ""}),
    "intentions:attachment_delete": (OWNER, lambda w: {}),
    "intentions:evaluation_formal_check": (STAFF, lambda w: {
        **{f"item_{item.pk}": "yes" for item in w.olomouc.checklist},
        f"note_{w.olomouc.checklist[0].pk}": "V pořádku.",
        "revision": w.submitted.revision,
    }),
    "intentions:evaluation_return": (STAFF, lambda w: {
        "comment": "Doplňte rozpočet.", "revision": w.submitted.revision,
    }),
    "intentions:evaluation_pass": (STAFF, lambda w: {"revision": w.submitted.revision}),
    "intentions:evaluation_recommend": (STAFF, lambda w: {
        "to": "recommended", "note": "", "revision": w.checked.revision,
    }),
    # the coordinator and the manager decide who of the working group reviews what, by when
    "intentions:evaluation_assign": (STAFF, lambda w: {
        "reviewer": w.spare_reviewer.pk,
        "due_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
    }),
    "intentions:evaluation_unassign": (STAFF, lambda w: {}),
    "intentions:evaluation_review": (("working_group",), _review),
    "intentions:managing_authority": (STAFF, lambda w: {
        "registration_number": "CZ.06.02.01/00/22_012/0001234", "ma_state_code": "PP40",
        "to": "", "reason": "",
    }),
    "intentions:publication": (("applicant", "coordinator", "manager"), lambda w: {
        "purpose_cs": "Dvě nové třídy pro 48 dětí.", "achievements_cs": "48 míst",
    }),
    "intentions:contractor_add": (("applicant", "coordinator", "manager"), lambda w: {
        "name": "Jan Dvořák", "natural_person": "on", "country": "CZ", "identifier": "",
        "procurement_reference": "N006/25/V00012346",
    }),
    "intentions:contractor_remove": (("applicant", "coordinator", "manager"), lambda w: {}),
    "intentions:change_new": (OWNER, lambda w: {
        "kinds": ["date_move"], "end_date": "2027-03-31", "justification": "Posun stavby.",
    }),
    "intentions:change": (MANAGER, lambda w: {"decision": "approved", "reason": "Souhlas."}),
    "intentions:change_withdraw": (OWNER, lambda w: {}),
    "intentions:competence_rules": (MANAGER, lambda w: {
        "change_kind": "lower_support", "decider": "committee",
    }),
    "committee:settings": (MANAGER, lambda w: {
        "name_cs": "Řídicí výbor", "quorum": "0.6", "majority": "of_all",
    }),
    "committee:member_new": (MANAGER, lambda w: {"user": w.newcomer.pk}),
    "committee:member_edit": (MANAGER, lambda w: {"alternate": "", "active": ""}),
    "committee:meeting_new": (MANAGER, lambda w: {
        "period": "2021-2027", "form": "in_person", "starts_at": "2025-06-02T10:00",
        "place": "Olomouc",
    }),
    "committee:agenda": (MANAGER, lambda w: {"title_cs": "Informace", "kind": "other"}),
    "committee:transition": (MANAGER, lambda w: {"to": "voting"}),
    "committee:attendance": (MANAGER, lambda w: _members(w, "present", "member")),
    "committee:vote": (("committee",), lambda w: {
        "member": w.meetings.world.members["chair"].pk, "choice": "yes", "confirmed": "on",
    }),
    "committee:room_votes": (MANAGER, lambda w: _members(w, "yes", "vote")),
    # a member declares their own conflict of interest; the manager records anyone's
    "committee:conflict": (("committee", "manager"), lambda w: {
        "member": w.meetings.world.members["chair"].pk, "reason": "Můj bratr je žadatelem.",
    }),
    "committee:decide": (MANAGER, lambda w: {"text": "Přijato."}),
    "committee:withdraw": (MANAGER, lambda w: {}),
    "committee:proposals": (MANAGER, lambda w: {f"decision_{w.recommended.pk}": "deferred"}),
    "monitoring:import_list": (STAFF, lambda w: {
        "file": _list_csv(), "layout": "cz_2014", "source_name": "ŘO IROP",
        "as_of": "2024-05-31",
    }),
    "monitoring:import_mapping": (STAFF, lambda w: MAPPING),
    # only the job's requester (the manager) or a manager starts a stopped job again
    "monitoring:import_again": (MANAGER, lambda w: {}),
    "monitoring:scope_rules": (STAFF, lambda w: {"call_prefix": "06_23_", "nuts3": "CZ071"}),
    "monitoring:scope_rule_delete": (STAFF, lambda w: {}),
    "monitoring:link_operation": (STAFF, lambda w: {
        "job": w.job_done.pk, "intention": w.project.pk,
    }),
    "monitoring:progress_list": (OWNER, lambda w: {
        "period_end": "2024-06-30", "narrative": "Zahájeno.", **_indicators(w, "1"),
    }),
    "monitoring:payment_forecast": (("applicant", "coordinator", "manager"), lambda w: {
        "rows": "2025-09-30 1000000",
    }),
    "monitoring:progress_report": (OWNER, lambda w: {
        "period_end": "2025-03-31", "narrative": "Hotovo.", **_indicators(w, "4"),
    }),
    "monitoring:progress_step": (STAFF, lambda w: {"to": "approved", "reason": ""}),
    "monitoring:reports_new": (STAFF, lambda w: {"kind": "operations"}),
    "monitoring:reports_schedule": (STAFF, lambda w: {"enabled": "on", "interval_days": "30"}),
    "monitoring:reports_ask": (STAFF, lambda w: {}),
    "monitoring:report_again": (MANAGER, lambda w: {}),
    "monitoring:intervention_fields": (MANAGER, lambda w: {
        "specific_objective": w.olomouc.objective.pk, "code": "083",
    }),
    # programmes are shared: Opole's manager keeps Opole's own tranches of the same IROP
    "monitoring:programme_commitments": (("manager", "outsider_own_slug"), lambda w: {
        "fund": w.olomouc.objective.fund, "region_category": "less_developed",
        **{f"tranche_{year}": amount for year, amount in TRANCHES.items()},
    }),
    "monitoring:decommitment_new": (("manager", "outsider_own_slug"), lambda w: {
        "fund": w.olomouc.objective.fund, "tranche_year": "2021", "amount": "1",
        "decided_on": "2025-03-01", "reference": "MMR",
    }),
    "monitoring:decommitment_delete": (MANAGER, lambda w: {}),
    "news:new": (STAFF, lambda w: {"title_cs": "Zpráva", "lead_cs": "Perex"}),
    "news:edit": (STAFF, lambda w: {"title_cs": "Nový titulek", "lead_cs": "Perex"}),
    "news:transition": (MANAGER, lambda w: {"to": "published"}),
    "news:photo_add": (STAFF, lambda w: {
        "file": SimpleUploadedFile("foto.jpg", samples.jpeg(), content_type="image/jpeg"),
        "alt_cs": "Foto", "credit": "Aglomera demo",
    }),
    "news:photo_remove": (STAFF, lambda w: {}),
    "news:from_meeting": (STAFF, lambda w: {}),
    # the office of either member writes the partnership's exchanges
    "cooperation:exchange_new": (("coordinator", "manager", "outsider_own_slug"), lambda w: {
        "kind": "study_visit", "title_cs": "Studijní cesta", "host": w.olomouc.agglomeration.pk,
        "starts_on": "2025-05-05", "ends_on": "2025-05-07", "dates_precision": "day",
    }),
    "cooperation:exchange_edit": (("coordinator", "manager", "outsider_own_slug"), lambda w: {
        "kind": "internship", "title_cs": "Stáž v Opolí", "host": w.opole.agglomeration.pk,
        "starts_on": "2021-08-15", "ends_on": "2021-08-22", "dates_precision": "day",
        "outcomes_cs": "Zkušenosti s hodnocením projektů.",
        "revision": str(w.objects["exchange"].revision),
    }),
    "cooperation:exchange_participant_add": (
        ("coordinator", "manager", "outsider_own_slug"),
        lambda w: {"name": "Petr Kladivo", "side": w.olomouc.agglomeration.pk, "part": "guest"},
    ),
    "cooperation:exchange_participant_remove": (
        ("coordinator", "manager", "outsider_own_slug"), lambda w: {}
    ),
    "cooperation:exchange_photo_add": (
        ("coordinator", "manager", "outsider_own_slug"),
        lambda w: {
            "file": SimpleUploadedFile("foto.jpg", samples.jpeg(), content_type="image/jpeg"),
            "alt_cs": "Foto", "credit": "Aglomera demo",
        },
    ),
    "cooperation:exchange_photo_remove": (
        ("coordinator", "manager", "outsider_own_slug"), lambda w: {}
    ),
    "cooperation:exchange_item_add": (
        ("coordinator", "manager", "outsider_own_slug"),
        lambda w: {
            "day": "2021-08-16", "kind": "site_visit", "title_pl": "PNT Opole",
            "project_text": "Park Naukowo-Technologiczny w Opolu",
        },
    ),
    "cooperation:exchange_item_remove": (
        ("coordinator", "manager", "outsider_own_slug"), lambda w: {}
    ),
    # the manager of either member publishes the exchange as news (on Olomouc's slug, the
    # item on Opole's portal is a draft for Opole's manager, and the other way round)
    "cooperation:exchange_news": (("manager", "outsider_own_slug"), lambda w: {}),
    # only the owner's office writes its good-practice cards
    "cooperation:card_new": (("coordinator", "manager"), lambda w: {
        "title_cs": "Přestupní uzel", "tags": "doprava", "visibility": "own",
    }),
    "cooperation:card_edit": (("coordinator", "manager"), lambda w: {
        "title_cs": "Cyklostezky", "tags": "doprava", "visibility": "public",
    }),
    # each member's manager changes what that member shares (nothing ticked: all unshared)
    "cooperation:sharing": (("manager", "outsider_own_slug"), lambda w: {}),
    # the offices of both members write and step a joint idea; partner staff comment too
    "cooperation:idea_new": (("coordinator", "manager", "outsider_own_slug"), lambda w: {
        "title_cs": "Přestupní uzly", "programme_cs": "Interreg Česko – Polsko 2021–2027",
    }),
    "cooperation:idea_edit": (("coordinator", "manager", "outsider_own_slug"), lambda w: {
        "title_cs": "Přeshraniční cyklotrasa", "priority_cs": "PO4 Cestovní ruch a kultura",
        "revision": str(w.objects["idea"].revision),
    }),
    "cooperation:idea_step": (("coordinator", "manager", "outsider_own_slug"), lambda w: {
        "to": "concept", "revision": str(w.objects["idea"].revision),
    }),
    "cooperation:idea_comment": (
        ("coordinator", "partner", "manager", "outsider_own_slug"),
        lambda w: {"text": "Souhlasíme.", "written_in": "cs"},
    ),
    "cooperation:partnership_new": (("coordinator", "manager"), lambda w: {
        "name_cs": "Spolupráce Olomouc–Opole 2", "partners": w.opole.agglomeration.pk,
        "agreement_precision": "day",
    }),
    "cooperation:project_new": (("coordinator", "manager", "outsider_own_slug"), lambda w: {
        "name_cs": "Mikroprojekt", "starts_precision": "year", "ends_precision": "year",
        "starts_on": "2017-01-01", "ends_on": "2018-01-01",
    }),
    # the office of either member edits the partnership (not its members) and its projects
    "cooperation:partnership_edit": (("coordinator", "manager", "outsider_own_slug"), lambda w: {
        "name_cs": "Spolupráce Olomouc–Opole", "agreement_precision": "day",
        "revision": str(w.objects["partnership"].revision),
    }),
    "cooperation:project_edit": (("coordinator", "manager", "outsider_own_slug"), lambda w: {
        "name_cs": "Mikroprojekt", "starts_precision": "year", "ends_precision": "year",
        "starts_on": "2017-01-01", "ends_on": "2018-01-01",
        "revision": str(w.objects["cooperation_project"].revision),
    }),
    "cooperation:budget": (("coordinator", "manager", "outsider_own_slug"), lambda w: {
        "partner": w.opole.agglomeration.pk, "basis": "total", "amount": "1000000",
        "currency": "PLN", "eu_rate": "85",
    }),
}
# fmt: on

# The allowed applicants act for an organisation already, so their request is refused by the
# action (not by a permission); an applicant without one shows that the payload writes.
WITNESSES: dict[str, tuple[str, ...]] = {"agglomerations:own_organisation": ("new_applicant",)}


def refused_posters(name: str) -> list[str]:
    """Every actor who may not write through the view (on Opole's own slug only where the URL
    names an object)."""
    permitted = POST_POLICY[name][0]
    objects = GET_POLICY[name].split()[-1] != "-"
    return [a for a in ACTORS if a not in permitted and (objects or a != "outsider_own_slug")]


def _allowed_cases() -> list[Any]:
    return [
        pytest.param(name, actor, id=f"{name}-{actor}")
        for name, (permitted, _payload) in POST_POLICY.items()
        for actor in WITNESSES.get(name, permitted)
    ]


# ---- the world, once for the module -----------------------------------------------------------


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Built once at the frozen moment NOW inside a transaction rolled back at the end; every
    test runs in a savepoint of it. Each actor's session is made here too."""
    root = tmp_path_factory.mktemp("private")
    storages = {
        **settings.STORAGES,
        # public media (news photos) under the same root, so that `stored_files` sees them
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root / "media"},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=storages, PRIVATE_MEDIA_ROOT=root),
        time_machine.travel(uw.NOW, tick=False),
        transaction.atomic(),
    ):
        w = uw.build()
        w.objects["root"] = root
        w.objects["sessions"] = {}
        for actor in (*ACTORS, "new_applicant"):
            user = user_of(w, actor)
            if user is not None:
                client = Client()
                client.force_login(user)
                w.objects["sessions"][actor] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield w
        transaction.set_rollback(True)


@pytest.fixture
def private_root(request: pytest.FixtureRequest) -> Path | None:
    """The world's private files stay where it stored them (overrides the per-test folder)."""
    if "world" not in request.fixturenames:
        return None
    return Path(request.getfixturevalue("world").objects["root"])


def client_for(w: World, actor: str) -> Client:
    """A client of the actor's session (a new client: no message of an earlier test)."""
    client = Client()
    if actor != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = w.objects["sessions"][actor]
    return client


LOGIN = settings.LOGIN_URL


def answer(response: HttpResponse) -> str:
    """The status as the policy writes it. A streamed file is read to its end, which closes it
    (the test client's wrapper; closing it again would close the test's database connection)."""
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
    if response.status_code == 302 and response["Location"].startswith(resolve_url(LOGIN)):
        return "login"
    return str(response.status_code)


# ---- what was written -------------------------------------------------------------------------


def writes() -> int:
    """Rows inserted, updated or deleted so far on this connection (in this transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                " FROM pg_stat_xact_user_tables"
            )
        else:
            cursor.execute("SELECT total_changes()")
        return int(cursor.fetchone()[0])


def row_counts() -> dict[str, int]:
    tables = sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def stored_files(root: Path) -> set[str]:
    return {os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names}


# ---- the tests --------------------------------------------------------------------------------


def _handles_post(pattern: URLPattern) -> bool:
    """Whether the project's view reads POST (its source with its decorators says so)."""
    view = inspect.unwrap(pattern.callback)
    if not view.__module__.startswith("aglomera."):
        return False
    return "POST" in inspect.getsource(view)


def test_every_url_has_a_policy() -> None:
    urls = site_urls()
    named = {name.split("@", maxsplit=1)[0] for name in GET_POLICY}
    assert sorted(set(urls) - named) == [], "URLs without a row in GET_POLICY"
    assert sorted(named - set(urls)) == [], "rows of GET_POLICY for URLs that do not exist"
    posting = {name for name, pattern in urls.items() if _handles_post(pattern)}
    assert sorted(posting - set(POST_POLICY)) == [], "views that take POST without a POST_POLICY"
    assert sorted(set(POST_POLICY) - posting) == [], "POST_POLICY rows for views without POST"
    assert set(TARGETS) <= set(GET_POLICY), "TARGETS for URLs without a row"


@pytest.mark.parametrize("name", sorted(GET_POLICY))
def test_each_actor_gets_the_answer_the_policy_gives(world: World, db: None, name: str) -> None:
    expected = {actor: answer for actor, answer in expected_get(name).items() if answer != "-"}
    got = {
        actor: answer(client_for(world, actor).get(url_of(name, world, actor)))
        for actor in expected
    }
    wrong = {actor: f"{got[actor]}, policy {expected[actor]}" for actor in got}
    assert {a: why for a, why in wrong.items() if got[a] != expected[a]} == {}


@pytest.mark.parametrize("name", sorted(POST_POLICY))
def test_a_refused_post_changes_nothing(world: World, db: None, name: str) -> None:
    # Given the world as it is
    _allowed, payload = POST_POLICY[name]
    data = {actor: payload(world) for actor in refused_posters(name)}
    counts, files = row_counts(), stored_files(world.objects["root"])
    wrong = {}
    for actor, sent in data.items():
        # When an actor who may not write through the view posts what an allowed one would
        before = writes()
        response = client_for(world, actor).post(url_of(name, world, actor), sent)
        # Then it is refused: the login for a visitor, 404 for another agglomeration's member,
        # 403 or 404 for a member of this one (405: the view takes no POST at all)
        refused = {"anonymous": {"login"}, "outsider": {"404"}}.get(actor, {"403", "404", "405"})
        got, written = answer(response), writes() - before
        if got not in refused or written:
            wrong[actor] = f"answered {got}, wrote {written} rows"
    assert wrong == {}
    # And nothing is written: no row in any table, no file
    assert (row_counts(), stored_files(world.objects["root"])) == (counts, files)


@pytest.mark.parametrize(("name", "actor"), _allowed_cases())
def test_an_allowed_post_writes(world: World, db: None, name: str, actor: str) -> None:
    """The payloads are real: from an allowed actor they change the world (a redirect after
    the write), so the refusals above are refusals of the actor, not of the input."""
    _allowed, payload = POST_POLICY[name]
    before, events = writes(), AuditEvent.objects.count()
    response = client_for(world, actor).post(url_of(name, world, actor), payload(world))
    problem = getattr(response, "context", None) and [
        (key, getattr(form, "errors", None))
        for key in ("form", "check_form", "return_form", "pass_form", "recommend_form")
        if (form := response.context.get(key)) is not None  # type: ignore[union-attr]
    ]
    written = (writes() > before, AuditEvent.objects.count() > events)
    assert (answer(response), written) == ("302", (True, True)), problem


# ---- the admin --------------------------------------------------------------------------------


def admin_urls() -> list[tuple[str, str]]:
    """Every admin URL with made-up ids (the admin refuses before it looks anything up)."""
    labels = sorted({model._meta.app_label for model in admin.site._registry})
    found = []
    for name, pattern in _walk(get_resolver().url_patterns, "", ""):
        if not name.startswith("admin"):
            continue
        if pattern.name == "app_list":
            path = reverse(name, kwargs={"app_label": labels[0]})
        elif pattern.name is not None:
            path = reverse(name, kwargs=dict.fromkeys(pattern.pattern.converters, "1"))
        elif "(?P<url>" in str(pattern.pattern):  # the admin's catch-all
            path = "/admin/nothing-here/"
        else:  # an object's short URL, redirecting to its change page
            path = "/" + name.replace("<path:object_id>", "1")
        found.append((name, path))
    return found


@pytest.mark.parametrize("actor", [a for a in ACTORS if a != "outsider_own_slug"])
def test_the_admin_is_closed_to_every_actor(world: World, db: None, actor: str) -> None:
    """None of these actors is staff: every admin page sends them to the admin's login."""
    client = client_for(world, actor)
    wrong = []
    for name, path in admin_urls():
        # the login form shows (for a member: "not authorised"); logging out goes to the index
        expected = {"admin:login": "200", "admin:logout": "302"}.get(name, "admin-login")
        response = client.get(path)
        got = answer(response)
        if got == "302" and response["Location"].startswith(reverse("admin:login")):
            got = "admin-login"
        if got != expected:
            wrong.append((name, path, got, expected))
    assert wrong == []

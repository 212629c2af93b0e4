"""Accessibility of every staff page type (issue 11, point 16 and its done-when).

The demo is loaded; each role of Olomouc (in Czech) and of Opole (in Polish), and Opole's
applicant without an organisation, logs in and follows the links it sees from its home page, one
page per page type (URL name), and axe-core checks each at a desktop and a phone-sized viewport:
no serious or critical finding, no heading out of order, and no page wider than the phone's
screen. The page types come from the URL conf: every staff page type must have been checked by
some role, unless it is listed below as not a page.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from playwright.sync_api import Browser, Page

from tests.e2e.accessibility import DESKTOP, crawl

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo12345"  # every demo login's
ROLES = ("manager", "coordinator", "working-group", "committee", "applicant", "auditor")
# The demo's Opole applicant who signed up without an organisation: registering it is a page of its
# own. Opole's demo also has a planned call, a meeting in preparation (its agenda and proposals)
# and an import waiting for its column mapping, which the crawl reaches from the lists.
NEWCOMER = ("opole-applicant-new", "pl")
# The partner agglomeration's staff with a role in the other one (cooperation.view): Olomouc's
# is a Polish speaker of Opole's office, Opole's a Czech speaker of Olomouc's.
PARTNERS = [("olomouc-partner", "pl"), ("opole-partner", "cs")]
USERS = [
    *((f"olomouc-{role}", "cs") for role in ROLES),
    *((f"opole-{role}", "pl") for role in ROLES),
    *PARTNERS,
    NEWCOMER,
]
# The cooperation pages (issue 13) each role of both members must have had checked: every page
# type in Czech (Olomouc's staff) and in Polish (Opole's), by each role that sees it, written out
# per role rather than derived from the permissions.
COOPERATION_READ = (
    "cooperation:list",
    "cooperation:partnership",
    "cooperation:exchange",
    "cooperation:library",
    "cooperation:card",
    # the joint idea, the comparison and what each side shares (read only but for the manager,
    # who ticks it on the same page), with the partner's shared strategy and dashboard
    "cooperation:idea",
    "cooperation:comparison",
    "cooperation:sharing",
    "cooperation:shared_strategy",
    "cooperation:shared_dashboard",
)
COOPERATION_WRITE = (
    "cooperation:exchange_new",
    "cooperation:exchange_edit",
    "cooperation:card_new",
    "cooperation:card_edit",
    "cooperation:idea_new",
    "cooperation:idea_edit",
    "cooperation:partnership_new",
    "cooperation:partnership_edit",
    "cooperation:project_new",
    "cooperation:project_edit",
    "cooperation:budget",
)
COOPERATION_BY_ROLE: dict[str, tuple[str, ...]] = {
    "manager": (*COOPERATION_READ, *COOPERATION_WRITE, "cooperation:exchange_news"),
    "coordinator": (*COOPERATION_READ, *COOPERATION_WRITE),
    "auditor": COOPERATION_READ,
    "partner": COOPERATION_READ,
    "working-group": (),
    "committee": (),
    "applicant": (),
}
STAFF_APPS = (
    "core",
    "agglomerations",
    "strategy",
    "calls",
    "intentions",
    "committee",
    "monitoring",
    "cooperation",
)
# URL names that answer no page of their own to a GET from a link: forms' POST targets, files and
# htmx fragments. Each needs a reason.
POST = "answers POST only: the form that posts to it is checked on its page"
NOT_CHECKED: dict[str, str] = {
    "calls:part_add": POST,
    "calls:part_remove": POST,
    "calls:schedule_new": POST,
    "calls:transition": POST,
    "committee:attendance": POST,
    "committee:conflict": POST,
    "committee:decide": POST,
    "committee:room_votes": POST,
    "committee:transition": POST,
    "committee:vote": POST,
    "committee:withdraw": POST,
    "intentions:attachment_add": POST,
    "intentions:attachment_delete": POST,
    "intentions:change_withdraw": POST,
    "intentions:contractor_add": POST,
    "intentions:contractor_remove": POST,
    "intentions:evaluation_formal_check": POST,
    "intentions:evaluation_assign": POST,
    "intentions:evaluation_pass": POST,
    "intentions:evaluation_recommend": POST,
    "intentions:evaluation_return": POST,
    "intentions:evaluation_unassign": POST,
    "intentions:managing_authority": POST,
    "intentions:submit": POST,
    "intentions:withdraw": POST,
    "monitoring:decommitment_delete": POST,
    "monitoring:decommitment_new": POST,
    "monitoring:import_again": POST,
    "monitoring:link_operation": POST,
    "monitoring:progress_step": POST,
    "monitoring:report_again": POST,
    "monitoring:reports_ask": POST,
    "monitoring:reports_schedule": POST,
    "monitoring:scope_rule_delete": POST,
    "strategy:amendment_edit": POST,
    "strategy:amendment_start": POST,
    "strategy:amendment_transition": POST,
    "agglomerations:member_grant": POST,
    "agglomerations:member_remove": POST,
    "agglomerations:member_revoke": POST,
    "agglomerations:organisation_status": POST,
    "committee:minutes_docx": "a DOCX file",
    "intentions:attachment": "an attached file",
    "intentions:statement_docx": "a DOCX file",
    "intentions:statement_pdf": "a PDF file",
    "monitoring:report_download": "a generated file",
    "monitoring:warnings_csv": "a CSV file",
    "agglomerations:audit_csv": "a CSV file",
    "monitoring:import_progress": "an htmx fragment of the import page (polled)",
    "cooperation:idea_step": POST,
    "cooperation:idea_comment": POST,
    "cooperation:exchange_participant_add": POST,
    "cooperation:exchange_participant_remove": POST,
    "cooperation:exchange_photo_add": POST,
    "cooperation:exchange_photo_remove": POST,
    "cooperation:exchange_photo": "a photo of an exchange (a JPEG file), not a page",
    "cooperation:exchange_item_add": POST,
    "cooperation:exchange_item_remove": POST,
}
# AXE_USERS="olomouc-manager,opole-partner" crawls only these users (the whole crawl takes long):
# their findings and their cooperation pages are checked, not that every page type was reached.
ONLY = [name for name in os.environ.get("AXE_USERS", "").split(",") if name]


def log_in(page: Page, base_url: str, username: str, language: str) -> None:
    """By the fields' ids: the labels are in the page's language (Czech or Polish)."""
    page.goto(f"{base_url}/{language}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base_url}/{language}/app/")


def staff_page_types() -> set[str]:
    """Every URL name of the staff apps."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace in STAFF_APPS:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_staff_page_type_has_no_serious_accessibility_finding(
    browser: Browser, live_server: Any
) -> None:
    call_command("load_demo", verbosity=0)
    findings: list[str] = []
    checked: set[str] = set()
    cooperation_missing: list[str] = []
    users = [(name, language) for name, language in USERS if not ONLY or name in ONLY]
    assert len(users) == len(ONLY) or not ONLY, f"AXE_USERS names an unknown user: {ONLY}"
    for username, language in users:
        context = browser.new_context(viewport=DESKTOP, locale=language)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server.url, username, language)
        result = crawl(page, live_server.url, username, language)
        context.close()
        findings += result.findings
        checked |= set(result.visited)
        role = username.split("-", 1)[1]
        if role in COOPERATION_BY_ROLE:
            expected = set(COOPERATION_BY_ROLE[role])
            seen = {kind for kind in result.visited if kind.startswith("cooperation:")}
            if lacking := expected - seen:
                cooperation_missing.append(f"{username} ({language}): {sorted(lacking)}")
            if extra := seen - expected:
                cooperation_missing.append(f"{username} ({language}) reached {sorted(extra)}")
    missing = set() if ONLY else staff_page_types() - checked - set(NOT_CHECKED)
    assert not findings and not missing and not cooperation_missing, "\n".join(
        [
            *findings,
            f"page types no role reached by a link: {sorted(missing)}",
            *(f"cooperation pages of a role: {line}" for line in cooperation_missing),
        ]
    )

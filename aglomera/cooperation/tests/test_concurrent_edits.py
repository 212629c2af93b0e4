"""Two offices edit the same exchange: the second save is refused and merged with the first
(what only the first changed is taken into the form, what both changed is flagged), so saving
the refused page again loses nothing; an edit without a (valid) revision is refused visibly.
Each page is read as a browser would send it back (the form's controls parsed from the HTML)."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from aglomera.accounts.models import Role, User
from aglomera.cooperation import actions, merge, queries
from aglomera.cooperation.models import DatePrecision, Exchange, ExchangeKind
from aglomera.cooperation.tests.helpers import CooperationWorld, exchange_fields
from aglomera.core.models import AuditEvent

pytestmark = pytest.mark.django_db


class _Form(HTMLParser):
    """The values a browser sends back from the page's form (inputs, text areas, selects)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "checkbox"):
            self.values[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            self.values.setdefault(a["name"], "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data.removeprefix("\n")


def form_of(page: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(page)
    parser.values.pop("csrfmiddlewaretoken", None)
    return parser.values


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_url(world: CooperationWorld, slug: str) -> str:
    return reverse("cooperation:exchange_edit", args=[slug, world.exchange.pk])


def open_form(world: CooperationWorld, user: User, slug: str) -> tuple[Client, dict[str, str]]:
    client = client_of(user)
    response = client.get(edit_url(world, slug))
    assert response.status_code == 200
    return client, form_of(response.content.decode())


def test_a_refused_save_takes_the_other_side_s_change_and_a_second_save_keeps_both(
    world: CooperationWorld,
) -> None:
    # A (Olomouc's manager) and B (Opole's manager) open the same exchange
    a_client, a_form = open_form(world, world.manager, "olomouc")
    b_client, b_form = open_form(world, world.users(world.opole, Role.MANAGER), "opole")
    assert a_form["revision"] == b_form["revision"] == "0"
    # A changes the Czech title and saves
    saved = a_client.post(edit_url(world, "olomouc"), {**a_form, "title_cs": "Stáž v Opolí 2021"})
    assert saved.status_code == 302
    # B changes the Polish outcomes and saves: refused
    refused = b_client.post(
        edit_url(world, "opole"), {**b_form, "outcomes_pl": "Wymiana doświadczeń."}
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Someone else saved this exchange" in page
    # the page shows A's change with both values, marked as taken into the form
    assert 'id="change-title_cs" data-outcome="taken"' in page
    assert "<del>Stáž v Opolí</del>" in page and "<ins>Stáž v Opolí 2021</ins>" in page
    assert "Title (Czech)" in page
    # B's input is kept, A's title is in the form, and the revision is the new one
    again = form_of(page)
    assert again["outcomes_pl"] == "Wymiana doświadczeń."
    assert again["title_cs"] == "Stáž v Opolí 2021"
    assert again["revision"] == "1"
    assert 'data-outcome="conflict"' not in page and "changed both by you" not in page
    # B saves the page again without looking: both edits stand
    assert b_client.post(edit_url(world, "opole"), again).status_code == 302
    world.exchange.refresh_from_db()
    assert world.exchange.title["cs"] == "Stáž v Opolí 2021"
    assert world.exchange.outcomes == {"pl": "Wymiana doświadczeń."}
    assert world.exchange.revision == 2
    edits = AuditEvent.objects.filter(code="cooperation.exchange.edited").order_by("id")
    assert [sorted(event.after) for event in edits] == [["title"], ["outcomes"]]


def test_every_field_the_other_side_changed_is_shown_and_taken(world: CooperationWorld) -> None:
    a_client, a_form = open_form(world, world.manager, "olomouc")
    b_client, b_form = open_form(world, world.users(world.opole, Role.MANAGER), "opole")
    a_changes = {
        "kind": ExchangeKind.STUDY_VISIT.value,
        "host": str(world.olomouc.pk),
        "project": "",
        "starts_on": "2021-08-01",
        "ends_on": "2021-09-01",
        "dates_precision": DatePrecision.MONTH.value,
        "source": "https://razemdlarozwoju.eu/staz",
        "participants_pl": "Dwie osoby.",
        "programme_en": "",
    }
    assert a_client.post(edit_url(world, "olomouc"), {**a_form, **a_changes}).status_code == 302
    refused = b_client.post(edit_url(world, "opole"), {**b_form, "title_en": "Internship"})
    assert refused.status_code == 422
    page = refused.content.decode()
    for key in [*a_changes]:
        assert f'id="change-{key}" data-outcome="taken"' in page, key
    assert page.count("data-outcome=") == len(a_changes)
    # the values are written for people: the kind, the host, the dates to their precision
    assert "<ins>Study visit</ins>" in page and "<del>Internship</del>" in page
    assert "<ins>Olomouc agglomeration</ins>" in page
    assert "<del>Together for agglomerations</del>" in page and "<ins>—</ins>" in page
    assert "<del>2021-08-15</del>" in page and "<ins>August 2021</ins>" in page
    assert "<ins>month only</ins>" in page
    again = form_of(page)
    assert {key: again[key] for key in a_changes} == a_changes
    assert again["title_en"] == "Internship"
    assert b_client.post(edit_url(world, "opole"), again).status_code == 302
    world.exchange.refresh_from_db()
    assert world.exchange.host == world.olomouc and world.exchange.project is None
    assert world.exchange.starts_on == date(2021, 8, 1)
    assert world.exchange.title["en"] == "Internship"


def test_a_value_both_sides_changed_is_a_conflict_and_the_same_change_is_not(
    world: CooperationWorld,
) -> None:
    a_client, a_form = open_form(world, world.manager, "olomouc")
    b_client, b_form = open_form(world, world.users(world.opole, Role.MANAGER), "opole")
    a_post = {**a_form, "title_pl": "Staż A", "outcomes_en": "Shared.", "kind": "study_visit"}
    assert a_client.post(edit_url(world, "olomouc"), a_post).status_code == 302
    refused = b_client.post(
        edit_url(world, "opole"),
        {**b_form, "title_pl": "Staż B", "outcomes_en": "Shared.", "kind": "other"},
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    assert 'id="change-title_pl" data-outcome="conflict"' in page
    assert 'id="change-outcomes_en" data-outcome="same"' in page
    assert 'id="change-kind" data-outcome="conflict"' in page
    assert "2 values were changed both by you and by the other side" in page
    assert "meanwhile: your input is kept" in page  # the kind has no language
    # at the field, naming the language
    assert "Changed both by you and in the version saved meanwhile (Polish)" in page
    assert "<ins>Staż A</ins>" in page
    again = form_of(page)
    assert again["title_pl"] == "Staż B"  # the user's own input is kept
    assert again["kind"] == "other"
    assert again["revision"] == "1"


def test_without_the_audit_log_every_difference_is_a_conflict(world: CooperationWorld) -> None:
    a_client, a_form = open_form(world, world.manager, "olomouc")
    b_client, b_form = open_form(world, world.users(world.opole, Role.MANAGER), "opole")
    assert a_client.post(edit_url(world, "olomouc"), {**a_form, "title_cs": "A"}).status_code == 302
    AuditEvent.objects.filter(code="cooperation.exchange.edited").delete()
    refused = b_client.post(edit_url(world, "opole"), {**b_form, "outcomes_pl": "B"})
    page = refused.content.decode()
    assert refused.status_code == 422
    assert "The version you started from is not known" in page
    assert 'id="change-title_cs" data-outcome="conflict"' in page
    assert 'id="change-outcomes_pl" data-outcome="conflict"' in page
    assert "<del>unknown</del>" in page
    assert "Changed both by you and in the version saved meanwhile (Czech)" in page
    assert form_of(page)["title_cs"] == "Stáž v Opolí"  # B's input, flagged


@pytest.mark.parametrize("revision", [None, "", "abc", "-1", "1.5"])
def test_an_edit_without_a_valid_revision_is_refused_with_a_message(
    world: CooperationWorld, revision: str | None
) -> None:
    client, form = open_form(world, world.manager, "olomouc")
    data: dict[str, Any] = {**form, "title_en": "Changed"}
    if revision is None:
        del data["revision"]
    else:
        data["revision"] = revision
    response = client.post(edit_url(world, "olomouc"), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert '<div class="errors" role="alert">' in page
    assert "does not say which version of the exchange it was opened from" in page
    world.exchange.refresh_from_db()
    assert world.exchange.title["en"] == "Internship in Opole" and world.exchange.revision == 0


def test_adding_an_exchange_needs_no_revision(world: CooperationWorld) -> None:
    client = client_of(world.manager)
    url = reverse("cooperation:exchange_new", args=["olomouc", world.partnership.pk])
    response = client.post(
        url,
        {
            "kind": "other",
            "title_en": "Conference",
            "host": world.olomouc.pk,
            "starts_on": "2024-05-05",
            "dates_precision": "day",
            "revision": "abc",  # ignored: a new exchange has none
        },
    )
    assert response.status_code == 302
    assert [e for e in Exchange.objects.all() if e.title.get("en") == "Conference"]


def edit(world: CooperationWorld, revision: int, **changes: Any) -> Exchange:
    return actions.update_exchange(
        world.exchange,
        exchange_fields(world.opole, project=world.project, **changes),
        agglomeration=world.olomouc,
        actor=world.manager,
        expected_revision=revision,
    )


def test_an_earlier_version_is_rebuilt_from_the_audit_log(world: CooperationWorld) -> None:
    first = actions.snapshot(world.exchange)
    edit(world, 0, title={"en": "Second"})
    second = actions.snapshot(Exchange.objects.get(pk=world.exchange.pk))
    third = edit(world, 1, title={"en": "Third"}, ends_on=None, source="")
    assert queries.exchange_as_of(third, 2) == actions.snapshot(third)
    assert queries.exchange_as_of(third, 1) == second
    assert queries.exchange_as_of(third, 0) == first
    assert queries.exchange_as_of(third, 3) is None  # not an earlier revision
    AuditEvent.objects.filter(code="cooperation.exchange.edited").order_by("id").first().delete()  # type: ignore[union-attr]
    assert queries.exchange_as_of(third, 0) is None  # the log does not reach back


def test_the_merge_per_input() -> None:
    base = {"title": {"cs": "a", "en": "x"}, "kind": "internship", "host": 1}
    theirs = {"title": {"cs": "b", "en": "x"}, "kind": "other", "host": 1, "source": "s"}
    mine = {"title": {"cs": "a", "en": "y"}, "kind": "study_visit", "host": 1, "source": "s"}
    result = merge.merge(base, theirs, mine)
    outcomes = {d.key: d.outcome for d in result.differences}
    assert outcomes == {"title_cs": "taken", "kind": "conflict", "source": "same"}
    assert result.values["title_cs"] == "b" and result.values["title_en"] == "y"
    assert result.values["kind"] == "study_visit"
    assert [d.key for d in result.conflicts] == ["kind"]
    assert result.form_data(4)["revision"] == "4" and result.form_data(4)["project"] == ""
    unknown = merge.merge(None, theirs, mine)
    assert {d.key: d.outcome for d in unknown.differences} == {
        "title_cs": "conflict",
        "title_en": "conflict",
        "kind": "conflict",
    }
    assert not unknown.base_known


def test_unknown_codes_and_names_are_shown_as_stored() -> None:
    result = merge.merge(
        {"kind": "internship", "dates_precision": "day", "host": 1},
        {"kind": "gone", "dates_precision": "decade", "host": 9},
        {"kind": "internship", "dates_precision": "day", "host": 1},
    )
    rows = merge.rows(result, None, {}, {"host": {}, "project": {}})
    assert [(row.label, row.theirs, row.outcome) for row in rows] == [
        ("Kind", "gone", "taken"),
        ("Host", "9", "taken"),
        ("The dates are known", "decade", "taken"),
    ]

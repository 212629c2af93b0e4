"""What the list of operations publishes of an intention (CPR 2021/1060 Art. 49(3)(a) and (e)):
purpose, achievements and contractors, filled by the applicant and the office; every role,
outsiders, bad input, the audit, the list's row and fixed query counts."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aglomera.accounts.models import Role, User
from aglomera.core.models import AuditEvent
from aglomera.intentions.actions.publication import (
    add_contractor,
    remove_contractor,
    set_publication_texts,
)
from aglomera.intentions.models import (
    Contractor,
    IntentionIndicator,
    IntentionStatus,
    ProjectIntention,
)
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.reports import art49
from aglomera.strategy.tests.builders import cycling_indicator, make_opole, make_user

S = IntentionStatus
CODE = "CZ.06.02.01/00/22_012/0000777"
READERS = {Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR}
EDITORS = {Role.MANAGER, Role.COORDINATOR, Role.APPLICANT}
WHO = [role.value for role in Role] + ["other_applicant", "outsider"]


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


@pytest.fixture
def project(world: PipelineWorld) -> ProjectIntention:
    """A contracted intention (legal act) with no purpose, no indicators and no contractor."""
    return world.intention(
        status=S.LEGAL_ACT, name="Cyklostezka Černovír", registration_number=CODE
    )


def _actor(world: PipelineWorld, who: str) -> User:
    if who == "other_applicant":
        return world.other_applicant
    if who == "outsider":
        return make_user("mallory", (make_opole(), Role.MANAGER))
    return world.user(Role(who))


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, world: PipelineWorld, pk: int, **more: int) -> str:
    return reverse(
        f"intentions:{name}", kwargs={"slug": world.agglomeration.slug, "pk": pk, **more}
    )


def _row(world: PipelineWorld, as_of: date | None = None) -> dict[str, object]:
    rows = art49.build_art49_rows(world.agglomeration, as_of or timezone.localdate())
    return next(row for row in rows if row["code"] == CODE)


TEXTS = {
    "purpose_cs": "Bezpečné spojení Černovíru s centrem Olomouce pro cyklisty.",
    "purpose_pl": "",
    "purpose_en": "",
    "achievements_cs": "2,5 km nové cyklostezky",
    "achievements_pl": "",
    "achievements_en": "",
}
FIRM: dict[str, Any] = {
    "name": "Stavby Morava s.r.o.",
    "country": "CZ",
    "identifier": "2559 6641",
    "procurement_reference": "N006/25/V00012345",
}


# --- who may open and fill the page ----------------------------------------------------------


@pytest.mark.parametrize("who", WHO)
def test_each_role_opens_and_fills_the_page_only_when_allowed(
    world: PipelineWorld, project: ProjectIntention, who: str
) -> None:
    # Given the contracted intention of Přerov and someone of each role
    client = _client(_actor(world, who))
    # When they open its page and send the texts and a contractor
    page = client.get(_url("publication", world, project.pk))
    texts = client.post(_url("publication", world, project.pk), TEXTS)
    added = client.post(_url("contractor_add", world, project.pk), FIRM)
    # Then Přerov's applicant and the office fill it, the other readers only read it, the
    # applicant of another organisation and the outsider learn nothing, partners get 403
    if who in ("other_applicant", "outsider"):
        expected = (404, 404, 404)
    elif Role(who) in EDITORS:
        expected = (200, 302, 302)
    elif Role(who) in READERS:
        expected = (200, 403, 403)
    else:
        expected = (403, 403, 403)
    assert (page.status_code, texts.status_code, added.status_code) == expected
    written = Role.__members__.get(who.upper()) in EDITORS
    assert Contractor.objects.exists() == written
    project.refresh_from_db()
    assert bool(project.art49_purpose) == written
    if page.status_code == 200:
        form_shown = 'name="purpose_cs"' in page.content.decode()
        assert form_shown == written


def test_anonymous_visitors_are_sent_to_log_in(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    response = Client().get(_url("publication", world, project.pk))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_action_refuses_a_reader(world: PipelineWorld, project: ProjectIntention) -> None:
    with pytest.raises(PermissionDenied):
        set_publication_texts(
            project, purpose={"cs": "x"}, achievements={}, actor=world.user(Role.AUDITOR)
        )
    with pytest.raises(PermissionDenied):
        add_contractor(project, name="Firma", actor=world.user(Role.WORKING_GROUP))
    assert not AuditEvent.objects.filter(code__startswith="intentions.publication").exists()


# --- purpose and achievements ----------------------------------------------------------------


def test_the_applicant_fills_the_purpose_and_achievements_the_list_publishes(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    # Given the contracted intention, which the list would publish without purpose and
    # achievements
    row = _row(world)
    assert (row["purpose"], row["achievements"]) == ("", "")
    # When its applicant fills them on the page
    response = _client(world.user(Role.APPLICANT)).post(
        _url("publication", world, project.pk), TEXTS
    )
    # Then they are saved and the list publishes them
    assert response.status_code == 302
    row = _row(world)
    assert row["purpose"] == "Bezpečné spojení Černovíru s centrem Olomouce pro cyklisty."
    assert row["achievements"] == "2,5 km nové cyklostezky"
    assert art49.missing_items([row]).keys().isdisjoint({"purpose", "achievements"})
    # And the change is audited with what was there before
    event = AuditEvent.objects.get(code="intentions.publication.updated")
    assert event.actor == world.user(Role.APPLICANT)
    assert event.before == {"purpose": {}, "achievements": {}}
    assert event.after["achievements"] == {"cs": "2,5 km nové cyklostezky"}
    # And the same texts sent again change nothing and write no second record
    _client(world.user(Role.APPLICANT)).post(_url("publication", world, project.pk), TEXTS)
    assert AuditEvent.objects.filter(code="intentions.publication.updated").count() == 1


def test_without_texts_the_list_falls_back_to_the_activities_and_indicators(
    world: PipelineWorld,
) -> None:
    # Given a contracted intention with activities and a committed indicator
    intention = world.intention(
        status=S.LEGAL_ACT, registration_number=CODE, activities={"cs": "Stavba cyklostezky."}
    )
    IntentionIndicator.objects.create(
        intention=intention, indicator=cycling_indicator(), committed_value=Decimal("2.500")
    )
    # When nothing was stated for the list
    row = _row(world)
    # Then the list publishes the activities and the indicators
    assert row["purpose"] == "Stavba cyklostezky."
    assert row["achievements"] == "T-CYKLO Podpořená cyklistická infrastruktura: 2.5 km"
    # And the page says where they come from
    page = _client(world.user(Role.APPLICANT)).get(_url("publication", world, intention.pk))
    html = page.content.decode()
    assert "Stavba cyklostezky." in html
    assert "T-CYKLO" in html
    # And once stated, the stated texts win
    set_publication_texts(
        intention,
        purpose={"cs": "Cyklisté bezpečně do centra."},
        achievements={"pl": "2,5 km ścieżki rowerowej"},
        actor=world.user(Role.COORDINATOR),
    )
    row = _row(world)
    assert row["purpose"] == "Cyklisté bezpečně do centra."
    assert row["achievements"] == "2,5 km ścieżki rowerowej"  # the only language given


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("purpose_cs", "Cyklostezka\x0bpodél řeky", "invisible control character (U+000B)"),
        ("achievements_pl", "x" * 4001, "Ensure this value has at most 4000 characters"),
    ],
)
def test_bad_texts_are_refused_next_to_the_field_and_kept(
    world: PipelineWorld, project: ProjectIntention, field: str, value: str, message: str
) -> None:
    data = {**TEXTS, field: value}
    response = _client(world.user(Role.MANAGER)).post(_url("publication", world, project.pk), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert "2,5 km nové cyklostezky" in html  # what was typed stays
    project.refresh_from_db()
    assert not project.art49_purpose
    assert not AuditEvent.objects.filter(code="intentions.publication.updated").exists()


def test_the_action_refuses_a_text_too_long_or_with_a_control_character(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    with pytest.raises(ValidationError) as caught:
        set_publication_texts(
            project,
            purpose={"cs": "y" * 4001},
            achievements={"en": "a\x00b", "xx": "an unknown language is dropped"},
            actor=world.user(Role.MANAGER),
        )
    assert set(caught.value.message_dict) == {"purpose", "achievements"}


# --- contractors -----------------------------------------------------------------------------


def test_the_office_records_contractors_and_the_list_names_them(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    # Given the coordinator on the intention's page
    client = _client(world.user(Role.COORDINATOR))
    # When they add a company (its IČO typed with a space) and a natural person
    assert client.post(_url("contractor_add", world, project.pk), FIRM).status_code == 302
    person = {
        "name": "Jan Dvořák",
        "natural_person": "on",
        "country": "CZ",
        "identifier": "27074358",
        "procurement_reference": "N006/25/V00012346",
    }
    assert client.post(_url("contractor_add", world, project.pk), person).status_code == 302
    # Then both are stored, the IČO as its eight digits
    firm = Contractor.objects.get(name="Stavby Morava s.r.o.")
    assert (firm.country, firm.identifier, firm.added_by) == (
        "CZ",
        "25596641",
        world.user(Role.COORDINATOR),
    )
    # And the list names them: the company with its number, the person by name only
    assert _row(world)["contractor"] == "Jan Dvořák; Stavby Morava s.r.o. (IČO 25596641)"
    # And the page shows them in the list's format
    html = client.get(_url("publication", world, project.pk)).content.decode()
    assert "IČO 25596641" in html
    assert "N006/25/V00012345" in html
    # And each addition is audited
    events = AuditEvent.objects.filter(code="intentions.contractor.added").order_by("pk")
    assert [event.after["name"] for event in events] == ["Stavby Morava s.r.o.", "Jan Dvořák"]


@pytest.mark.parametrize(
    ("country", "raw", "stored", "published"),
    [
        ("CZ", "301825", "00301825", "IČO 00301825"),  # leading zeros restored
        ("PL", "531 412 421", "531412421", "REGON 531412421"),
        ("PL", "7543012347", "7543012347", "NIP 7543012347"),
        ("", "SK2020317068", "SK2020317068", "SK2020317068"),  # another country: as given
        ("CZ", "", "", ""),
    ],
)
def test_a_contractors_number_has_the_lists_one_format(
    world: PipelineWorld,
    project: ProjectIntention,
    country: str,
    raw: str,
    stored: str,
    published: str,
) -> None:
    contractor = add_contractor(
        project, name="Dodavatel", country=country, identifier=raw, actor=world.user(Role.MANAGER)
    )
    assert contractor.identifier == stored
    expected = f"Dodavatel ({published})" if published else "Dodavatel"
    assert _row(world)["contractor"] == expected


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"identifier": "25596642"}, "identifier", "wrong check digit"),
        ({"identifier": "12AB"}, "identifier", "digits only"),
        ({"country": "PL", "identifier": "12345"}, "identifier", "A REGON has 9 or 14 digits"),
        ({"country": "PL", "identifier": "7543012345"}, "identifier", "The NIP"),
        ({"country": "", "identifier": "<script>"}, "identifier", "as the contractor"),
        ({"country": "DE"}, "country", "Select a valid choice"),
        ({"name": "   "}, "name", "This field is required"),
        ({"name": "Firma\x07"}, "name", "U+0007"),
        ({"procurement_reference": "N006\x07"}, "procurement_reference", "U+0007"),
    ],
)
def test_bad_contractor_input_is_refused_next_to_the_field_and_kept(
    world: PipelineWorld, project: ProjectIntention, data: dict[str, str], field: str, message: str
) -> None:
    # Given the applicant on the page
    client = _client(world.user(Role.APPLICANT))
    # When they send a contractor with one bad value
    response = client.post(_url("contractor_add", world, project.pk), {**FIRM, **data})
    # Then the form comes back with 422, the message at its field, the input kept, nothing saved
    assert response.status_code == 422
    form = response.context["contractor_form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert 'value="N006/25/V00012345"' in response.content.decode() or field == (
        "procurement_reference"
    )
    assert not Contractor.objects.exists()
    assert not AuditEvent.objects.filter(code="intentions.contractor.added").exists()


def test_the_action_checks_what_the_form_cannot(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    manager = world.user(Role.MANAGER)
    for values, field in (
        ({"name": ""}, "name"),
        ({"name": "x" * 301}, "name"),
        ({"name": "Firma", "country": "SK"}, "country"),
        ({"name": "Firma", "procurement_reference": "r" * 101}, "procurement_reference"),
        ({"name": "Firma", "country": "", "identifier": "X" * 21}, "identifier"),
    ):
        with pytest.raises(ValidationError) as caught:
            add_contractor(project, actor=manager, **values)  # type: ignore[arg-type]
        assert list(caught.value.message_dict) == [field]
    assert not Contractor.objects.exists()


def test_the_same_contractor_of_the_same_procurement_is_listed_once(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    manager = world.user(Role.MANAGER)
    add_contractor(project, actor=manager, **FIRM)
    # The same number again, for the same procurement: refused
    with pytest.raises(ValidationError, match="already listed"):
        add_contractor(project, actor=manager, **{**FIRM, "name": "STAVBY MORAVA"})
    # A contractor without a number is recognised by its name
    add_contractor(project, actor=manager, name="Jan Dvořák", natural_person=True)
    with pytest.raises(ValidationError, match="already listed"):
        add_contractor(project, actor=manager, name="JAN DVOŘÁK", natural_person=True)
    add_contractor(project, actor=manager, name="Petr Malý", natural_person=True)
    # Another firm of the same procurement is recorded
    add_contractor(
        project, actor=manager, **{**FIRM, "name": "Kámen a.s.", "identifier": "47114983"}
    )
    # Another procurement of the same firm is recorded, and published once
    add_contractor(project, actor=manager, **{**FIRM, "procurement_reference": "N006/26/V1"})
    assert Contractor.objects.count() == 5
    assert _row(world)["contractor"] == (
        "Jan Dvořák; Kámen a.s. (IČO 47114983); Petr Malý; Stavby Morava s.r.o. (IČO 25596641)"
    )


def test_the_same_form_sent_twice_records_one_contractor(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    client = _client(world.user(Role.APPLICANT))
    page = client.get(_url("publication", world, project.pk))
    token = page.context["contractor_form"]["form_token"].value()
    for _time in range(2):
        response = client.post(
            _url("contractor_add", world, project.pk), {**FIRM, "form_token": token}
        )
        assert response.status_code == 302
    assert Contractor.objects.count() == 1


def test_a_contractor_is_removed_and_the_removal_audited(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    # Given a recorded contractor
    contractor = add_contractor(project, actor=world.user(Role.APPLICANT), **FIRM)
    # When the manager removes it
    response = _client(world.user(Role.MANAGER)).post(
        _url("contractor_remove", world, project.pk, contractor_pk=contractor.pk)
    )
    # Then it is gone from the intention and from the list, with an audit record
    assert response.status_code == 302
    assert not Contractor.objects.exists()
    assert _row(world)["contractor"] == ""
    event = AuditEvent.objects.get(code="intentions.contractor.removed")
    assert event.before["identifier"] == "25596641"
    assert event.actor == world.user(Role.MANAGER)


def test_a_contractor_of_another_intention_or_agglomeration_is_404(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    # Given a contractor of another intention of the same applicant
    other = world.intention(status=S.LEGAL_ACT, registration_number="CZ.06.02.01/00/22_012/0000778")
    theirs = add_contractor(other, actor=world.user(Role.MANAGER), **FIRM)
    manager = _client(world.user(Role.MANAGER))
    # When it is removed through the first intention's address
    wrong = _url("contractor_remove", world, project.pk, contractor_pk=theirs.pk)
    # Then it does not exist there
    assert manager.post(wrong).status_code == 404
    # And the manager of Opole cannot reach it at all
    outsider = _client(_actor(world, "outsider"))
    right = _url("contractor_remove", world, other.pk, contractor_pk=theirs.pk)
    assert outsider.post(right).status_code == 404
    # And the applicant of another organisation is not told it exists
    assert _client(world.other_applicant).post(right).status_code == 404
    assert Contractor.objects.filter(pk=theirs.pk).exists()


def test_a_natural_person_contractor_leaves_the_list_with_the_two_year_rule(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    # Given a natural-person contractor and a firm, first published on 15 March 2026
    manager = world.user(Role.MANAGER)
    add_contractor(project, actor=manager, name="Jan Dvořák", natural_person=True, identifier="")
    add_contractor(project, actor=manager, **FIRM)
    ProjectIntention.objects.filter(pk=project.pk).update(
        art49_first_published_on=date(2026, 3, 15)
    )
    # Then the person is named until two years after it, then only the firm stays
    assert _row(world, date(2028, 3, 15))["contractor"] == (
        "Jan Dvořák; Stavby Morava s.r.o. (IČO 25596641)"
    )
    assert _row(world, date(2028, 3, 16))["contractor"] == "Stavby Morava s.r.o. (IČO 25596641)"


def test_a_change_of_contractors_is_the_operations_last_update(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    ProjectIntention.objects.filter(pk=project.pk).update(
        updated_at=timezone.now() - timedelta(days=40)
    )
    contractor = add_contractor(project, actor=world.user(Role.MANAGER), **FIRM)
    project.refresh_from_db()
    assert timezone.now() - project.updated_at < timedelta(minutes=5)
    ProjectIntention.objects.filter(pk=project.pk).update(
        updated_at=timezone.now() - timedelta(days=40)
    )
    remove_contractor(contractor, actor=world.user(Role.MANAGER))
    project.refresh_from_db()
    assert timezone.now() - project.updated_at < timedelta(minutes=5)


def test_the_page_reads_a_fixed_number_of_queries(
    world: PipelineWorld,
    project: ProjectIntention,
    django_assert_num_queries: object,
) -> None:
    client = _client(world.user(Role.APPLICANT))
    url = _url("publication", world, project.pk)
    client.get(url)  # warm the session
    with django_assert_num_queries(7) as few:  # type: ignore[operator]
        client.get(url)
    # More contractors and indicators, the same number of queries
    for number in ("25596641", "27074358", "47114983"):
        add_contractor(
            project, actor=world.user(Role.MANAGER), name=f"Firma {number}", identifier=number
        )
    IntentionIndicator.objects.create(
        intention=project, indicator=cycling_indicator(), committed_value=Decimal("1")
    )
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        client.get(url)


def test_the_intention_page_links_to_the_published_information(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    html = _client(world.user(Role.APPLICANT)).get(_url("detail", world, project.pk))
    assert _url("publication", world, project.pk) in html.content.decode()


def test_a_natural_person_contractor_keeps_no_identification_number(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    contractor = add_contractor(
        project,
        actor=world.user(Role.MANAGER),
        name="Jan Dvořák",
        natural_person=True,
        country="CZ",
        identifier="25596641",
    )
    assert (contractor.natural_person, contractor.identifier) == (True, "")

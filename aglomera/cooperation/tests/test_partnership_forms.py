"""The office records a partnership, a cooperation project and a partner's budget through its
own forms (no admin needed): in Czech and Polish with amounts typed the local way, refused
input answering 422 with what was typed kept, each write audited, and only the office of a
member allowed (answers written by hand per role)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aglomera.accounts.models import Role, User
from aglomera.cooperation.models import (
    CooperationProject,
    Partnership,
    PartnershipMember,
    ProjectBudget,
)
from aglomera.cooperation.tests.helpers import CooperationWorld
from aglomera.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# role -> answer to the form of a new project, on either member's slug (written by hand)
FORM_ANSWERS = {
    Role.MANAGER: 200,
    Role.COORDINATOR: 200,
    Role.AUDITOR: 403,
    Role.PARTNER: 403,
    Role.APPLICANT: 403,
    Role.COMMITTEE: 403,
    Role.WORKING_GROUP: 403,
}


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return reverse(f"cooperation:{name}", args=args)


def test_a_czech_manager_records_a_partnership_with_its_agreement(world: CooperationWorld) -> None:
    client = client_of(world.manager)
    form = client.get(url("partnership_new", "cs", "olomouc"))
    assert form.status_code == 200
    page = form.content.decode()
    assert "Ostravská aglomerace" in page  # any other agglomeration may be chosen
    assert f'value="{world.olomouc.pk}"' not in page.split('name="partners"', 1)[1][:200]
    token = page.split('name="form_token" value="', 1)[1][:36]
    response = client.post(
        url("partnership_new", "cs", "olomouc"),
        {
            "name_cs": "Spolupráce Olomouc–Ostrava",
            "name_en": "Olomouc-Ostrava cooperation",
            "partners": [world.ostrava.pk],
            "agreement_signed_on": "2024-03-01",
            "agreement_precision": "month",
            "agreement_source": "https://example.org/dohoda.pdf",
            "form_token": token,
        },
    )
    assert response.status_code == 302
    partnership = Partnership.objects.latest("pk")
    assert partnership.name["cs"] == "Spolupráce Olomouc–Ostrava"
    assert response["Location"] == url("partnership", "cs", "olomouc", partnership.pk)
    assert set(
        PartnershipMember.objects.filter(partnership=partnership).values_list(
            "agglomeration__slug", flat=True
        )
    ) == {"olomouc", "ostrava"}
    event = AuditEvent.objects.get(code="cooperation.partnership.created", object_id=partnership.pk)
    assert event.actor_id == world.manager.pk
    detail = client.get(response["Location"]).content.decode()
    assert '<time class="date" datetime="2024-03">březen 2024</time>' in detail
    # Opole is no member of it: its staff get 404
    opole = client_of(world.users(world.opole, Role.MANAGER))
    assert opole.get(url("partnership", "cs", "opole", partnership.pk)).status_code == 404


def test_a_partnership_without_a_partner_is_refused_with_what_was_typed_kept(
    world: CooperationWorld,
) -> None:
    client = client_of(world.manager)
    before = Partnership.objects.count()
    page = client.get(url("partnership_new", "pl", "olomouc")).content.decode()
    token = page.split('name="form_token" value="', 1)[1][:36]
    response = client.post(
        url("partnership_new", "pl", "olomouc"),
        {
            "name_pl": "Współpraca bez partnera",
            "agreement_signed_on": "2024-03-05",
            "agreement_precision": "month",
            "form_token": token,
        },
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert 'value="Współpraca bez partnera"' in text
    assert "To pole jest wymagane." in text  # the partners, in Polish
    assert Partnership.objects.count() == before


def test_a_month_precise_agreement_must_be_the_first_day(world: CooperationWorld) -> None:
    client = client_of(world.manager)
    page = client.get(url("partnership_new", "en", "olomouc")).content.decode()
    token = page.split('name="form_token" value="', 1)[1][:36]
    response = client.post(
        url("partnership_new", "en", "olomouc"),
        {
            "name_en": "Cooperation",
            "partners": [world.ostrava.pk],
            "agreement_signed_on": "2024-03-05",
            "agreement_precision": "month",
            "form_token": token,
        },
    )
    assert response.status_code == 422
    assert not any(p.name.get("en") == "Cooperation" for p in Partnership.objects.all())


@pytest.mark.parametrize(("role", "answer"), list(FORM_ANSWERS.items()))
@pytest.mark.parametrize("side", ["olomouc", "opole"])
def test_who_opens_the_project_form(
    world: CooperationWorld, role: Role, answer: int, side: str
) -> None:
    member = world.olomouc if side == "olomouc" else world.opole
    client = client_of(world.users(member, role))
    assert client.get(url("project_new", "en", side, world.partnership.pk)).status_code == answer
    assert client.get(url("budget", "en", side, world.project.pk)).status_code == answer


def test_a_third_agglomerations_office_gets_404(world: CooperationWorld) -> None:
    client = client_of(world.users(world.ostrava, Role.MANAGER))
    assert client.get(url("project_new", "en", "ostrava", world.partnership.pk)).status_code == 404
    assert client.get(url("budget", "en", "ostrava", world.project.pk)).status_code == 404


def test_opoles_office_adds_a_project_in_polish_with_the_programme_per_language(
    world: CooperationWorld,
) -> None:
    opole = world.users(world.opole, Role.MANAGER)
    client = client_of(opole)
    page = client.get(url("project_new", "pl", "opole", world.partnership.pk)).content.decode()
    token = page.split('name="form_token" value="', 1)[1][:36]
    response = client.post(
        url("project_new", "pl", "opole", world.partnership.pk),
        {
            "name_pl": "Razem dla rozwoju aglomeracji 2020+",
            "name_cs": "Společně pro rozvoj aglomerací 2020+",
            "programme_pl": "Interreg V-A Republika Czeska – Polska",
            "programme_cs": "Interreg V-A Česká republika – Polsko",
            "registration_number": " CZ.11.4.120/0.0/0.0/19_009/0002000 ",
            "starts_on": "2020-02-01",
            "starts_precision": "month",
            "ends_on": "2023-01-01",
            "ends_precision": "month",
            "form_token": token,
        },
    )
    assert response.status_code == 302
    project = CooperationProject.objects.latest("pk")
    assert project.name["pl"] == "Razem dla rozwoju aglomeracji 2020+"
    assert project.registration_number == "CZ.11.4.120/0.0/0.0/19_009/0002000"
    assert AuditEvent.objects.filter(
        code="cooperation.project.created", object_id=project.pk, agglomeration_id=world.opole.pk
    ).exists()
    # each reader gets the programme's name in their language
    czech = client_of(world.manager).get(url("partnership", "cs", "olomouc", world.partnership.pk))
    assert "Interreg V-A Česká republika – Polsko" in czech.content.decode()
    polish = client.get(response["Location"]).content.decode()
    assert "Interreg V-A Republika Czeska – Polska" in polish


def test_a_project_ending_before_it_starts_is_refused(world: CooperationWorld) -> None:
    client = client_of(world.manager)
    page = client.get(url("project_new", "cs", "olomouc", world.partnership.pk)).content.decode()
    token = page.split('name="form_token" value="', 1)[1][:36]
    before = CooperationProject.objects.count()
    response = client.post(
        url("project_new", "cs", "olomouc", world.partnership.pk),
        {
            "name_cs": "Mikroprojekt",
            "starts_on": "2018-06-01",
            "starts_precision": "day",
            "ends_on": "2017-06-01",
            "ends_precision": "day",
            "form_token": token,
        },
    )
    assert response.status_code == 422
    assert 'value="Mikroprojekt"' in response.content.decode()
    assert CooperationProject.objects.count() == before


def test_a_budget_typed_the_czech_way_is_kept_with_its_currency_basis_and_rate(
    world: CooperationWorld,
) -> None:
    client = client_of(world.manager)
    response = client.post(
        url("budget", "cs", "olomouc", world.project.pk),
        {
            "partner": world.opole.pk,
            "basis": "total",
            "amount": "4 300 000,50",
            "currency": "PLN",
            "eu_rate": "85,5",
        },
    )
    assert response.status_code == 302
    budget = ProjectBudget.objects.get(
        project=world.project, agglomeration=world.opole, basis="total"
    )
    assert (budget.amount, budget.currency, budget.eu_rate) == (
        Decimal("4300000.50"),
        "PLN",
        Decimal("0.8550"),
    )
    page = client.get(response["Location"]).content.decode()
    assert "4 300 000,50" in page.replace("\xa0", " ")
    event = AuditEvent.objects.filter(code="cooperation.budget.set").latest("pk")
    assert event.after["amount"] == "4300000.50"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "4,300,000.50", "Zadejte částku"),
        ("eu_rate", "120", "100"),
        ("currency", "USD", "Vyberte platnou možnost"),
    ],
)
def test_a_bad_budget_is_refused_in_czech_and_changes_nothing(
    world: CooperationWorld, field: str, value: str, message: str
) -> None:
    client = client_of(world.manager)
    data = {
        "partner": world.opole.pk,
        "basis": "total",
        "amount": "1 000,00",
        "currency": "PLN",
        "eu_rate": "85",
        field: value,
    }
    count = ProjectBudget.objects.count()
    response = client.post(url("budget", "cs", "olomouc", world.project.pk), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert f'value="{value}"' in response.content.decode() or field == "currency"
    assert ProjectBudget.objects.count() == count


def test_a_budget_for_an_agglomeration_outside_the_partnership_is_refused(
    world: CooperationWorld,
) -> None:
    client = client_of(world.manager)
    count = ProjectBudget.objects.count()
    response = client.post(
        url("budget", "en", "olomouc", world.project.pk),
        {"partner": world.ostrava.pk, "basis": "total", "amount": "1", "currency": "CZK"},
    )
    assert response.status_code == 422
    assert ProjectBudget.objects.count() == count


def test_the_manager_sees_the_buttons_and_a_partner_does_not(world: CooperationWorld) -> None:
    manager_page = client_of(world.manager).get(
        url("partnership", "en", "olomouc", world.partnership.pk)
    )
    text = manager_page.content.decode()
    assert url("project_new", "en", "olomouc", world.partnership.pk) in text
    assert url("budget", "en", "olomouc", world.project.pk) in text
    listing = client_of(world.manager).get(url("list", "en", "olomouc")).content.decode()
    assert url("partnership_new", "en", "olomouc") in listing
    partner = client_of(world.users(world.olomouc, Role.PARTNER))
    text = partner.get(url("partnership", "en", "olomouc", world.partnership.pk)).content.decode()
    assert url("project_new", "en", "olomouc", world.partnership.pk) not in text
    assert (
        url("partnership_new", "en", "olomouc")
        not in partner.get(url("list", "en", "olomouc")).content.decode()
    )


def test_the_action_refuses_a_registration_number_too_long(world: CooperationWorld) -> None:
    from django.core.exceptions import ValidationError

    from aglomera.cooperation import actions

    with pytest.raises(ValidationError) as refused:
        actions.create_project(
            world.partnership,
            actions.ProjectFields(name={"cs": "Projekt"}, registration_number="9" * 101),
            agglomeration=world.olomouc,
            actor=world.manager,
        )
    assert "registration_number" in refused.value.message_dict


def test_a_partner_id_past_the_databases_range_is_an_invalid_choice(
    world: CooperationWorld,
) -> None:
    client = client_of(world.manager)
    page = client.get(url("partnership_new", "cs", "olomouc")).content.decode()
    token = page.split('name="form_token" value="', 1)[1][:36]
    response = client.post(
        url("partnership_new", "cs", "olomouc"),
        {
            "name_cs": "Spolupráce",
            "partners": ["99999999999999999999999"],
            "agreement_precision": "day",
            "form_token": token,
        },
    )
    assert response.status_code == 422
    assert "Vyberte platnou možnost" in response.content.decode()


def test_a_budget_set_by_the_other_office_is_in_both_audit_logs(world: CooperationWorld) -> None:
    client = client_of(world.manager)
    response = client.post(
        url("budget", "en", "olomouc", world.project.pk),
        {"partner": world.opole.pk, "basis": "total", "amount": "-0", "currency": "PLN"},
    )
    assert response.status_code == 302
    events = AuditEvent.objects.filter(code="cooperation.budget.set").order_by("-pk")[:2]
    assert {event.agglomeration_id for event in events} == {world.olomouc.pk, world.opole.pk}
    assert all(event.after["amount"] == "0.00" or event.after["amount"] == "0" for event in events)
    # its own budget is in its own log once
    client.post(
        url("budget", "en", "olomouc", world.project.pk),
        {"partner": world.olomouc.pk, "basis": "total", "amount": "5", "currency": "CZK"},
    )
    latest = AuditEvent.objects.filter(code="cooperation.budget.set").order_by("-pk")
    assert latest[0].agglomeration_id == world.olomouc.pk
    assert latest[1].after["partner"] == world.opole.pk

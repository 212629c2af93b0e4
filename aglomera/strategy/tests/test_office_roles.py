"""Per programme action the office selects, assesses consistency, or only monitors."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.models import AuditEvent
from aglomera.strategy import actions
from aglomera.strategy.models import OfficeRole, OfficeRoleKind
from aglomera.strategy.queries import list_office_roles, office_role_for
from aglomera.strategy.tests.builders import Programmes, Users

pytestmark = pytest.mark.django_db


def test_it_defaults_to_selecting_and_records_a_configured_role(
    opole: Agglomeration, mallory: User, programmes: Programmes
) -> None:
    # Given the Opole office and the FEO action, not configured yet
    action = programmes.feo_mobility
    assert office_role_for(opole.pk, action.pk) == OfficeRoleKind.SELECTS
    # When the manager says the office only assesses consistency there
    actions.set_office_role(
        opole, specific_objective=action, role=OfficeRoleKind.ASSESSES_CONSISTENCY, actor=mallory
    )
    # Then the role is in force, listed as configured, and audited
    assert office_role_for(opole.pk, action.pk) == OfficeRoleKind.ASSESSES_CONSISTENCY
    rows = {row.specific_objective.pk: row for row in list_office_roles(opole.pk, "PL")}
    assert rows[action.pk].configured
    assert rows[action.pk].role == OfficeRoleKind.ASSESSES_CONSISTENCY
    assert AuditEvent.objects.filter(code="strategy.office_role.set").count() == 1
    # And changing it again keeps one row, with the previous value in the audit log
    actions.set_office_role(
        opole, specific_objective=action, role=OfficeRoleKind.MONITORS, actor=mallory
    )
    assert OfficeRole.objects.get().role == OfficeRoleKind.MONITORS
    latest = AuditEvent.objects.filter(code="strategy.office_role.set").first()
    assert latest is not None
    assert latest.before == {"role": OfficeRoleKind.ASSESSES_CONSISTENCY}


def test_it_refuses_a_programme_of_another_country(
    opole: Agglomeration, mallory: User, programmes: Programmes
) -> None:
    with pytest.raises(ValidationError) as error:
        actions.set_office_role(
            opole,
            specific_objective=programmes.irop_mobility,
            role=OfficeRoleKind.MONITORS,
            actor=mallory,
        )
    assert "specific_objective" in error.value.message_dict
    assert not OfficeRole.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.MANAGER])
def test_only_the_manager_configures_roles(
    opole: Agglomeration, users: Users, programmes: Programmes, role: Role
) -> None:
    actor = users(opole, role)
    with pytest.raises(PermissionDenied):
        actions.set_office_role(
            opole,
            specific_objective=programmes.feo_mobility,
            role=OfficeRoleKind.MONITORS,
            actor=actor,
        )


def test_the_page_lists_actions_and_saves_a_role(
    opole: Agglomeration, mallory: User, programmes: Programmes, users: Users
) -> None:
    client = Client()
    client.force_login(mallory)
    url = "/pl/app/opole/office-roles/"
    page = client.get(url)
    assert page.status_code == 200
    assert programmes.feo_mobility.code in page.content.decode()
    response = client.post(
        url,
        {"specific_objective": programmes.feo_mobility.pk, "role": OfficeRoleKind.MONITORS},
    )
    assert response.status_code == 302
    assert OfficeRole.objects.get().role == OfficeRoleKind.MONITORS
    bad = client.post(url, {"specific_objective": programmes.feo_mobility.pk, "role": "boss"})
    assert bad.status_code == 422
    # A coordinator reads the page but cannot save
    coordinator = Client()
    coordinator.force_login(users(opole, Role.COORDINATOR))
    assert coordinator.get(url).status_code == 200
    assert (
        coordinator.post(
            url, {"specific_objective": programmes.feo_mobility.pk, "role": OfficeRoleKind.SELECTS}
        ).status_code
        == 403
    )


def test_an_outsider_gets_404(olomouc: Agglomeration, opole: Agglomeration, alice: User) -> None:
    client = Client()
    client.force_login(alice)
    assert client.get("/pl/app/opole/office-roles/").status_code == 404


def test_the_page_refuses_a_programme_of_another_country_on_its_form(
    opole: Agglomeration, mallory: User, programmes: Programmes
) -> None:
    # Given the Opole manager on the office-roles page
    client = Client()
    client.force_login(mallory)
    # When a Czech programme action is posted as if it were one of Opole's
    response = client.post(
        "/en/app/opole/office-roles/",
        {"specific_objective": programmes.irop_mobility.pk, "role": OfficeRoleKind.MONITORS},
    )
    # Then the form refuses the choice and nothing is written
    assert response.status_code == 422
    assert "specific_objective" in response.context["form"].errors
    assert not OfficeRole.objects.exists()
    assert not AuditEvent.objects.filter(code="strategy.office_role.set").exists()

"""The portal's addresses: `/` goes to the reader's language, `/<lang>/` lists the
agglomerations, each portal lives under its slug, and a bound host name serves one portal at
its root."""

from __future__ import annotations

import pytest
from django.test import Client

from aglomera.agglomerations.models import Agglomeration
from aglomera.portal.models import PortalHost


def test_the_root_sends_the_reader_to_a_language(client: Client, db: None) -> None:
    response = client.get("/", headers={"accept-language": "pl"})
    assert response.status_code == 302
    assert response["Location"] == "/pl/"


def test_the_index_lists_the_agglomerations_without_login(
    client: Client, olomouc: Agglomeration, opole: Agglomeration
) -> None:
    page = client.get("/cs/").content.decode()
    assert 'href="/cs/olomouc/"' in page
    assert 'href="/cs/opole/"' in page


def test_a_portal_lives_under_its_slug(client: Client, olomouc: Agglomeration) -> None:
    response = client.get("/pl/olomouc/")
    assert response.status_code == 200
    assert response.context["request"].portal == olomouc
    assert 'href="/pl/olomouc/"' in response.content.decode()


def test_an_unknown_agglomeration_is_not_found(client: Client, db: None) -> None:
    assert client.get("/cs/nowhere/").status_code == 404


@pytest.mark.parametrize("path", ["/cs/", "/en/"])
def test_a_bound_host_serves_its_portal_at_the_root(
    client: Client, olomouc: Agglomeration, settings: object, path: str
) -> None:
    PortalHost.objects.create(host="iti.example.cz", agglomeration=olomouc)
    settings.ALLOWED_HOSTS = ["testserver", "iti.example.cz"]  # type: ignore[attr-defined]
    response = client.get(path, headers={"host": "iti.example.cz"})
    assert response.status_code == 200
    assert response.context["request"].portal == olomouc
    # links stay at the root of the bound host
    assert f'href="{path}"' in response.content.decode()


def test_the_staff_application_still_answers_on_a_bound_host(
    client: Client, olomouc: Agglomeration, settings: object
) -> None:
    PortalHost.objects.create(host="iti.example.cz", agglomeration=olomouc)
    settings.ALLOWED_HOSTS = ["testserver", "iti.example.cz"]  # type: ignore[attr-defined]
    response = client.get("/cs/app/", headers={"host": "iti.example.cz"})
    assert response.status_code == 302
    assert response["Location"].startswith("/cs/accounts/login/")


def test_an_unbound_host_gets_the_shared_portal(
    client: Client, olomouc: Agglomeration, settings: object
) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "other.example.cz"]  # type: ignore[attr-defined]
    response = client.get("/cs/olomouc/", headers={"host": "other.example.cz"})
    assert response.status_code == 200


def test_the_sitemap_of_a_bound_host_gives_its_alternates_at_its_root(
    client: Client, olomouc: Agglomeration, settings: object
) -> None:
    PortalHost.objects.create(host="iti.example.cz", agglomeration=olomouc)
    settings.ALLOWED_HOSTS = ["testserver", "iti.example.cz"]  # type: ignore[attr-defined]
    response = client.get("/cs/sitemap.xml", headers={"host": "iti.example.cz"})
    content = response.content.decode()
    assert "<loc>http://iti.example.cz/cs/calls/</loc>" in content
    assert (
        '<xhtml:link href="http://iti.example.cz/pl/calls/" hreflang="pl" rel="alternate"/>'
        in content
    )

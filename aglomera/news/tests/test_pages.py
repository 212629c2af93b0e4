"""The office's news pages: who may open them (hand-written per role), writing with the
languages side by side, photos, preview and the workflow buttons."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.news import actions
from aglomera.news.models import NewsItem, NewsPhoto, NewsStatus
from aglomera.news.tests.helpers import draft, picture, upload
from aglomera.strategy.tests.builders import Users

# role -> answer for the list, a draft's edit page and its preview (the office only)
PAGE_ANSWERS = {
    Role.MANAGER: 200,
    Role.COORDINATOR: 200,
    Role.WORKING_GROUP: 403,
    Role.COMMITTEE: 403,
    Role.APPLICANT: 403,
    Role.PARTNER: 403,
    Role.AUDITOR: 403,
}
# role -> answer to "publish now" (the manager only)
PUBLISH_ANSWERS = {
    Role.MANAGER: 302,
    Role.COORDINATOR: 403,
    Role.WORKING_GROUP: 403,
    Role.COMMITTEE: 403,
    Role.APPLICANT: 403,
    Role.PARTNER: 403,
    Role.AUDITOR: 403,
}


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", list(PAGE_ANSWERS))
def test_only_the_office_opens_the_news_pages(
    olomouc: Agglomeration, alice: User, users: Users, role: Role
) -> None:
    item = draft(olomouc, alice)
    actions.add_photo(item, upload(picture()), alt={"en": "A"}, credit="B", actor=alice)
    photo = NewsPhoto.objects.get()
    client = client_of(alice if role == Role.MANAGER else users(olomouc, role))
    for url in (
        reverse("news:list", args=["olomouc"]),
        reverse("news:new", args=["olomouc"]),
        reverse("news:edit", args=["olomouc", item.pk]),
        reverse("news:preview", args=["olomouc", item.pk]),
        reverse("news:photo", args=["olomouc", photo.pk, "thumb"]),
    ):
        assert client.get(url).status_code == PAGE_ANSWERS[role], url


@pytest.mark.parametrize("role", list(PUBLISH_ANSWERS))
def test_only_the_manager_publishes(
    olomouc: Agglomeration, alice: User, users: Users, role: Role
) -> None:
    item = draft(olomouc, alice)
    client = client_of(alice if role == Role.MANAGER else users(olomouc, role))
    url = reverse("news:transition", args=["olomouc", item.pk])
    assert client.post(url, {"to": "published"}).status_code == PUBLISH_ANSWERS[role]
    expected = NewsStatus.PUBLISHED if role == Role.MANAGER else NewsStatus.DRAFT
    assert NewsItem.objects.get().status == expected


def test_outsiders_learn_nothing_and_visitors_log_in(
    olomouc: Agglomeration, alice: User, mallory: User
) -> None:
    item = draft(olomouc, alice)
    edit = reverse("news:edit", args=["olomouc", item.pk])
    assert client_of(mallory).get(edit).status_code == 404
    assert client_of(mallory).get(reverse("news:list", args=["olomouc"])).status_code == 404
    # on her own agglomeration's address, Olomouc's item does not exist
    assert client_of(mallory).get(reverse("news:edit", args=["opole", item.pk])).status_code == 404
    response = client_of(None).get(edit)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_staff_menu_links_the_news_for_the_office_only(
    olomouc: Agglomeration, alice: User, users: Users
) -> None:
    url = reverse("news:list", args=["olomouc"])
    page = reverse("agglomerations:detail", args=["olomouc"])
    assert f'href="{url}"' in client_of(alice).get(page).content.decode()
    auditor = users(olomouc, Role.AUDITOR)
    assert f'href="{url}"' not in client_of(auditor).get(page).content.decode()


def test_writing_a_news_item_marks_missing_translations(olomouc: Agglomeration, bob: User) -> None:
    client = client_of(bob)
    blank = client.get(reverse("news:new", args=["olomouc"])).content.decode()
    assert "Translation missing" not in blank  # nothing typed yet, nothing to mark
    response = client.post(
        reverse("news:new", args=["olomouc"]),
        {
            "title_cs": "Stáž v Opolí",
            "title_en": "Internship in Opole",
            "lead_cs": "Týden v Opolí.",
            "lead_pl": "Tydzień w Opolu.",
            "lead_en": "A week in Opole.",
            "new_tag_en": "Cooperation",
        },
    )
    item = NewsItem.objects.get()
    assert response["Location"] == reverse("news:edit", args=["olomouc", item.pk])
    assert [t.slug for t in item.tags.all()] == ["cooperation"]
    page = client.get(response["Location"]).content.decode()
    assert page.count('class="translation-missing"') >= 2  # PL title, and the summary line
    assert "Missing translations:" in page


def test_a_form_with_errors_is_shown_again(olomouc: Agglomeration, bob: User) -> None:
    response = client_of(bob).post(reverse("news:new", args=["olomouc"]), {"title_cs": "X"})
    assert response.status_code == 422
    assert not NewsItem.objects.exists()


def test_editing_saves_and_errors_stay_on_the_page(olomouc: Agglomeration, bob: User) -> None:
    item = draft(olomouc, bob)
    url = reverse("news:edit", args=["olomouc", item.pk])
    client = client_of(bob)
    assert client.post(url, {"title_cs": "Nový", "lead_cs": "Perex"}).status_code == 302
    item.refresh_from_db()
    assert item.title == {"cs": "Nový"}
    assert client.post(url, {"title_cs": "", "lead_cs": ""}).status_code == 422


def test_adding_and_removing_a_photo(olomouc: Agglomeration, bob: User) -> None:
    item = draft(olomouc, bob)
    client = client_of(bob)
    add = reverse("news:photo_add", args=["olomouc", item.pk])
    refused = client.post(add, {"file": upload(b"<html>"), "alt_cs": "A", "credit": "B"})
    assert refused.status_code == 422
    assert "not a JPEG, PNG or WebP picture" in refused.content.decode()
    assert (
        client.post(add, {"file": upload(picture()), "alt_cs": "A", "credit": "B"}).status_code
        == 302
    )
    photo = NewsPhoto.objects.get()
    page = client.get(reverse("news:edit", args=["olomouc", item.pk])).content.decode()
    assert reverse("news:photo", args=["olomouc", photo.pk, "thumb"]) in page
    image = client.get(reverse("news:photo", args=["olomouc", photo.pk, "full"]))
    assert (image.status_code, image["Content-Type"]) == (200, "image/jpeg")
    assert client.get(reverse("news:photo", args=["olomouc", photo.pk, "huge"])).status_code == 404
    other = draft(olomouc, bob, "Jiná")
    wrong = reverse("news:photo_remove", args=["olomouc", other.pk, photo.pk])
    assert client.post(wrong).status_code == 302 and NewsPhoto.objects.exists()
    remove = reverse("news:photo_remove", args=["olomouc", item.pk, photo.pk])
    assert client.post(remove).status_code == 302
    assert not NewsPhoto.objects.exists()


def test_a_photo_whose_file_is_gone_is_not_found(olomouc: Agglomeration, bob: User) -> None:
    item = draft(olomouc, bob)
    photo = actions.add_photo(item, upload(picture()), alt={"en": "A"}, credit="B", actor=bob)
    NewsPhoto.objects.filter(pk=photo.pk).update(image="news/missing.jpg")
    url = reverse("news:photo", args=["olomouc", photo.pk, "full"])
    assert client_of(bob).get(url).status_code == 404


def test_the_preview_shows_the_portal_page_with_a_banner(olomouc: Agglomeration, bob: User) -> None:
    item = draft(olomouc, bob)
    response = client_of(bob).get(reverse("news:preview", args=["olomouc", item.pk]))
    page = response.content.decode()
    assert 'class="preview-banner"' in page and '<meta name="robots" content="noindex">' in page
    assert "<p>Druhý &lt;b&gt;odstavec&lt;/b&gt;.</p>" in page  # paragraphs, markup escaped
    assert response["Cache-Control"] == "private, no-store"
    # the draft itself is not public
    assert (
        client_of(None).get(reverse("portal:news_detail", args=["olomouc", item.pk])).status_code
        == 404
    )


def test_the_workflow_buttons(olomouc: Agglomeration, alice: User) -> None:
    item = draft(olomouc, alice)
    client = client_of(alice)
    url = reverse("news:transition", args=["olomouc", item.pk])
    page = client.get(reverse("news:edit", args=["olomouc", item.pk])).content.decode()
    assert 'value="published"' in page and 'value="scheduled"' in page
    assert client.post(url, {"to": "nonsense"}).status_code == 422
    assert client.post(url, {"to": "scheduled", "publish_at": ""}).status_code == 422
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"to": "scheduled", "publish_at": past})
    assert response.status_code == 422 and "in the future" in response.content.decode()
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"to": "scheduled", "publish_at": future}).status_code == 302
    assert NewsItem.objects.get().status == NewsStatus.SCHEDULED
    assert client.post(url, {"to": "withdrawn", "reason": "Later"}).status_code == 302
    assert client.post(url, {"to": "published"}).status_code == 422  # not from withdrawn
    assert client.post(url, {"to": "draft"}).status_code == 302
    assert client.post(url, {"to": "published"}).status_code == 302
    listing = client.get(reverse("news:list", args=["olomouc"])).content.decode()
    assert "on the portal" in listing


def test_a_photo_larger_than_an_ordinary_form_is_received(
    olomouc: Agglomeration, bob: User
) -> None:
    """A phone's photo is several MB: the photo form takes up to UPLOAD_MAX_BYTES, not the
    ordinary forms' REQUEST_MAX_BYTES (2.5 MB)."""
    from io import BytesIO

    from PIL import Image

    noise = Image.effect_noise((1900, 1900), 120).convert("RGB")
    buffer = BytesIO()
    noise.save(buffer, "PNG")
    content = buffer.getvalue()
    assert len(content) > 3 * 1024 * 1024
    item = draft(olomouc, bob)
    response = client_of(bob).post(
        reverse("news:photo_add", args=["olomouc", item.pk]),
        {"file": upload(content, "photo.png"), "alt_cs": "Šum", "credit": "Test"},
    )
    assert response.status_code == 302
    assert NewsPhoto.objects.filter(item=item).exists()


class _Controls(HTMLParser):
    """The form controls of a page, the labels' targets and the legends of the fieldsets."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.label_targets: list[str] = []
        self.unlabelled: list[str] = []
        self.legends: list[str] = []
        self._label_depth = 0
        self._in_legend = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "label":
            self._label_depth += 1
            if "for" in attributes:
                self.label_targets.append(str(attributes["for"]))
        if tag == "legend":
            self._in_legend = True
            self.legends.append("")
        hidden = attributes.get("type") in ("hidden", "submit")
        if tag in ("input", "textarea", "select") and not hidden and not self._label_depth:
            self.unlabelled.append(str(attributes.get("id", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_depth -= 1
        if tag == "legend":
            self._in_legend = False

    def handle_data(self, data: str) -> None:
        if self._in_legend:
            self.legends[-1] += data.strip()


def test_every_control_of_the_news_and_photo_forms_has_its_label(
    olomouc: Agglomeration, bob: User
) -> None:
    # Given an item with a tag, so that the tags are a group of check boxes
    client = client_of(bob)
    response = client.post(
        reverse("news:new", args=["olomouc"]),
        {"title_en": "Internship", "lead_en": "A week.", "new_tag_en": "Cooperation"},
    )
    for url in (reverse("news:new", args=["olomouc"]), response["Location"]):
        # When the office opens the form (new item; edit page with the photo form)
        controls = _Controls()
        controls.feed(client.get(url).content.decode())
        # Then every label points at a control of the page, never at nothing (for="")
        assert controls.label_targets
        assert all(target and target in controls.ids for target in controls.label_targets)
        # and every control outside a label is pointed at by one
        assert set(controls.unlabelled) <= set(controls.label_targets)
        # and the fields of several controls are fieldsets named by their legend
        assert {"Title", "Lead", "Text", "Tags", "New tag"} <= set(controls.legends)
    assert "Alternative text" in controls.legends  # the photo form

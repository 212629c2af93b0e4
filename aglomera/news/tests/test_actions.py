"""Writing news: texts, tags, photos, the workflow table and the audit log."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.news import actions, transitions
from aglomera.news.models import NewsItem, NewsPhoto, NewsStatus, NewsTag
from aglomera.news.tests.helpers import draft, picture, texts, upload
from aglomera.strategy.tests.builders import Users

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
S = NewsStatus


def codes() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("code", flat=True))


# ---- texts and tags -------------------------------------------------------------------------


def test_the_office_writes_a_draft_in_three_languages(olomouc: Agglomeration, bob: User) -> None:
    item = draft(olomouc, bob)
    assert (item.status, item.author, item.publish_at) == (S.DRAFT, bob, None)
    assert item.title == {"cs": "Stáž v Opolí", "pl": "Staż w Opolu", "en": "Internship in Opole"}
    assert codes() == ["news.item.created"]


def test_a_draft_needs_a_title_and_a_lead(olomouc: Agglomeration, alice: User) -> None:
    with pytest.raises(ValidationError) as error:
        actions.create_news_item(
            olomouc, actions.NewsFields(title={"cs": "  "}, lead={}), actor=alice
        )
    assert set(error.value.error_dict) == {"title", "lead"}
    assert not NewsItem.objects.exists()


def test_applicants_and_outsiders_cannot_write_news(
    olomouc: Agglomeration, charlie: User, mallory: User, users: Users
) -> None:
    for actor in (charlie, mallory, users(olomouc, Role.COMMITTEE), users(olomouc, Role.AUDITOR)):
        with pytest.raises(PermissionDenied):
            draft(olomouc, actor)


def test_the_same_form_sent_twice_creates_one_item(olomouc: Agglomeration, alice: User) -> None:
    token = uuid.uuid4()
    first = actions.create_news_item(olomouc, texts(), actor=alice, form_token=token)
    again = actions.create_news_item(olomouc, texts(), actor=alice, form_token=token)
    assert first == again
    assert NewsItem.objects.count() == 1


def test_a_new_tag_is_created_once_and_reused(olomouc: Agglomeration, alice: User) -> None:
    item = actions.create_news_item(
        olomouc,
        texts(new_tag={"cs": "Spolupráce", "en": "Cooperation"}),
        actor=alice,
    )
    tag = NewsTag.objects.get()
    assert (tag.slug, list(item.tags.all())) == ("cooperation", [tag])
    again = actions.create_tag(olomouc, {"en": "Cooperation "}, actor=alice)
    assert again == tag
    assert codes() == ["news.tag.created", "news.item.created"]


def test_a_tag_without_letters_gets_a_plain_short_name(olomouc: Agglomeration, alice: User) -> None:
    assert actions.create_tag(olomouc, {"cs": "!!!"}, actor=alice).slug == "tag"


def test_tags_of_another_agglomeration_are_refused(
    olomouc: Agglomeration, opole: Agglomeration, alice: User, mallory: User
) -> None:
    foreign = actions.create_tag(opole, {"pl": "Współpraca"}, actor=mallory)
    with pytest.raises(ValidationError) as error:
        actions.create_news_item(olomouc, texts(tags=[foreign]), actor=alice)
    assert set(error.value.error_dict) == {"tags"}


def test_editing_records_only_what_changed(olomouc: Agglomeration, alice: User, bob: User) -> None:
    item = draft(olomouc, bob)
    tag = actions.create_tag(olomouc, {"en": "Events"}, actor=alice)
    fields = texts(tags=[tag])
    fields.lead = {"cs": "Nový perex."}
    edited = actions.update_news_item(item, fields, actor=alice)
    assert edited.lead == {"cs": "Nový perex."}
    event = AuditEvent.objects.get(code="news.item.edited")
    assert set(event.after) == {"lead", "tags"}
    assert event.before["tags"] == [] and event.after["tags"] == ["events"]


# ---- the workflow ---------------------------------------------------------------------------


def test_publishing_now_dates_the_item_and_leaves_a_history(
    olomouc: Agglomeration, alice: User
) -> None:
    item = actions.publish_now(draft(olomouc, alice), actor=alice, now=NOW)
    assert (item.status, item.publish_at) == (S.PUBLISHED, NOW)
    change = StatusChange.objects.get(workflow="news.item")
    assert (change.old_status, change.new_status, change.actor) == ("draft", "published", alice)
    assert codes() == ["news.item.created", "news.item.published"]


def test_scheduling_needs_a_moment_in_the_future(olomouc: Agglomeration, alice: User) -> None:
    item = draft(olomouc, alice)
    for moment, code in ((None, "no_date"), (NOW, "date_passed")):
        with pytest.raises(ValidationError) as error:
            actions.schedule(item, moment, actor=alice, now=NOW)
        assert error.value.error_dict["publish_at"][0].code == code
    later = NOW + timedelta(days=2)
    scheduled = actions.schedule(item, later, actor=alice, now=NOW)
    assert (scheduled.status, scheduled.publish_at) == (S.SCHEDULED, later)


def test_withdrawing_and_drafting_again(olomouc: Agglomeration, alice: User) -> None:
    item = actions.publish_now(draft(olomouc, alice), actor=alice, now=NOW)
    item = actions.withdraw(item, actor=alice, reason=" wrong date ", now=NOW)
    assert item.status == S.WITHDRAWN
    assert StatusChange.objects.get(new_status="withdrawn").reason == "wrong date"
    assert actions.back_to_draft(item, actor=alice, now=NOW).status == S.DRAFT


# Every (from, to) pair and role, against a hand-written table: only the manager publishes.
STEPS = [
    (S.DRAFT, S.SCHEDULED),
    (S.DRAFT, S.PUBLISHED),
    (S.SCHEDULED, S.PUBLISHED),
    (S.SCHEDULED, S.DRAFT),
    (S.SCHEDULED, S.WITHDRAWN),
    (S.PUBLISHED, S.WITHDRAWN),
    (S.WITHDRAWN, S.DRAFT),
]
NOT_STEPS = [
    (S.DRAFT, S.WITHDRAWN),
    (S.PUBLISHED, S.DRAFT),
    (S.PUBLISHED, S.SCHEDULED),
    (S.WITHDRAWN, S.PUBLISHED),
]


def _in_status(item: NewsItem, status: S, actor: User) -> NewsItem:
    path = {
        S.DRAFT: [],
        S.SCHEDULED: [S.SCHEDULED],
        S.PUBLISHED: [S.PUBLISHED],
        S.WITHDRAWN: [S.PUBLISHED, S.WITHDRAWN],
    }[status]
    for to in path:
        item = transitions.transition(
            item, to, actor=actor, now=NOW, data={"publish_at": NOW + timedelta(days=1)}
        )
    return item


@pytest.mark.parametrize(("old", "new"), STEPS + NOT_STEPS)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.MANAGER, True),
        (Role.COORDINATOR, False),
        (Role.WORKING_GROUP, False),
        (Role.COMMITTEE, False),
        (Role.APPLICANT, False),
        (Role.PARTNER, False),
        (Role.AUDITOR, False),
    ],
)
def test_the_table_says_who_takes_each_step(
    olomouc: Agglomeration, alice: User, users: Users, old: S, new: S, role: Role, allowed: bool
) -> None:
    item = _in_status(draft(olomouc, alice), old, alice)
    actor = alice if role == Role.MANAGER else users(olomouc, role)
    data = {"publish_at": NOW + timedelta(days=3)}
    if allowed and (old, new) in STEPS:
        assert transitions.transition(item, new, actor=actor, now=NOW, data=data).status == new
        assert new in transitions.allowed_transitions(item, actor)
    else:
        with pytest.raises(TransitionNotAllowed):
            transitions.transition(item, new, actor=actor, now=NOW, data=data)
        assert new not in transitions.allowed_transitions(item, actor)


def test_the_manager_of_another_agglomeration_takes_no_step(
    olomouc: Agglomeration, alice: User, mallory: User
) -> None:
    with pytest.raises(TransitionNotAllowed):
        actions.publish_now(draft(olomouc, alice), actor=mallory)


# ---- photos ----------------------------------------------------------------------------------


def test_a_photo_is_stored_resized_with_a_thumbnail(olomouc: Agglomeration, bob: User) -> None:
    item = draft(olomouc, bob)
    photo = actions.add_photo(
        item, upload(picture()), alt={"cs": "Modrá plocha"}, credit=" Aglomera demo ", actor=bob
    )
    assert (photo.width, photo.height, photo.order, photo.credit) == (1600, 800, 1, "Aglomera demo")
    assert photo.thumbnail_size == (480, 240)
    assert default_storage.exists(photo.image) and default_storage.exists(photo.thumbnail)
    assert photo.image.startswith(f"news/{olomouc.pk}/")
    second = actions.add_photo(item, upload(picture()), alt={"en": "Blue"}, credit="X", actor=bob)
    assert second.order == 2
    assert codes() == ["news.item.created", "news.photo.added", "news.photo.added"]


def test_a_photo_needs_an_alternative_text_and_a_credit(olomouc: Agglomeration, bob: User) -> None:
    item = draft(olomouc, bob)
    with pytest.raises(ValidationError) as error:
        actions.add_photo(item, upload(picture()), alt={"cs": " "}, credit=" ", actor=bob)
    assert set(error.value.error_dict) == {"alt", "credit"}
    assert not NewsPhoto.objects.exists()


def test_the_same_photo_form_sent_twice_adds_one_photo(olomouc: Agglomeration, bob: User) -> None:
    item = draft(olomouc, bob)
    token = uuid.uuid4()
    first = actions.add_photo(
        item, upload(picture()), alt={"en": "A"}, credit="B", actor=bob, form_token=token
    )
    again = actions.add_photo(
        item, upload(picture()), alt={"en": "A"}, credit="B", actor=bob, form_token=token
    )
    assert first == again and NewsPhoto.objects.count() == 1


def test_removing_a_photo_deletes_its_files(
    olomouc: Agglomeration, bob: User, django_capture_on_commit_callbacks: object
) -> None:
    item = draft(olomouc, bob)
    photo = actions.add_photo(item, upload(picture()), alt={"en": "A"}, credit="B", actor=bob)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        actions.remove_photo(photo, actor=bob)
    assert not NewsPhoto.objects.exists()
    assert not default_storage.exists(photo.image)
    assert not default_storage.exists(photo.thumbnail)
    assert codes()[-1] == "news.photo.removed"

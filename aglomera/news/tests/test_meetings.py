"""A closed meeting's resolutions become a draft news item, written in every language."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from aglomera.accounts.models import Role
from aglomera.committee import actions as committee_actions
from aglomera.committee.models import Meeting, Resolution
from aglomera.committee.tests.world import DURING_VOTE, CommitteeWorld
from aglomera.core.models import AuditEvent
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.news import actions
from aglomera.news.models import NewsItem, NewsStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built_cw(pipeline_world: PipelineWorld) -> CommitteeWorld:
    return CommitteeWorld.create(pipeline_world)


@pytest.fixture
def cw(db: None, built_cw: CommitteeWorld) -> CommitteeWorld:
    return copy.deepcopy(built_cw)


def decided_meeting(cw: CommitteeWorld) -> Meeting:
    meeting = cw.per_rollam()
    report = cw.other_item(meeting, "Annual report 2024")
    budget = cw.other_item(meeting, "Budget change")
    cw.open(meeting)
    for name in ("chair", "plain", "university", "conflicted"):
        cw.vote(report, name, "yes")
        cw.vote(budget, name, "no")
    committee_actions.decide_item(report, actor=cw.manager, now=DURING_VOTE)
    committee_actions.decide_item(budget, actor=cw.manager, now=DURING_VOTE)
    return cw.close(meeting)


def test_the_resolutions_become_a_draft_in_each_language(cw: CommitteeWorld) -> None:
    meeting = decided_meeting(cw)
    item = actions.news_from_meeting(meeting, actor=cw.manager)
    assert (item.status, item.meeting, item.author) == (NewsStatus.DRAFT, meeting, cw.manager)
    assert set(item.title) == set(item.lead) == set(item.body) == {"cs", "pl", "en"}
    number = Resolution.objects.get(item__meeting=meeting, adopted=True).number
    assert item.title["en"] == f"The steering committee decided at its meeting {meeting}"
    assert "adopted 1 resolution." in item.lead["en"]
    assert item.body["en"].split("\n\n") == [
        f"Resolution {number}: Annual report 2024",
        "“Budget change”: the proposal was not adopted.",
    ]
    # each language is written in its own words: the committee's name and the date format
    assert item.lead["cs"].startswith("Řídicí výbor ITI zasedal dne 2. června 2025")
    assert item.lead["en"].startswith("ITI steering committee met on 2 June 2025")
    assert AuditEvent.objects.filter(code="news.item.from_meeting").count() == 1


def test_a_meeting_gives_one_news_item(cw: CommitteeWorld) -> None:
    meeting = decided_meeting(cw)
    first = actions.news_from_meeting(meeting, actor=cw.manager)
    assert actions.news_from_meeting(meeting, actor=cw.manager) == first
    assert NewsItem.objects.count() == 1


def test_a_meeting_not_closed_or_without_resolutions_gives_none(cw: CommitteeWorld) -> None:
    planned = cw.per_rollam()
    with pytest.raises(ValidationError) as error:
        actions.news_from_meeting(planned, actor=cw.manager)
    assert error.value.code == "not_closed"
    item = cw.other_item(planned, "Withdrawn")
    cw.open(planned)
    committee_actions.withdraw_item(item, actor=cw.manager, reason="Not ready")
    empty = cw.close(planned)
    with pytest.raises(ValidationError) as error:
        actions.news_from_meeting(empty, actor=cw.manager)
    assert error.value.code == "no_resolutions"


def test_committee_members_cannot_draft_news(cw: CommitteeWorld) -> None:
    meeting = decided_meeting(cw)
    with pytest.raises(PermissionDenied):
        actions.news_from_meeting(meeting, actor=cw.world.users[Role.COMMITTEE])


def test_the_meeting_page_offers_the_manager_the_button(cw: CommitteeWorld) -> None:
    meeting = decided_meeting(cw)
    slug = cw.world.agglomeration.slug
    client = Client()
    client.force_login(cw.manager)
    page = client.get(reverse("committee:meeting", args=[slug, meeting.pk])).content.decode()
    url = reverse("news:from_meeting", args=[slug, meeting.pk])
    assert f'action="{url}"' in page
    response = client.post(url)
    item = NewsItem.objects.get()
    assert response["Location"] == reverse("news:edit", args=[slug, item.pk])
    chair = Client()
    chair.force_login(cw.world.users[Role.COMMITTEE])
    page = chair.get(reverse("committee:meeting", args=[slug, meeting.pk])).content.decode()
    assert url not in page
    assert chair.post(url).status_code == 403


def test_the_button_on_an_open_meeting_explains_why_not(cw: CommitteeWorld) -> None:
    meeting = cw.per_rollam()
    client = Client()
    client.force_login(cw.manager)
    slug = cw.world.agglomeration.slug
    response = client.post(reverse("news:from_meeting", args=[slug, meeting.pk]), follow=True)
    assert "Only a closed meeting" in response.content.decode()
    assert not NewsItem.objects.exists()

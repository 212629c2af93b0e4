"""Language pairs on exchanges, good-practice cards and joint project ideas (issue 13): a
translation older than its source is marked beside its input in the edit form and on the detail
page, in the reader's language and date format (also on the form of a refused stale edit of an
idea, whose merged save is stamped against the version saved meanwhile); good-practice tags per language, shown in the reader's language
(another language's marked with `lang`), found by a tag of any language ignoring diacritics."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from aglomera.accounts.models import Role
from aglomera.cooperation import actions, queries
from aglomera.cooperation.actions import sharing as sharing_actions
from aglomera.cooperation.models import Exchange, GoodPractice, JointIdea, Visibility
from aglomera.cooperation.tests import test_ideas as ideas
from aglomera.cooperation.tests.helpers import CooperationWorld, exchange_fields
from aglomera.cooperation.tests.test_pages import client_of
from aglomera.core.models import AuditEvent
from aglomera.strategy.models import Measure

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)
T1 = datetime(2026, 12, 3, 9, tzinfo=UTC)
T2 = datetime(2026, 12, 5, 9, tzinfo=UTC)
OLDER_THAN_CZECH = "Translation older than the Czech version (changed 2026-12-03)"


def new_exchange(w: CooperationWorld) -> Exchange:
    with time_machine.travel(T0, tick=False):
        return actions.create_exchange(
            w.partnership, exchange_fields(w.opole), agglomeration=w.olomouc, actor=w.manager
        )


def edit_exchange(w: CooperationWorld, exchange: Exchange, when: datetime, **texts: Any) -> None:
    fields = exchange_fields(
        w.opole,
        title={**exchange.title, **texts.pop("title", {})},
        participants=exchange.participants,
        programme=exchange.programme,
        outcomes=exchange.outcomes,
    )
    with time_machine.travel(when, tick=False):
        actions.update_exchange(
            exchange,
            fields,
            agglomeration=w.olomouc,
            actor=w.manager,
            expected_revision=exchange.revision,
        )
    exchange.refresh_from_db()


def exchange_url(exchange: Exchange, name: str = "exchange", language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"cooperation:{name}", args=["olomouc", exchange.pk])


def exchange_page(w: CooperationWorld, exchange: Exchange, name: str = "exchange") -> str:
    return client_of(w.manager).get(exchange_url(exchange, name)).content.decode()


def test_editing_the_czech_title_marks_the_other_titles_until_each_is_updated(
    world: CooperationWorld,
) -> None:
    # Given an exchange written in the three languages at once: nothing is older
    exchange = new_exchange(world)
    assert set(exchange.text_changed) == {"title", "participants", "programme"}
    assert queries.exchange_stale(exchange) == []
    assert "translation-stale" not in exchange_page(world, exchange)
    # When only the Czech title changes
    edit_exchange(world, exchange, T1, title={"cs": "Stáž v Opolí 2021"})
    # Then the Polish and English titles are older than the Czech one, nothing else is
    stale = queries.exchange_stale(exchange)
    assert [(row.label, row.staleness.language, row.staleness.source) for row in stale] == [
        ("Title", "pl", "cs"),
        ("Title", "en", "cs"),
    ]
    assert exchange.text_changed["programme"] == dict.fromkeys(("cs", "en"), T0.isoformat())
    page = exchange_page(world, exchange)
    assert page.count(OLDER_THAN_CZECH) == 2
    assert '<span class="translation-stale">PL</span>' in page
    # the edit form marks the inputs beside which the older versions stand
    form = exchange_page(world, exchange, "exchange_edit")
    marked = form.split('name="title_pl"')[1].split("</label>")[0]
    assert OLDER_THAN_CZECH in marked
    assert OLDER_THAN_CZECH not in form.split('name="title_cs"')[1].split("</label>")[0]
    # When the Polish title is brought up to date, its marker goes; the English one stays
    edit_exchange(world, exchange, T2, title={"pl": "Staż w Opolu 2021"})
    stale = queries.exchange_stale(exchange)
    assert [(row.staleness.language, row.staleness.source) for row in stale] == [("en", "cs")]
    assert exchange_page(world, exchange).count(OLDER_THAN_CZECH) == 1


def test_the_marker_is_written_in_the_readers_language_when_the_page_is_shown(
    world: CooperationWorld,
) -> None:
    exchange = new_exchange(world)
    edit_exchange(world, exchange, T1, title={"cs": "Stáž v Opolí 2021"})
    client = client_of(world.manager)
    czech = client.get(exchange_url(exchange, language="cs")).content.decode()
    polish = client.get(exchange_url(exchange, language="pl")).content.decode()
    assert '<html lang="cs">' in czech and '<html lang="pl">' in polish
    assert "3. 12. 2026" in czech
    assert "03.12.2026" in polish
    assert "2026-12-03" not in czech and "2026-12-03" not in polish
    assert "Translation older" not in str(exchange.text_changed)  # only moments are stored


def test_saving_through_the_form_stamps_only_the_languages_changed(
    world: CooperationWorld,
) -> None:
    exchange = new_exchange(world)
    url = exchange_url(exchange, "exchange_edit")
    data = {
        "kind": exchange.kind,
        "title_cs": "Stáž v Opolí (upraveno)",
        "title_pl": exchange.title["pl"],
        "title_en": exchange.title["en"],
        "host": world.opole.pk,
        "starts_on": "2021-08-15",
        "ends_on": "2021-08-22",
        "dates_precision": "day",
        "participants_en": exchange.participants["en"],
        "programme_cs": exchange.programme["cs"],
        "programme_en": exchange.programme["en"],
        "source": exchange.source,
        "revision": exchange.revision,
    }
    with time_machine.travel(T1, tick=False):
        response = client_of(world.manager).post(url, data)
    assert response.status_code == 302
    exchange.refresh_from_db()
    assert exchange.text_changed["title"] == {
        "cs": T1.isoformat(),
        "pl": T0.isoformat(),
        "en": T0.isoformat(),
    }
    assert exchange_page(world, exchange).count(OLDER_THAN_CZECH) == 2


def test_an_exchange_saved_before_the_stamps_is_unknown_until_edited(
    world: CooperationWorld,
) -> None:
    # the world's exchanges as rows from before the column: no stamps, no marker
    Exchange.objects.filter(pk=world.exchange.pk).update(text_changed={})
    exchange = Exchange.objects.get(pk=world.exchange.pk)
    assert queries.exchange_stale(exchange) == []
    edit_exchange(world, exchange, T1, title={"cs": "Stáž v Opolí 2021"})
    assert {row.staleness.language for row in queries.exchange_stale(exchange)} == {"pl", "en"}


# ---- good-practice cards -------------------------------------------------------------------

TAGS = {"cs": ["vědecký park", "inovace"], "pl": ["park naukowy"], "en": ["science park"]}


def new_card(w: CooperationWorld, **overrides: Any) -> GoodPractice:
    values: dict[str, Any] = {
        "title": {"cs": "Vědecký park", "pl": "Park naukowy", "en": "Science park"},
        "tags": TAGS,
        "visibility": Visibility.PARTNERS,
    }
    values.update(overrides)
    with time_machine.travel(T0, tick=False):
        card = actions.create_good_practice(
            actions.GoodPracticeFields(**values),
            agglomeration=w.olomouc,
            actor=w.manager,
        )
    if card.visibility == Visibility.PARTNERS:  # shared with the partnership: Opole reads it
        sharing_actions.share(
            w.partnership, agglomeration=w.olomouc, actor=w.manager, practices=[card.pk]
        )
    return card


def card_url(name: str, pk: int | None = None, slug: str = "olomouc", language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"cooperation:{name}", args=[slug] if pk is None else [slug, pk])


def test_tags_are_shown_in_the_readers_language_or_marked_in_another(
    world: CooperationWorld,
) -> None:
    card = new_card(world)
    english_only = new_card(world, title={"cs": "Cyklostezky"}, tags=["cycling"])
    assert english_only.tags_by_language() == {"cs": [], "pl": [], "en": ["cycling"]}
    client = client_of(world.users(world.opole, Role.PARTNER))
    czech = client.get(card_url("card", card.pk, "opole", "cs"))
    assert "<dd>vědecký park, inovace</dd>" in czech.content.decode()
    polish = client.get(card_url("library", slug="opole", language="pl"))
    page = polish.content.decode()
    assert "<td>park naukowy</td>" in page
    assert '<td lang="en">cycling</td>' in page  # no Polish tag: the English ones, marked
    assert '<option value="cycling" lang="en">' in page


def test_the_library_finds_a_card_by_a_tag_of_any_language_ignoring_diacritics(
    world: CooperationWorld,
) -> None:
    card = new_card(world)
    new_card(world, title={"en": "Cycle paths"}, tags={"en": ["cycling"]})
    for query in ("VEDECKY", "naukowy", "science park"):
        assert [c.pk for c in queries.list_library(world.opole, query).cards] == [card.pk]
    for tag in ("inovace", "Park naukowy", "science park"):
        assert [c.pk for c in queries.list_library(world.opole, "", tag).cards] == [card.pk]
    offered = queries.list_library(world.opole, language="cs").tags
    assert offered == ["cycling", "inovace", "vědecký park"]
    assert [tag.language for tag in offered] == ["en", "cs", "cs"]
    page = client_of(world.manager).get(card_url("library"), {"tag": "PARK NAUKOWY"})
    assert "Science park" in page.content.decode()
    assert "Cycle paths" not in page.content.decode()


def test_tags_are_typed_per_language_and_their_translations_are_marked_when_older(
    world: CooperationWorld,
) -> None:
    card = new_card(world)
    client = client_of(world.manager)
    form = client.get(card_url("card_edit", card.pk)).content.decode()
    assert 'name="tags_cs" value="vědecký park, inovace"' in form
    data = {
        "title_cs": "Vědecký park",
        "title_pl": "Park naukowy",
        "title_en": "Science park",
        "tags_cs": "vědecký park, inovace, datové centrum",
        "tags_pl": "park naukowy",
        "tags_en": "science park",
        "visibility": "partners",
    }
    with time_machine.travel(T1, tick=False):
        assert client.post(card_url("card_edit", card.pk), data).status_code == 302
    card.refresh_from_db()
    assert card.tags_cs == ["vědecký park", "inovace", "datové centrum"]
    assert "datove centrum" in card.search_text
    assert card.text_changed["tags"]["cs"] == T1.isoformat()
    assert card.text_changed["title"] == dict.fromkeys(("cs", "pl", "en"), T0.isoformat())
    page = client.get(card_url("card", card.pk)).content.decode()
    assert page.count(OLDER_THAN_CZECH) == 2  # the Polish and English tags
    form = client.get(card_url("card_edit", card.pk)).content.decode()
    assert OLDER_THAN_CZECH in form.split('name="tags_en"')[1].split("</label>")[0]
    assert [row.label for row in queries.card_stale(card)] == ["Tags", "Tags"]
    # the audit keeps the tags per language
    edited = AuditEvent.objects.get(code="cooperation.good_practice.edited")
    assert edited.after == {"tags": {**TAGS, "cs": card.tags_cs}}


def test_a_plain_list_of_tags_is_english_and_each_language_is_limited(
    world: CooperationWorld,
) -> None:
    card = new_card(world, tags=["transport", "Transport", " hub "])
    assert card.tags_by_language()["en"] == ["transport", "hub"]
    refused = client_of(world.manager).post(
        card_url("card_new"),
        {
            "title_cs": "Uzel",
            "tags_pl": ", ".join(f"t{n}" for n in range(21)),
            "visibility": "own",
            "form_token": "6f1c1c36-6a4b-4d4e-9a53-0d5a3cfbd9a1",
        },
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Give at most 20 tags per language" in page and "t20" in page  # kept as typed


# ---- joint project ideas ---------------------------------------------------------------------

OLDER_THAN_ENGLISH = "Translation older than the English version (changed 2026-12-03)"
SUMMARY = {"en": "A cycle route linking the transfer hubs of both agglomerations."}
FIT = {"en": "Sustainable tourism across the border."}


@pytest.fixture
def idea_measures(world: CooperationWorld) -> dict[str, Measure]:
    ideas._strategy(world, "olomouc")
    ideas._strategy(world, "opole")
    return {
        "olomouc": Measure.objects.get(version__strategy__agglomeration=world.olomouc),
        "opole": Measure.objects.get(version__strategy__agglomeration=world.opole),
    }


def new_idea(w: CooperationWorld, measures: dict[str, Measure]) -> JointIdea:
    with time_machine.travel(T0, tick=False):
        return actions.create_idea(
            w.partnership,
            ideas.idea_fields(w, measures, summary=SUMMARY, fit=FIT),
            agglomeration=w.olomouc,
            actor=w.manager,
        )


def edit_idea(
    w: CooperationWorld,
    measures: dict[str, Measure],
    idea: JointIdea,
    when: datetime,
    **texts: dict[str, str],
) -> None:
    fields = ideas.idea_fields(
        w,
        measures,
        **{
            name: {**getattr(idea, name), **texts.get(name, {})}
            for name in ("title", "summary", "fit")
        },
    )
    with time_machine.travel(when, tick=False):
        actions.update_idea(
            idea,
            fields,
            agglomeration=w.opole,
            actor=ideas.opole(w),
            expected_revision=idea.revision,
        )
    idea.refresh_from_db()


def idea_url(
    idea: JointIdea, name: str = "idea", slug: str = "olomouc", language: str = "en"
) -> str:
    with translation.override(language):
        return reverse(f"cooperation:{name}", args=[slug, idea.pk])


def idea_form_data(
    w: CooperationWorld, measures: dict[str, Measure], idea: JointIdea, **overrides: str
) -> dict[str, str]:
    """What the edit form posts for the idea as `new_idea` wrote it (texts and sides)."""
    data = ideas._form(
        w,
        measures,
        summary_en=SUMMARY["en"],
        fit_en=FIT["en"],
        revision=str(idea.revision),
        **{f"amount_{w.opole.pk}": "", f"currency_{w.opole.pk}": "", f"basis_{w.opole.pk}": ""},
    )
    data.update(overrides)
    return data


def stale_of(idea: JointIdea) -> list[tuple[str, str, str]]:
    return [
        (row.label, row.staleness.language, row.staleness.source)
        for row in queries.idea_stale(idea)
    ]


def test_editing_the_czech_title_of_an_idea_marks_the_other_titles_until_each_is_updated(
    world: CooperationWorld,
    idea_measures: dict[str, Measure],
    django_assert_num_queries: Any,
) -> None:
    # Given an idea written at once (the title in three languages, the summary and fit in
    # English): nothing is older
    idea = new_idea(world, idea_measures)
    assert idea.text_changed == {
        "title": dict.fromkeys(("cs", "pl", "en"), T0.isoformat()),
        "summary": {"en": T0.isoformat()},
        "fit": {"en": T0.isoformat()},
        "programme": {"en": T0.isoformat()},
        "priority": {"en": T0.isoformat()},
    }
    client = client_of(world.manager)
    assert "translation-stale" not in client.get(idea_url(idea)).content.decode()
    # When Opole's office changes only the Czech title
    edit_idea(world, idea_measures, idea, T1, title={"cs": "Cyklotrasa Olomouc–Opole"})
    # Then the Polish and English titles are older than the Czech one, nothing else is
    assert stale_of(idea) == [("Title", "pl", "cs"), ("Title", "en", "cs")]
    assert idea.text_changed["summary"] == {"en": T0.isoformat()}
    with django_assert_num_queries(9):  # the idea page's pinned count, markers included
        page = client.get(idea_url(idea)).content.decode()
    assert page.count(OLDER_THAN_CZECH) == 2
    assert '<span class="translation-stale">PL</span>' in page
    # on either member's slug, and beside the inputs of the edit form
    opole_page = client_of(ideas.opole(world)).get(idea_url(idea, slug="opole"))
    assert opole_page.content.decode().count(OLDER_THAN_CZECH) == 2
    with django_assert_num_queries(9):
        form = client.get(idea_url(idea, "idea_edit")).content.decode()
    assert OLDER_THAN_CZECH in form.split('name="title_en"')[1].split("</label>")[0]
    assert OLDER_THAN_CZECH not in form.split('name="title_cs"')[1].split("</label>")[0]
    # When the Polish title is brought up to date, its marker goes; the English one stays
    edit_idea(world, idea_measures, idea, T2, title={"pl": "Trasa rowerowa Ołomuniec–Opole"})
    assert stale_of(idea) == [("Title", "en", "cs")]
    assert idea.text_changed["title"]["pl"] == T1.isoformat()  # as new as its source
    # a Czech summary added later is a translation of the English one: nothing is marked
    edit_idea(world, idea_measures, idea, T2, summary={"cs": "Cyklotrasa mezi přestupními uzly."})
    assert [row[1:] for row in stale_of(idea)] == [("en", "cs")]
    assert idea.text_changed["summary"] == dict.fromkeys(("cs", "en"), T0.isoformat())
    # a text in one language only has nothing older (a missing translation is no stale one)
    edit_idea(world, idea_measures, idea, T2, fit={"en": "Tourism and culture (PO4)."})
    assert [row[0] for row in stale_of(idea)] == ["Title"]


def test_an_idea_marker_is_written_in_the_readers_language(
    world: CooperationWorld, idea_measures: dict[str, Measure]
) -> None:
    idea = new_idea(world, idea_measures)
    edit_idea(world, idea_measures, idea, T1, summary={"cs": "Nové shrnutí", "en": "New summary"})
    # the Czech summary was a translation added together with a source edit: both are new
    assert stale_of(idea) == []
    edit_idea(world, idea_measures, idea, T1, title={"cs": "Cyklotrasa Olomouc–Opole"})
    client = client_of(ideas.opole(world))
    polish = client.get(idea_url(idea, slug="opole", language="pl")).content.decode()
    czech = client.get(idea_url(idea, slug="opole", language="cs")).content.decode()
    assert '<html lang="pl">' in polish and "03.12.2026" in polish
    assert '<html lang="cs">' in czech and "3. 12. 2026" in czech
    assert "2026-12-03" not in polish and "2026-12-03" not in czech


def test_saving_the_idea_form_stamps_only_the_languages_changed(
    world: CooperationWorld, idea_measures: dict[str, Measure]
) -> None:
    idea = new_idea(world, idea_measures)
    data = idea_form_data(world, idea_measures, idea, title_cs="Cyklotrasa Olomouc–Opole")
    with time_machine.travel(T1, tick=False):
        response = client_of(world.manager).post(idea_url(idea, "idea_edit"), data)
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.text_changed == {
        "title": {"cs": T1.isoformat(), "pl": T0.isoformat(), "en": T0.isoformat()},
        "summary": {"en": T0.isoformat()},
        "fit": {"en": T0.isoformat()},
        "programme": {"en": T0.isoformat()},
        "priority": {"en": T0.isoformat()},
    }
    assert stale_of(idea) == [("Title", "pl", "cs"), ("Title", "en", "cs")]


def test_a_merged_stale_edit_is_stamped_against_the_version_saved_meanwhile(
    world: CooperationWorld, idea_measures: dict[str, Measure]
) -> None:
    idea = new_idea(world, idea_measures)
    olomouc_url = idea_url(idea, "idea_edit")
    opole_url = idea_url(idea, "idea_edit", slug="opole")
    # Olomouc opens the form at revision 0; Opole's office then changes the English title
    opened = idea_form_data(world, idea_measures, idea)
    opole_title = "Cycle route Olomouc–Opole"
    with time_machine.travel(T1, tick=False):
        saved = client_of(ideas.opole(world)).post(opole_url, {**opened, "title_en": opole_title})
    assert saved.status_code == 302
    # Olomouc saves from its older page: it translated the Polish title
    polish_title = "Trasa rowerowa Ołomuniec–Opole"
    client = client_of(world.manager)
    with time_machine.travel(T2, tick=False):
        refused = client.post(olomouc_url, {**opened, "title_pl": polish_title})
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "Someone else changed this joint idea" in text
    # the form shows the markers of the version saved meanwhile: the saved Czech and Polish
    # titles are older than Opole's English one
    assert OLDER_THAN_ENGLISH in text.split('name="title_cs"')[1].split("</label>")[0]
    assert OLDER_THAN_ENGLISH in text.split('name="title_pl"')[1].split("</label>")[0]
    assert OLDER_THAN_ENGLISH not in text.split('name="title_en"')[1].split("</label>")[0]
    idea.refresh_from_db()
    assert idea.text_changed["title"]["en"] == T1.isoformat()  # nothing of the refused save
    assert idea.text_changed["title"]["pl"] == T0.isoformat()
    # When Olomouc saves the merged form (Opole's English title taken in, its Polish one kept)
    assert 'value="Cycle route Olomouc–Opole"' in text and f'value="{polish_title}"' in text
    merged = {**opened, "title_en": opole_title, "title_pl": polish_title, "revision": "1"}
    with time_machine.travel(T2 + (T2 - T1), tick=False):
        assert client.post(olomouc_url, merged).status_code == 302
    idea.refresh_from_db()
    # Then the English title keeps Opole's stamp (Olomouc did not change it: the form only took
    # it in), the Polish one caught up with it, and only the Czech title is older
    assert idea.text_changed["title"] == {
        "cs": T0.isoformat(),
        "pl": T1.isoformat(),
        "en": T1.isoformat(),
    }
    # (the Polish and English titles are as new: on a tie the first of cs, pl, en is named)
    assert stale_of(idea) == [("Title", "cs", "pl")]
    page = client.get(idea_url(idea)).content.decode()
    assert page.count("Translation older than the Polish version (changed 2026-12-03)") == 1
    assert OLDER_THAN_ENGLISH not in page


def test_an_idea_saved_before_the_stamps_is_unknown_until_edited(
    world: CooperationWorld, idea_measures: dict[str, Measure]
) -> None:
    idea = new_idea(world, idea_measures)
    JointIdea.objects.filter(pk=idea.pk).update(text_changed={})
    idea.refresh_from_db()
    assert queries.idea_stale(idea) == []
    assert "translation-stale" not in client_of(world.manager).get(idea_url(idea)).content.decode()
    edit_idea(world, idea_measures, idea, T1, title={"cs": "Cyklotrasa Olomouc–Opole"})
    assert stale_of(idea) == [("Title", "pl", "cs"), ("Title", "en", "cs")]
    assert "summary" not in idea.text_changed  # untouched texts stay unknown

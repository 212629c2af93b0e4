"""The report of an exchange (cs/pl/en, edited side by side like its other texts) and the photos
of its report (issue 13): who may add and remove them, hostile files refused with nothing
stored, the photos served only to the staff of the partnership's members, and the news made
from the exchange carrying the report and its own copies of the photos."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from aglomera.accounts.models import Role
from aglomera.cooperation import actions, merge, queries
from aglomera.cooperation.models import Exchange, ExchangePhoto
from aglomera.cooperation.tests.helpers import CooperationWorld, exchange_fields
from aglomera.cooperation.tests.test_concurrent_edits import form_of, open_form
from aglomera.cooperation.tests.test_pages import client_of
from aglomera.core.audit_text import describe
from aglomera.core.models import AuditEvent
from aglomera.news.models import NewsItem, NewsPhoto
from aglomera.news.tests.helpers import picture, png_claiming, upload

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)
T1 = datetime(2026, 12, 3, 9, tzinfo=UTC)
REPORT = {
    "cs": "Stážisté hodnotili projekty ITI.\n\nOdnesli si postup výběru.",
    "pl": "Stażyści oceniali projekty ZIT.\n\nPoznali procedurę wyboru.",
    "en": "The interns evaluated ITI projects.\n\nThey learnt the selection procedure.",
}
ADDED = "cooperation.exchange.photo_added"
REMOVED = "cooperation.exchange.photo_removed"


def add(
    w: CooperationWorld,
    content: bytes | None = None,
    *,
    side: str = "olomouc",
    role: Role = Role.MANAGER,
    name: str = "photo.jpg",
    **more: Any,
) -> ExchangePhoto:
    agglomeration = w.olomouc if side == "olomouc" else w.opole
    values: dict[str, Any] = {"alt": {"cs": "Stážisté v Opolí"}, "credit": "Magistrát Opole"}
    values.update(more)
    return actions.add_photo(
        w.exchange,
        upload(content or picture("JPEG", (800, 600)), name),
        agglomeration=agglomeration,
        actor=w.users(agglomeration, role),
        **values,
    )


def stored_files() -> list[str]:
    found: list[str] = []
    if default_storage.exists("cooperation"):
        for folder in default_storage.listdir("cooperation")[0]:
            found += default_storage.listdir(f"cooperation/{folder}")[1]
    return found


def page_url(w: CooperationWorld, slug: str = "olomouc", exchange: Exchange | None = None) -> str:
    return reverse("cooperation:exchange", args=[slug, (exchange or w.exchange).pk])


def photo_url(w: CooperationWorld, photo: ExchangePhoto, slug: str, size: str = "thumb") -> str:
    return reverse("cooperation:exchange_photo", args=[slug, photo.exchange_id, photo.pk, size])


def add_url(w: CooperationWorld, slug: str = "olomouc") -> str:
    return reverse("cooperation:exchange_photo_add", args=[slug, w.exchange.pk])


def remove_url(w: CooperationWorld, photo: ExchangePhoto, slug: str = "olomouc") -> str:
    return reverse("cooperation:exchange_photo_remove", args=[slug, w.exchange.pk, photo.pk])


# ---- the photos: the actions -------------------------------------------------------------------


@pytest.mark.parametrize("side", ["olomouc", "opole"])
@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR])
def test_the_office_of_either_member_adds_a_photo_audited_and_stored_last(
    world: CooperationWorld, side: str, role: Role
) -> None:
    photo = add(world, side=side, role=role, credit="  Magistrát   Opole ")
    assert (photo.width, photo.height, photo.order, photo.credit) == (
        800,
        600,
        1,
        "Magistrát Opole",
    )
    agglomeration = world.olomouc if side == "olomouc" else world.opole
    assert photo.image.startswith(f"cooperation/{agglomeration.pk}/")
    assert default_storage.exists(photo.image) and default_storage.exists(photo.thumbnail)
    event = AuditEvent.objects.get(code=ADDED)
    assert event.object_id == world.exchange.pk and event.agglomeration_id == agglomeration.pk
    assert event.after == {
        "photo": photo.pk,
        "alt": {"cs": "Stážisté v Opolí"},
        "credit": "Magistrát Opole",
    }
    assert add(world).order == 2


@pytest.mark.parametrize(
    "role", [Role.AUDITOR, Role.PARTNER, Role.APPLICANT, Role.COMMITTEE, Role.WORKING_GROUP]
)
def test_other_roles_may_not_add_or_remove_photos(world: CooperationWorld, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        add(world, role=role)
    photo = add(world)
    with pytest.raises(PermissionDenied):
        actions.remove_photo(
            photo, agglomeration=world.olomouc, actor=world.users(world.olomouc, role)
        )
    assert ExchangePhoto.objects.count() == 1


def test_a_non_member_may_not_add_or_remove_photos(world: CooperationWorld) -> None:
    outsider = world.users(world.ostrava, Role.MANAGER)
    with pytest.raises(PermissionDenied):
        actions.add_photo(
            world.exchange,
            upload(picture()),
            alt={"en": "A"},
            credit="B",
            agglomeration=world.ostrava,
            actor=outsider,
        )
    photo = add(world)
    with pytest.raises(PermissionDenied):
        actions.remove_photo(photo, agglomeration=world.ostrava, actor=outsider)
    assert ExchangePhoto.objects.count() == 1 and stored_files()


@pytest.mark.parametrize(
    ("alt", "credit", "fields"),
    [
        ({}, "B", {"alt"}),
        ({"cs": "  "}, "", {"alt", "credit"}),
        ({"en": "x" * 301}, "y" * 201, {"alt", "credit"}),
    ],
    ids=["no-alt", "blank", "too-long"],
)
def test_a_photo_needs_an_alternative_text_and_a_credit(
    world: CooperationWorld, alt: dict[str, str], credit: str, fields: set[str]
) -> None:
    with pytest.raises(ValidationError) as error:
        add(world, alt=alt, credit=credit)
    assert set(error.value.message_dict) == fields
    assert not ExchangePhoto.objects.exists() and not stored_files()


def _refused(world: CooperationWorld, content: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as error:
        add(world, content, name=name)
    assert not ExchangePhoto.objects.exists()
    assert not stored_files()
    assert not AuditEvent.objects.filter(code=ADDED).exists()
    return str(error.value.error_list[0].code)


def test_an_oversized_file_is_refused_with_nothing_stored(
    world: CooperationWorld, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 1000
    assert _refused(world, picture("PNG", (600, 600)), "big.png") == "file_too_large"


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b"%PDF-1.4 fake", picture("GIF", (10, 10))],
    ids=["html", "pdf", "gif"],
)
def test_what_is_not_a_jpeg_png_or_webp_is_refused(world: CooperationWorld, content: bytes) -> None:
    assert _refused(world, content, "photo.jpg") == "photo_type"


def test_a_png_decompression_bomb_is_refused_before_it_is_decoded(
    world: CooperationWorld,
) -> None:
    bomb = png_claiming(20_000, 20_000)
    assert len(bomb) < 100
    assert _refused(world, bomb, "bomb.png") == "photo_pixels"


def test_the_same_form_sent_twice_adds_one_photo(world: CooperationWorld) -> None:
    token = uuid.uuid4()
    first = add(world, form_token=token)
    again = add(world, form_token=token)
    assert first.pk == again.pk and ExchangePhoto.objects.count() == 1


def test_removing_a_photo_deletes_its_files_once_committed(
    world: CooperationWorld, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    photo = add(world)
    names, pk = (photo.image, photo.thumbnail), photo.pk
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.remove_photo(
            photo, agglomeration=world.opole, actor=world.users(world.opole, Role.COORDINATOR)
        )
    assert len(callbacks) == 1
    assert not ExchangePhoto.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
    event = AuditEvent.objects.get(code=REMOVED)
    assert event.agglomeration_id == world.opole.pk
    assert event.before == {
        "photo": pk,
        "alt": {"cs": "Stážisté v Opolí"},
        "credit": "Magistrát Opole",
    }


def test_the_audit_log_reads_the_photo_events_as_sentences() -> None:
    with translation.override("en"):
        assert (
            describe(ADDED, actor="Alice", obj="Stáž") == "Alice added a photo to the exchange Stáž"
        )
        assert (
            describe(REMOVED, actor="Alice", obj="Stáž")
            == "Alice removed a photo from the exchange Stáž"
        )
        assert "participant" in describe(
            "cooperation.exchange.participant_added", actor="Alice", obj="Stáž"
        )


# ---- the photos: the pages ---------------------------------------------------------------------


def test_uploading_through_the_page_shows_the_gallery_to_both_members(
    world: CooperationWorld,
) -> None:
    client = client_of(world.users(world.olomouc, Role.COORDINATOR))
    assert "Add a photo" in client.get(page_url(world)).content.decode()
    response = client.post(
        add_url(world),
        {
            "file": upload(picture("PNG", (300, 200)), "a.png"),
            "alt_cs": "Stážisté",
            "alt_pl": "Stażyści",
            "credit": "Magistrát",
        },
    )
    assert response.status_code == 302
    photo = ExchangePhoto.objects.get()
    # Opole's staff read it on Opole's slug: the thumbnail with the alt in the reader's language
    reader = client_of(world.users(world.opole, Role.AUDITOR))
    with translation.override("pl"):
        url = page_url(world, "opole")
    page = reader.get(url).content.decode()
    thumb = photo_url(world, photo, "opole")
    assert 'alt="Stażyści"' in page and "Photo: Magistrát" not in page  # in Polish
    assert "Magistrát" in page
    assert "Add a photo" not in page and "Remove photo" not in page  # the auditor only reads
    with translation.override("pl"):
        assert photo_url(world, photo, "opole") in page
        assert photo_url(world, photo, "opole", "full") in page
    served = reader.get(thumb)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["Cache-Control"] == "private, no-store"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served.content.startswith(b"\xff\xd8")
    assert reader.get(photo_url(world, photo, "opole", "full")).status_code == 200


def test_the_alt_in_another_language_is_marked_with_lang(world: CooperationWorld) -> None:
    add(world, alt={"cs": "Stážisté v Opolí"})
    with translation.override("en"):
        page = client_of(world.manager).get(page_url(world)).content.decode()
    assert 'alt="Stážisté v Opolí" lang="cs"' in page


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<html>not a picture</html>", "a.jpg", "is not a JPEG, PNG or WebP picture"),
        (png_claiming(20_000, 20_000), "bomb.png", "has too many pixels"),
        (picture("GIF", (10, 10)), "a.gif", "is not a JPEG, PNG or WebP picture"),
    ],
    ids=["not-an-image", "bomb", "wrong-type"],
)
def test_a_refused_upload_is_422_keeping_what_was_typed(
    world: CooperationWorld, content: bytes, name: str, message: str
) -> None:
    client = client_of(world.manager)
    response = client.post(
        add_url(world),
        {"file": upload(content, name), "alt_cs": "Můj popis", "credit": "Můj autor"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    values = form_of(page.split('enctype="multipart/form-data"')[1])
    assert values["alt_cs"] == "Můj popis" and values["credit"] == "Můj autor"
    assert not ExchangePhoto.objects.exists() and not stored_files()


def test_a_too_large_upload_is_422_with_the_limit(world: CooperationWorld, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1000
    response = client_of(world.manager).post(
        add_url(world),
        {"file": upload(picture("PNG", (600, 600)), "big.png"), "alt_en": "A", "credit": "B"},
    )
    assert response.status_code == 422
    assert "is too large" in response.content.decode()
    assert not ExchangePhoto.objects.exists() and not stored_files()


def test_a_form_without_alt_or_file_is_422(world: CooperationWorld) -> None:
    response = client_of(world.manager).post(add_url(world), {"credit": "Můj autor"})
    assert response.status_code == 422
    assert 'value="Můj autor"' in response.content.decode()


def test_removing_through_the_page(world: CooperationWorld) -> None:
    photo = add(world)
    client = client_of(world.users(world.opole, Role.MANAGER))
    assert "Remove photo 1" in client.get(page_url(world, "opole")).content.decode()
    assert client.post(remove_url(world, photo, "opole")).status_code == 302
    assert not ExchangePhoto.objects.exists()


def test_outsiders_and_foreign_photos_get_404(world: CooperationWorld) -> None:
    photo = add(world)
    outsider = client_of(world.users(world.ostrava, Role.MANAGER))
    for slug in ("olomouc", "opole", "ostrava"):
        assert outsider.get(photo_url(world, photo, slug)).status_code in (403, 404)
        assert outsider.post(remove_url(world, photo, slug)).status_code in (403, 404)
    assert outsider.get(photo_url(world, photo, "ostrava")).status_code == 404
    member = client_of(world.manager)
    # a photo under another exchange's address, an unknown photo, an unknown size
    foreign = reverse(
        "cooperation:exchange_photo", args=["olomouc", world.older.pk, photo.pk, "thumb"]
    )
    assert member.get(foreign).status_code == 404
    gone = reverse("cooperation:exchange_photo", args=["olomouc", world.exchange.pk, 999, "thumb"])
    assert member.get(gone).status_code == 404
    assert member.get(photo_url(world, photo, "olomouc", "huge")).status_code == 404
    other_remove = reverse(
        "cooperation:exchange_photo_remove", args=["olomouc", world.older.pk, photo.pk]
    )
    assert member.post(other_remove).status_code == 404
    assert ExchangePhoto.objects.count() == 1
    # a visitor is sent to the login
    assert client_of(None).get(photo_url(world, photo, "olomouc")).status_code == 302


def test_a_photo_whose_file_is_gone_is_404(world: CooperationWorld) -> None:
    photo = add(world)
    default_storage.delete(photo.thumbnail)
    assert client_of(world.manager).get(photo_url(world, photo, "olomouc")).status_code == 404


def test_the_exchange_page_takes_the_same_queries_with_one_or_many_photos(
    world: CooperationWorld,
) -> None:
    client = client_of(world.manager)
    add(world)
    client.get(page_url(world))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(world)).status_code == 200
        return len(captured)

    one = count()
    for _ in range(4):
        add(world, picture("JPEG", (50, 40)))
    assert (one, count()) == (13, 13)


# ---- the report --------------------------------------------------------------------------------


def test_the_report_is_shown_in_paragraphs_marked_when_in_another_language(
    world: CooperationWorld,
) -> None:
    exchange = actions.create_exchange(
        world.partnership,
        exchange_fields(world.opole, report={"cs": "První <b>odstavec</b>.\n\nDruhý odstavec."}),
        agglomeration=world.olomouc,
        actor=world.manager,
    )
    with translation.override("en"):
        page = client_of(world.manager).get(page_url(world, exchange=exchange)).content.decode()
    assert (
        '<div class="report" lang="cs"><p>První &lt;b&gt;odstavec&lt;/b&gt;.</p>\n\n'
        "<p>Druhý odstavec.</p></div>"
    ) in page
    # the report has no Polish and no English: the missing translation is marked
    assert '<span class="translation-missing">PL</span>' in page
    plain = client_of(world.manager).get(page_url(world)).content.decode()
    assert "not written yet" in plain


def test_a_report_edited_in_czech_marks_the_older_translations(world: CooperationWorld) -> None:
    with time_machine.travel(T0, tick=False):
        exchange = actions.create_exchange(
            world.partnership,
            exchange_fields(world.opole, report=REPORT),
            agglomeration=world.olomouc,
            actor=world.manager,
        )
    assert queries.exchange_stale(exchange) == []
    with time_machine.travel(T1, tick=False):
        actions.update_exchange(
            exchange,
            exchange_fields(world.opole, report={**REPORT, "cs": "Nová zpráva."}),
            agglomeration=world.olomouc,
            actor=world.manager,
            expected_revision=0,
        )
    exchange.refresh_from_db()
    stale = queries.exchange_stale(exchange)
    assert [(row.label, row.staleness.language, row.staleness.source) for row in stale] == [
        ("Report", "pl", "cs"),
        ("Report", "en", "cs"),
    ]
    with translation.override("en"):
        page = client_of(world.manager).get(page_url(world, exchange=exchange)).content.decode()
    assert page.count("Translation older than the Czech version (changed 2026-12-03)") == 2
    edited = AuditEvent.objects.get(code="cooperation.exchange.edited", object_id=exchange.pk)
    assert edited.before == {"report": REPORT}
    assert edited.after == {"report": {**REPORT, "cs": "Nová zpráva."}}


def test_a_stale_save_of_the_report_is_refused_and_merged(world: CooperationWorld) -> None:
    url = reverse("cooperation:exchange_edit", args=["opole", world.exchange.pk])
    a_client, a_form = open_form(world, world.manager, "olomouc")
    b_client, b_form = open_form(world, world.users(world.opole, Role.MANAGER), "opole")
    assert "report_cs" in a_form and "report_pl" in a_form
    a_url = reverse("cooperation:exchange_edit", args=["olomouc", world.exchange.pk])
    saved = a_client.post(a_url, {**a_form, "report_cs": "Zpráva A.", "report_en": "Report A."})
    assert saved.status_code == 302
    refused = b_client.post(url, {**b_form, "report_cs": "Zpráva B.", "report_pl": "Raport B."})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Someone else saved this exchange" in page
    assert 'id="change-report_en" data-outcome="taken"' in page
    assert 'id="change-report_cs" data-outcome="conflict"' in page
    assert "Report (Czech)" in page
    again = form_of(page)
    assert again["report_cs"] == "Zpráva B."  # mine kept, flagged
    assert again["report_en"] == "Report A."  # theirs taken
    assert again["report_pl"] == "Raport B."
    assert b_client.post(url, again).status_code == 302
    world.exchange.refresh_from_db()
    assert world.exchange.report == {"cs": "Zpráva B.", "pl": "Raport B.", "en": "Report A."}


def test_the_merge_knows_the_report() -> None:
    assert "report" in merge.EXCHANGE.text_fields
    assert str(merge.LABELS["report"]) == "Report"


# ---- the news made from the exchange -----------------------------------------------------------


def _publish(w: CooperationWorld) -> dict[str, NewsItem]:
    actions.publish_exchange_as_news(w.exchange, agglomeration=w.olomouc, actor=w.manager)
    return {i.agglomeration.slug: i for i in NewsItem.objects.filter(exchange=w.exchange)}


def _with_report(w: CooperationWorld, report: dict[str, str]) -> None:
    w.exchange = actions.update_exchange(
        w.exchange,
        exchange_fields(w.opole, project=w.project, report=report),
        agglomeration=w.olomouc,
        actor=w.manager,
        expected_revision=w.exchange.revision,
    )


def test_the_news_carries_the_report_in_each_language(world: CooperationWorld) -> None:
    _with_report(world, {"cs": REPORT["cs"], "pl": REPORT["pl"]})
    item = _publish(world)["opole"]
    for language in ("cs", "pl"):
        with translation.override(language):
            heading = translation.pgettext("exchange", "Report")
        assert item.body[language].startswith(f"{heading}\n\n{REPORT[language]}")
    assert "Report" not in item.body["en"]  # no English report: the rest of the text only
    assert item.body["en"].startswith("Programme and topics")


def test_the_news_gets_its_own_copies_of_the_photos(
    world: CooperationWorld, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    first = add(world, alt={"cs": "První", "en": "First"}, credit="A")
    add(world, picture("PNG", (300, 300)), name="b.png", alt={"pl": "Drugie"}, credit="B")
    gone = add(world, credit="C")
    default_storage.delete(gone.image)  # a photo whose file is gone is left out
    items = _publish(world)
    for agglomeration in (world.olomouc, world.opole):
        item = items[agglomeration.slug]
        copies = list(NewsPhoto.objects.filter(item=item))
        assert [(p.order, p.credit, dict(p.alt)) for p in copies] == [
            (1, "A", {"cs": "První", "en": "First"}),
            (2, "B", {"pl": "Drugie"}),
        ]
        assert copies[0].image.startswith(f"news/{agglomeration.pk}/")
        assert copies[0].image != first.image
        with default_storage.open(copies[0].image) as a, default_storage.open(first.image) as b:
            assert a.read() == b.read()  # the same re-encoded bytes
        assert (copies[0].width, copies[0].height) == (first.width, first.height)
    created = AuditEvent.objects.filter(code="news.item.from_exchange").first()
    assert created is not None and len(created.after["photos"]) == 2
    # removing the exchange's photo leaves the news items' copies whole
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_photo(first, agglomeration=world.olomouc, actor=world.manager)
    assert not default_storage.exists(first.image)
    assert all(default_storage.exists(p.image) for p in NewsPhoto.objects.all())
    # publishing again copies nothing more
    _publish(world)
    assert NewsPhoto.objects.count() == 4

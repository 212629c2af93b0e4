"""The stamps of the language pairs (aglomera/core/language_pairs.py): a source edit makes the
other versions older, a translation brought up to date or added is as new as its source, an
emptied language loses its stamp, unknown stamps mark nothing, and the sentence is written in
the reader's language and date format when it is rendered."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import translation

from aglomera.core.language_pairs import Staleness, restamp, stale_versions

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)
T1 = datetime(2026, 12, 3, 9, tzinfo=UTC)
T2 = datetime(2026, 12, 5, 9, tzinfo=UTC)
ALL = {"cs": "Stáž", "pl": "Staż", "en": "Internship"}


def test_a_new_text_stamps_every_filled_language_alike_and_marks_nothing() -> None:
    stamps = restamp({}, {}, {"title": ALL, "outcomes": {}}, now=T0)
    assert stamps == {"title": dict.fromkeys(ALL, T0.isoformat())}
    assert stale_versions(stamps, "title", ALL) == {}


def test_a_source_edit_makes_the_others_older_and_a_catch_up_clears_only_its_own() -> None:
    stamps = restamp({}, {}, {"title": ALL}, now=T0)
    edited = {**ALL, "cs": "Stáž v Opolí"}
    stamps = restamp(stamps, {"title": ALL}, {"title": edited}, now=T1)
    assert stamps["title"] == {"cs": T1.isoformat(), "pl": T0.isoformat(), "en": T0.isoformat()}
    assert stale_versions(stamps, "title", edited) == {
        "pl": Staleness("pl", "cs", T1),
        "en": Staleness("en", "cs", T1),
    }
    caught_up = {**edited, "pl": "Staż w Opolu"}
    stamps = restamp(stamps, {"title": edited}, {"title": caught_up}, now=T2)
    assert stamps["title"]["pl"] == T1.isoformat()  # as new as its source, not newer
    assert stale_versions(stamps, "title", caught_up) == {"en": Staleness("en", "cs", T1)}


def test_an_added_translation_is_as_new_as_the_others_and_an_emptied_one_is_forgotten() -> None:
    stamps = restamp({}, {}, {"title": {"cs": "Stáž"}}, now=T0)
    stamps = restamp(stamps, {"title": {"cs": "Stáž"}}, {"title": ALL}, now=T1)
    assert stamps["title"] == dict.fromkeys(ALL, T0.isoformat())
    stamps = restamp(stamps, {"title": ALL}, {"title": {"cs": "Stáž"}}, now=T2)
    assert stamps["title"] == {"cs": T0.isoformat()}
    assert restamp(stamps, {"title": {"cs": "Stáž"}}, {"title": {}}, now=T2) == {}


def test_unknown_stamps_mark_nothing_until_a_version_changes() -> None:
    assert stale_versions({}, "title", ALL) == {}
    assert stale_versions({"title": "garbage"}, "title", ALL) == {}
    stamps = restamp({}, {"title": ALL}, {"title": {**ALL, "pl": "Staż w Opolu"}}, now=T1)
    assert stamps == {"title": {"pl": T1.isoformat()}}
    marked = stale_versions(stamps, "title", {**ALL, "pl": "Staż w Opolu"})
    assert set(marked) == {"cs", "en"} and marked["cs"].source == "pl"
    # a translation added to texts of unknown age stays unknown
    assert restamp({}, {"title": {"cs": "Stáž"}}, {"title": ALL}, now=T1) == {}
    # a stamp that cannot be read is unknown, not an error
    broken = {"title": {"cs": "yesterday", "pl": T1.isoformat()}}
    assert stale_versions(broken, "title", ALL)["cs"].source == "pl"


def test_the_sentence_is_written_in_the_readers_language_and_date_format() -> None:
    staleness = Staleness("pl", "cs", T1)
    with translation.override("en"):
        assert str(staleness) == "Translation older than the Czech version (changed 2026-12-03)"
    with translation.override("cs"):
        assert "3. 12. 2026" in str(staleness)
    with translation.override("pl"):
        assert "03.12.2026" in str(staleness)
    with translation.override("en"):
        assert "German" in str(Staleness("cs", "de", T1))  # a language beyond the three

"""The data step of the migration of good-practice tags to per-language lists keeps every tag:
the one list of a card goes to the English slot, and going back joins the three lists (English
first, repeats dropped). The test database is built without migrations, so the migration's own
functions run here on stand-ins of the historical model (the schema steps are Django's)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

MIGRATION = importlib.import_module(
    "aglomera.cooperation.migrations.0007_good_practice_tags_per_language"
)


@dataclass
class Row:
    pk: int
    tags: Any = field(default_factory=list)
    tags_cs: list[str] = field(default_factory=list)
    tags_pl: list[str] = field(default_factory=list)
    tags_en: list[str] = field(default_factory=list)


class Rows:
    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.selected: list[Row] = rows

    def only(self, *names: str) -> list[Row]:
        return self.rows

    def filter(self, pk: int) -> Rows:
        self.selected = [row for row in self.rows if row.pk == pk]
        return self

    def update(self, **values: Any) -> None:
        for row in self.selected:
            for name, value in values.items():
                setattr(row, name, value)


class Apps:
    def __init__(self, rows: list[Row]) -> None:
        self.model = type("GoodPractice", (), {"objects": Rows(rows)})

    def get_model(self, app: str, name: str) -> type:
        assert (app, name) == ("cooperation", "GoodPractice")
        return self.model


def test_the_existing_tags_go_to_the_english_slot_and_come_back() -> None:
    rows = [Row(1, ["cycling", "transport"]), Row(2, []), Row(3, "not a list")]
    MIGRATION.to_english(Apps(rows), None)
    assert [(r.tags_cs, r.tags_pl, r.tags_en) for r in rows] == [
        ([], [], ["cycling", "transport"]),
        ([], [], []),
        ([], [], []),
    ]
    rows[0].tags_cs = ["cyklistika", "cycling"]
    for row in rows:
        row.tags = []
    MIGRATION.to_one_list(Apps(rows), None)
    assert [row.tags for row in rows] == [["cycling", "transport", "cyklistika"], [], []]


IDEA_MIGRATION = importlib.import_module(
    "aglomera.cooperation.migrations.0010_idea_programme_per_language"
)


@dataclass
class IdeaRow:
    programme: Any = ""
    priority: Any = ""
    programme_i18n: dict[str, str] = field(default_factory=dict)
    priority_i18n: dict[str, str] = field(default_factory=dict)
    saved: list[list[str]] = field(default_factory=list)

    def save(self, update_fields: list[str]) -> None:
        self.saved.append(update_fields)


class IdeaApps:
    def __init__(self, rows: list[IdeaRow]) -> None:
        manager = type("Manager", (), {"all": staticmethod(lambda: rows)})
        self.model = type("JointIdea", (), {"objects": manager})

    def get_model(self, app: str, name: str) -> type:
        assert (app, name) == ("cooperation", "JointIdea")
        return self.model


def test_an_ideas_one_programme_text_becomes_its_english_version_and_comes_back() -> None:
    rows = [IdeaRow("Interreg Czechia–Poland 2021–2027", "PO4"), IdeaRow("", "")]
    IDEA_MIGRATION.forwards(IdeaApps(rows), None)
    assert [(r.programme_i18n, r.priority_i18n) for r in rows] == [
        ({"en": "Interreg Czechia–Poland 2021–2027"}, {"en": "PO4"}),
        ({}, {}),
    ]
    rows[1].programme_i18n = {"pl": "Interreg Czechy – Polska"}
    IDEA_MIGRATION.backwards(IdeaApps(rows), None)
    assert [(r.programme, r.priority) for r in rows] == [
        ("Interreg Czechia–Poland 2021–2027", "PO4"),
        ("Interreg Czechy – Polska", ""),
    ]


PROJECT_MIGRATION = importlib.import_module(
    "aglomera.cooperation.migrations.0011_project_programme_per_language"
)


@dataclass
class ProjectRow:
    programme: Any = ""
    programme_i18n: dict[str, str] = field(default_factory=dict)

    def save(self, update_fields: list[str]) -> None:
        pass


class ProjectApps:
    def __init__(self, rows: list[ProjectRow]) -> None:
        manager = type("Manager", (), {"all": staticmethod(lambda: rows)})
        self.model = type("CooperationProject", (), {"objects": manager})

    def get_model(self, app: str, name: str) -> type:
        assert (app, name) == ("cooperation", "CooperationProject")
        return self.model


def test_a_projects_one_programme_text_becomes_its_english_version_and_comes_back() -> None:
    rows = [ProjectRow("Interreg V-A Czech Republic – Poland"), ProjectRow("")]
    PROJECT_MIGRATION.forwards(ProjectApps(rows), None)
    assert [r.programme_i18n for r in rows] == [{"en": "Interreg V-A Czech Republic – Poland"}, {}]
    rows[1].programme_i18n = {"cs": "Interreg V-A Česká republika – Polsko"}
    PROJECT_MIGRATION.backwards(ProjectApps(rows), None)
    assert [r.programme for r in rows] == [
        "Interreg V-A Czech Republic – Poland",
        "Interreg V-A Česká republika – Polsko",
    ]

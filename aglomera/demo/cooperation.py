"""The cross-border partnership of the demo: Olomouc and Opole since their 2016 agreement, with
the projects that funded the cooperation and the exchanges of 2018, 2019 and 2021, read from
`data/shared/cooperation.yaml` and written through the cooperation actions, each item by the
demo manager of the office named in `recorded_by`.

The joint project idea is ILLUSTRATIVE (not a real project; its text says so): it shows the
feature with a measure of each demo strategy, budgets in CZK and PLN on the same basis, one
workflow step and a comment from each side.

Dates are written as "2016-09" (known to the month), "2017" (to the year) or "2018-06-27" and
stored as the first day with their precision. Budgets: none (the reference states none).

Idempotent: a partnership whose Czech name exists is left alone with everything in it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db.models import F

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation import actions
from aglomera.cooperation.models import (
    CooperationProject,
    DatePrecision,
    GoodPractice,
    JointIdea,
    Partnership,
    PartnershipShare,
    Visibility,
)
from aglomera.core.i18n import language_codes
from aglomera.demo.dataset import DATA_DIR
from aglomera.demo.pipeline import Counter
from aglomera.demo.reader import Node, read_yaml
from aglomera.strategy.models import Measure, Strategy

PATH = DATA_DIR / "shared" / "cooperation.yaml"


def partial_day(node: Node, key: str) -> tuple[date | None, str]:
    """ "2016-09" -> (1 September 2016, month); "2017" -> (1 January 2017, year); a missing key
    -> (None, day)."""
    if not node.has(key):
        return None, DatePrecision.DAY
    text = node.text(key)
    parts = text.split("-")
    try:
        numbers = [int(part) for part in parts]
        if len(numbers) == 1:
            return date(numbers[0], 1, 1), DatePrecision.YEAR
        if len(numbers) == 2:
            return date(numbers[0], numbers[1], 1), DatePrecision.MONTH
        if len(numbers) == 3:
            return date(numbers[0], numbers[1], numbers[2]), DatePrecision.DAY
    except ValueError:
        pass
    raise node.fail(key, f"expected a date such as '2018-06-27', '2016-09' or '2017', got {text!r}")


def _manager(agglomerations: dict[str, Agglomeration], node: Node) -> tuple[Agglomeration, User]:
    slug = node.choice("recorded_by", agglomerations)
    return agglomerations[slug], User.objects.get(username=f"{slug}-manager")


def load_cooperation(
    agglomerations: dict[str, Agglomeration], report: Counter, path: Path | None = None
) -> None:
    path = path or PATH
    if not path.exists():
        return
    node = read_yaml(path)
    partnerships = {}
    sharing: list[tuple[Partnership, list[str]]] = []
    for entry in node.children("partnerships"):
        key, partnership, sides = _partnership(agglomerations, entry, report)
        partnerships[key] = partnership
        sharing.append((partnership, sides))
    for entry in node.children("good_practices"):
        _good_practice(agglomerations, entry, report)
    for entry in node.children("joint_ideas"):
        _joint_idea(agglomerations, partnerships, entry, report)
    node.done()
    for partnership, sides in sharing:
        _share(agglomerations, partnership, sides, report)


def _share(
    agglomerations: dict[str, Agglomeration],
    partnership: Partnership,
    sides: list[str],
    report: Counter,
) -> None:
    """Each side of `sides` shares with the partnership every strategy of its own with an
    approved version, their dashboards and its cards for partners, by its demo manager (left
    alone when that side shares something already)."""
    for slug in sides:
        side = agglomerations[slug]
        if PartnershipShare.objects.filter(partnership=partnership, agglomeration=side).exists():
            continue
        strategies = list(
            Strategy.objects.filter(agglomeration=side)
            .exclude(current_version=None)
            .values_list("pk", flat=True)
        )
        cards = GoodPractice.objects.filter(agglomeration=side, visibility=Visibility.PARTNERS)
        actions.share(
            partnership,
            agglomeration=side,
            actor=User.objects.get(username=f"{slug}-manager"),
            strategies=strategies,
            dashboards=strategies,
            practices=list(cards.values_list("pk", flat=True)),
        )
        report.count("sides sharing with a partnership")


def _tags(node: Node) -> dict[str, list[str]]:
    """The card's tags per language: {cs: [...], pl: [...], en: [...]} (each list optional)."""
    if not node.has("tags"):
        return {}
    tags = node.child("tags")
    values = {code: list(tags.texts(code, ())) for code in language_codes()}
    tags.done()
    return values


def _measure(agglomeration: Agglomeration, code: str) -> Measure | None:
    """The measure of that code in the current version of the agglomeration's newest strategy."""
    return (
        Measure.objects.filter(
            version__strategy__agglomeration=agglomeration,
            version=F("version__strategy__current_version"),
            code=code,
        )
        .order_by("-version__strategy__period")
        .first()
    )


def _joint_idea(
    agglomerations: dict[str, Agglomeration],
    partnerships: dict[str, Partnership],
    node: Node,
    report: Counter,
) -> None:
    """An ILLUSTRATIVE joint project idea written by the office of `recorded_by`, its sides with
    a measure and a budget, its workflow `steps` and `comments`, each by the demo manager of the
    office named in `by` (left alone when the partnership has an idea of the same Czech title)."""
    partnership = partnerships[node.choice("partnership", partnerships)]
    side, manager = _manager(agglomerations, node)
    sides = []
    for entry in node.children("sides"):
        agglomeration = agglomerations[entry.choice("agglomeration", agglomerations)]
        measure = _measure(agglomeration, entry.text("measure")) if entry.has("measure") else None
        sides.append(
            actions.SideFields(
                agglomeration,
                measure=measure,
                amount=entry.optional_amount("amount"),
                currency=entry.text("currency", ""),
                basis=entry.text("basis", ""),
            )
        )
        entry.done()
    fields = actions.IdeaFields(
        title=node.translated("title"),
        summary=node.translated("summary"),
        fit=node.translated("fit"),
        programme=node.translated("programme"),
        priority=node.translated("priority"),
        sides=sides,
    )
    steps = [
        (step.text("to"), step.choice("by", agglomerations)) for step in node.children("steps")
    ]
    comments = [
        (entry.choice("by", agglomerations), entry.text("written_in"), entry.text("text"))
        for entry in node.children("comments")
    ]
    node.done()
    titles = {idea.title.get("cs") for idea in JointIdea.objects.filter(partnership=partnership)}
    if dict(fields.title)["cs"] in titles:
        return
    idea = actions.create_idea(partnership, fields, agglomeration=side, actor=manager)
    report.count("joint project ideas")
    for to, slug in steps:
        idea = actions.step_idea(
            idea, to, agglomeration=agglomerations[slug], actor=_user(slug, "manager")
        )
    for slug, language, text in comments:
        actions.comment_idea(
            idea,
            text,
            agglomeration=agglomerations[slug],
            actor=_user(slug, "manager"),
            written_in=language,
        )


def _user(slug: str, role: str) -> User:
    return User.objects.get(username=f"{slug}-{role}")


def _good_practice(agglomerations: dict[str, Agglomeration], node: Node, report: Counter) -> None:
    """A card of the library, written by the demo manager of its `owner` (left alone when the
    owner has a card of the same Czech title)."""
    owner = agglomerations[node.choice("owner", agglomerations)]
    manager = User.objects.get(username=f"{owner.slug}-manager")
    fields = actions.GoodPracticeFields(
        title=node.translated("title"),
        what=node.translated("what"),
        why=node.translated("why"),
        contact=node.text("contact", ""),
        tags=_tags(node),
        visibility=node.choice("visibility", Visibility.values),
        source=node.text("source", ""),
    )
    node.done()
    titles = {card.title.get("cs") for card in GoodPractice.objects.filter(agglomeration=owner)}
    if dict(fields.title)["cs"] in titles:
        return
    actions.create_good_practice(fields, agglomeration=owner, actor=manager)
    report.count("good-practice cards")


def _partnership(
    agglomerations: dict[str, Agglomeration], entry: Node, report: Counter
) -> tuple[str, Partnership, list[str]]:
    """The partnership (left alone when one of the same Czech name exists); returns its key, the
    partnership and the sides that share with it (`shared_by`, shared once the cards are
    loaded)."""
    entry_key = entry.text("key")
    founder, manager = _manager(agglomerations, entry)
    member_slugs = entry.texts("members")
    members = [agglomerations[slug] for slug in member_slugs]
    sides = list(entry.texts("shared_by", ()))
    for slug in sides:
        if slug not in member_slugs:
            raise entry.fail("shared_by", f"{slug!r} is not a member of the partnership")
    signed, precision = partial_day(entry, "signed")
    fields = actions.PartnershipFields(
        name=entry.translated("name"),
        description=entry.translated("description"),
        agreement_signed_on=signed,
        agreement_precision=precision,
        agreement_source=entry.text("source", ""),
    )
    projects = list(entry.children("projects"))
    exchanges = list(entry.children("exchanges"))
    entry.done()
    existing = {
        partnership.name.get("cs"): partnership for partnership in Partnership.objects.all()
    }
    if entry_name(fields) in existing:
        return entry_key, existing[entry_name(fields)], sides
    partnership = actions.create_partnership(founder, members, fields, actor=manager)
    report.count("partnerships")
    by_key = {}
    for project in projects:
        key = project.text("key")
        by_key[key] = _project(partnership, founder, manager, project)
        report.count("cooperation projects")
    for exchange in exchanges:
        _exchange(partnership, agglomerations, by_key, exchange)
        report.count("exchanges")
    return entry_key, partnership, sides


def entry_name(fields: actions.PartnershipFields) -> str:
    return dict(fields.name)["cs"]


def _project(
    partnership: Partnership, founder: Agglomeration, manager: User, node: Node
) -> CooperationProject:
    starts, starts_precision = partial_day(node, "starts")
    ends, ends_precision = partial_day(node, "ends")
    fields = actions.ProjectFields(
        name=node.translated("name"),
        programme=node.translated("programme"),
        registration_number=node.text("registration_number", ""),
        starts_on=starts,
        starts_precision=starts_precision,
        ends_on=ends,
        ends_precision=ends_precision,
        activities=node.translated("activities"),
        source=node.text("source", ""),
    )
    node.done()
    return actions.create_project(partnership, fields, agglomeration=founder, actor=manager)


def _exchange(
    partnership: Partnership,
    agglomerations: dict[str, Agglomeration],
    projects: dict[str, CooperationProject],
    node: Node,
) -> None:
    side, manager = _manager(agglomerations, node)
    starts, precision = partial_day(node, "starts")
    if starts is None:
        raise node.fail("starts", "an exchange needs its start")
    ends, _precision = partial_day(node, "ends")
    optional = {
        name: node.translated(name)
        for name in ("participants", "programme", "outcomes", "report")
        if node.has(name)
    }
    fields = actions.ExchangeFields(
        kind=node.choice("kind", ("internship", "study_visit", "other")),
        host=agglomerations[node.choice("host", agglomerations)],
        project=projects[node.choice("project", projects)] if node.has("project") else None,
        starts_on=starts,
        ends_on=ends,
        dates_precision=precision,
        title=node.translated("title"),
        source=node.text("source", ""),
        **optional,
    )
    people = [
        actions.ParticipantFields(
            name=person.text("name"),
            function=person.text("function", ""),
            side=agglomerations[person.choice("side", agglomerations)]
            if person.has("side")
            else None,
            organisation=person.text("organisation", ""),
            part=person.choice("part", ("guest", "host")),
        )
        for person in node.children("people")
    ]
    items = [_item(item) for item in node.children("items")]
    node.done()
    exchange = actions.create_exchange(partnership, fields, agglomeration=side, actor=manager)
    for person_fields in people:
        actions.add_participant(exchange, person_fields, agglomeration=side, actor=manager)
    for item_fields in items:
        actions.add_item(exchange, item_fields, agglomeration=side, actor=manager)


def _item(node: Node) -> actions.ItemFields:
    """A programme item; without `day`, the day is not stated (the sources give the exchange's
    dates only)."""
    day, precision = partial_day(node, "day")
    if day is not None and precision != DatePrecision.DAY:
        raise node.fail("day", "an item's day is a whole date such as '2019-04-09'")
    fields = actions.ItemFields(
        title=node.translated("title"),
        kind=node.choice("kind", ("session", "site_visit", "other")),
        day=day,
        place=node.text("place", ""),
        project_text=node.text("project", ""),
        project_url=node.text("source", ""),
    )
    node.done()
    return fields

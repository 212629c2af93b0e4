"""What the manager's pages of organisations and members read; each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration, Organisation, OrganisationStatus

PER_PAGE = 50


def organisation_page(
    agglomeration: Agglomeration, *, search: str = "", status: str = "", page: int = 1
) -> Page[Organisation]:
    """One page of the agglomeration's organisations with their number of intentions, found by
    name or any of their numbers (two queries: the count and the page)."""
    queryset = Organisation.objects.filter(agglomeration=agglomeration)
    if search:
        compact = search.replace(" ", "")
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(ico__icontains=compact)
            | Q(regon__icontains=compact)
            | Q(nip__icontains=compact.replace("-", ""))
            | Q(nip__icontains=search)
        )
    if status:
        queryset = queryset.filter(status=status)
    counted = queryset.annotate(intention_count=Count("intentions")).order_by("name", "pk")
    return Paginator(counted, PER_PAGE).get_page(page)  # type: ignore[return-value]


def merge_candidates(organisation: Organisation) -> QuerySet[Organisation]:
    """What an organisation may be merged with: the others of its agglomeration, not merged."""
    return (
        Organisation.objects.filter(agglomeration_id=organisation.agglomeration_id)
        .exclude(pk=organisation.pk)
        .exclude(status=OrganisationStatus.MERGED)
        .order_by("name", "pk")
    )


def related_model(relation: models.ForeignObjectRel) -> type[models.Model]:
    # A relation's model is a lazy reference (a string) only until the apps are loaded
    return cast(type[models.Model], relation.related_model)


def organisation_references() -> list[models.ForeignObjectRel]:
    """Every relation that points at an organisation (foreign keys and many-to-many), also the
    hidden ones (`related_name="+"`): a new one is moved by a merge without changing its code."""
    relations = [
        field
        for field in Organisation._meta.get_fields(include_hidden=True)
        if isinstance(field, models.ForeignObjectRel)
    ]
    # The many-to-many tables Django creates show up twice: as the many-to-many relation and as
    # a foreign key of their own table; they are moved once, as many-to-many.
    return [
        relation
        for relation in relations
        if isinstance(relation, models.ManyToManyRel)
        or not related_model(relation)._meta.auto_created
    ]


def reference_key(relation: models.ForeignObjectRel) -> str:
    """How the merge's audit record names a relation: "intentions.projectintention.applicant"."""
    return f"{related_model(relation)._meta.label_lower}.{relation.field.name}"


def _references_to(relation: models.ForeignObjectRel, organisation: Organisation) -> int:
    if isinstance(relation, models.ManyToManyRel):
        through = cast(type[models.Model], relation.through)
        target = relation.field.m2m_reverse_field_name()
        return int(through._default_manager.filter(**{target: organisation.pk}).count())
    model = related_model(relation)
    return int(model._base_manager.filter(**{relation.field.name: organisation.pk}).count())


# What moves, counted, per relation to organisations (model label, field).
MOVED = {
    ("intentions.projectintention", "applicant"): ngettext_lazy(
        "%(count)d project intention it applies for",
        "%(count)d project intentions it applies for",
        "count",
    ),
    ("intentions.projectintention", "partners"): ngettext_lazy(
        "%(count)d project intention it is a partner of",
        "%(count)d project intentions it is a partner of",
        "count",
    ),
    ("accounts.membership", "organisation"): ngettext_lazy(
        "%(count)d role of an account acting for it",
        "%(count)d roles of accounts acting for it",
        "count",
    ),
    ("committee.committeemember", "organisation"): ngettext_lazy(
        "%(count)d committee seat representing it",
        "%(count)d committee seats representing it",
        "count",
    ),
    ("committee.agendaitem", "concerned_organisations"): ngettext_lazy(
        "%(count)d agenda item of the committee concerning it",
        "%(count)d agenda items of the committee concerning it",
        "count",
    ),
    ("agglomerations.organisation", "merged_into"): ngettext_lazy(
        "%(count)d organisation merged into it earlier",
        "%(count)d organisations merged into it earlier",
        "count",
    ),
}


def _moved_text(relation: models.ForeignObjectRel, count: int) -> str:
    """What moves, counted, in the reader's language; a relation added later reads by its
    model's and field's names."""
    meta = related_model(relation)._meta
    text = MOVED.get((meta.label_lower, relation.field.name))
    if text is not None:
        return str(text % {"count": count})
    return _("%(what)s (%(field)s): %(count)d") % {
        "what": capfirst(str(meta.verbose_name_plural)),
        "field": relation.field.verbose_name,
        "count": count,
    }


def merge_preview(duplicate: Organisation) -> list[str]:
    """What a merge moves from the duplicate to the organisation kept, one counted sentence per
    kind of reference it has (one query per relation to organisations)."""
    moved = []
    for relation in organisation_references():
        count = _references_to(relation, duplicate)
        if count:
            moved.append(_moved_text(relation, count))
    return moved


def active_organisations(agglomeration: Agglomeration) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        agglomeration=agglomeration, status=OrganisationStatus.ACTIVE
    ).order_by("name", "pk")


@dataclass
class OrganisationUse:
    """Where an organisation is used: its latest intentions and the accounts acting for it."""

    intention_count: int
    intentions: list[object]
    memberships: list[Membership]


INTENTIONS_SHOWN = 20


def organisation_use(organisation: Organisation) -> OrganisationUse:
    """Three queries: the intentions' count, the latest of them, the memberships."""
    intentions = organisation.intentions.select_related("call").order_by("-pk")
    return OrganisationUse(
        intention_count=intentions.count(),
        intentions=list(intentions[:INTENTIONS_SHOWN]),
        memberships=list(
            Membership.objects.filter(organisation=organisation)
            .select_related("user")
            .order_by("user__last_name", "user__username", "role")
        ),
    )


def _members(agglomeration: Agglomeration) -> QuerySet[User]:
    here = Membership.objects.filter(agglomeration=agglomeration)
    return (
        User.objects.filter(pk__in=here.values("user_id"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=here.select_related("organisation").order_by("role"),
                to_attr="roles_here",
            )
        )
        .order_by("last_name", "first_name", "username")
    )


def member_page(
    agglomeration: Agglomeration, *, search: str = "", role: str = "", page: int = 1
) -> Page[User]:
    """One page of the people holding a role here, each with `roles_here` (three queries: the
    count, the page, their memberships here)."""
    queryset = _members(agglomeration)
    if search:
        queryset = queryset.filter(
            Q(username__icontains=search)
            | Q(email__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
        )
    if role:
        queryset = queryset.filter(
            pk__in=Membership.objects.filter(agglomeration=agglomeration, role=role).values(
                "user_id"
            )
        )
    return Paginator(queryset, PER_PAGE).get_page(page)


def member(agglomeration: Agglomeration, user_pk: int) -> User:
    """A person holding a role here, with `roles_here`; 404 for anyone else (two queries)."""
    # A number beyond the database's integers finds nobody (Django answers it without a query)
    found = _members(agglomeration).filter(pk=user_pk).first()
    if found is None:
        raise Http404
    return found


def roles_held(user: User) -> frozenset[Role]:
    return frozenset(Role(m.role) for m in user.roles_here)  # type: ignore[attr-defined]

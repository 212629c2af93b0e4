"""The office's rules of which operations of a list are the agglomeration's (importing/scope.py).

    rule = add_scope_rule(agglomeration, call_prefix="06_23_", nuts3="CZ071", note=..., actor=u)
    delete_scope_rule(rule, actor=u)

A rule applies to the next import; nothing already stored changes until then.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.monitoring.models import OperationSource, ScopeRule

SCOPE_PERMISSION = "monitoring.import"


def _facts(rule: ScopeRule) -> dict[str, object]:
    return {
        "source": rule.source.name if rule.source else "",
        "call_prefix": rule.call_prefix,
        "nuts3": rule.nuts3,
        "note": rule.note,
    }


@transaction.atomic
def add_scope_rule(
    agglomeration: Agglomeration,
    *,
    call_prefix: str = "",
    nuts3: str = "",
    note: str = "",
    source: OperationSource | None = None,
    actor: Actor,
) -> ScopeRule:
    """A rule of what is ours; every condition filled in must hold for a row to be kept."""
    _require(actor, SCOPE_PERMISSION, agglomeration)
    if source is not None and source.agglomeration_id != agglomeration.pk:
        raise ValidationError({"source": _("Choose a source of this agglomeration.")})
    rule = ScopeRule(
        agglomeration=agglomeration,
        source=source,
        call_prefix=call_prefix.strip(),
        nuts3=nuts3.strip().upper(),
        note=note.strip(),
    )
    rule.full_clean()
    errors: dict[str, str] = {}
    if source is None and not rule.call_prefix and not rule.nuts3:
        # It would take every row of every list, the whole country included.
        errors["call_prefix"] = _(
            "A rule for any list needs a condition: a call number prefix or a NUTS 3 region. "
            "To keep every row of one list, choose that list."
        )
    if rule.nuts3 and not rule.nuts3.startswith(agglomeration.country):
        errors["nuts3"] = _(
            "Enter a NUTS 3 region of the agglomeration's country (%(country)s)."
        ) % {"country": agglomeration.country}
    same = ScopeRule.objects.filter(
        agglomeration=agglomeration,
        source=source,
        call_prefix=rule.call_prefix,
        nuts3=rule.nuts3,
    )
    if not errors and same.exists():
        errors["call_prefix"] = _("The same rule exists already.")
    if errors:
        raise ValidationError(errors)
    rule.save()
    record(
        "monitoring.scope_rule.added",
        actor=actor,
        target=rule,
        agglomeration_id=agglomeration.pk,
        after=_facts(rule),
    )
    return rule


@transaction.atomic
def delete_scope_rule(rule: ScopeRule, *, actor: Actor) -> None:
    _require(actor, SCOPE_PERMISSION, rule)
    rule = (
        ScopeRule.objects.select_for_update(of=("self",)).select_related("source").get(pk=rule.pk)
    )
    before = _facts(rule)
    record(
        "monitoring.scope_rule.deleted",
        actor=actor,
        target=rule,
        agglomeration_id=rule.agglomeration_id,
        before=before,
    )
    rule.delete()

"""The one workflow engine: every status of every aggregate changes through `Workflow.step()`.

An app declares its workflow in its `transitions.py`: the table `(from, to) -> permission` typed
with its status enum, the guards beside it, how to reach the object's agglomeration, and what a
step saves besides the status. `step()` then always does the same, in this order:

    lock the row → revision check → table and permission → guards → effects → save
    → StatusChange + AuditEvent → (after commit) the status-change signal

and `allowed()` answers which steps the buttons may offer. docs/adr/0004 explains the design.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from functools import partial
from typing import Any, Generic, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.models import StatusChange
from aglomera.core.signals import announce_status_change
from aglomera.core.texts import Generated

ModelT = TypeVar("ModelT", bound=models.Model)
StatusT = TypeVar("StatusT", bound=Enum)


class TransitionNotAllowed(Exception):  # noqa: N818 - reads as the domain rule it is
    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        super().__init__(
            gettext_lazy("This step (%(old)s → %(new)s) is not allowed.") % {"old": old, "new": new}
        )


@dataclass
class Step(Generic[ModelT]):
    """One step under way: guards read it, effects change `obj` and name the fields they set."""

    obj: ModelT  # the locked row
    old: str
    to: str
    actor: Actor | None
    reason: str
    now: datetime
    data: Mapping[str, Any]  # what this kind of step needs besides a reason (e.g. an approval)


Guard = Callable[[Step[Any]], None]  # raises ValidationError (or a domain error) to refuse
Effect = Callable[[Step[Any]], Iterable[str]]  # sets fields of step.obj, returns their names
After = Callable[[Step[Any]], None]  # writes beside the saved step (same transaction)
StaleCheck = Callable[[Any, int], None]  # (locked object, expected revision) -> raise if stale

ANY_STEP = None  # key of guards, effects and after-hooks that run on every step

# Every workflow by name, filled as the apps' transitions modules declare theirs.
WORKFLOWS: dict[str, Workflow[Any, Any]] = {}


@dataclass(frozen=True)
class Workflow(Generic[ModelT, StatusT]):
    """A workflow: its name (the prefix of its StatusChange and audit codes), model, statuses,
    table, tenant accessor and the rules of its steps."""

    name: str
    model: type[ModelT]
    statuses: type[StatusT]
    table: Mapping[tuple[StatusT, StatusT], str]
    agglomeration_id: Callable[[ModelT], int]
    guards: Mapping[StatusT | None, Sequence[Guard]] = field(default_factory=dict)
    effects: Mapping[StatusT | None, Sequence[Effect]] = field(default_factory=dict)
    after: Mapping[StatusT | None, Sequence[After]] = field(default_factory=dict)
    # Run on every step once its StatusChange and audit record are written (same transaction):
    # data derived from the history, such as the monitoring summary of an intention.
    recorded: tuple[After, ...] = ()
    lock_related: tuple[str, ...] = ()
    touch: tuple[str, ...] = ()  # saved on every step, e.g. "updated_at"
    revision_field: str | None = None  # compared with `expected_revision`
    bump_revision: bool = False  # every step adds 1 to revision_field
    stale: StaleCheck | None = None  # refuses a stale step in the workflow's own words
    # Steps the system takes in nobody's name (no permission is checked); `step(system=True)`.
    system_steps: frozenset[tuple[StatusT, StatusT]] = frozenset()
    # How a status reads when the statuses' own labels do not fit this workflow (a report job
    # shares the import's statuses but is "generated", not "imported").
    labels: Mapping[Any, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.name in WORKFLOWS:
            raise TypeError(f"two workflows are named {self.name}")
        members = set(self.statuses)
        for old, new in [*self.table, *self.system_steps]:
            if old not in members or new not in members:
                raise TypeError(f"{self.name}: {old!r} → {new!r} is not a step between statuses")
        for key in [*self.guards, *self.effects, *self.after]:
            if key is not ANY_STEP and key not in members:
                raise TypeError(f"{self.name}: rules are keyed by a status, not {key!r}")
        if (self.revision_field is None) != (self.stale is None):
            raise TypeError(f"{self.name}: a revision_field needs a stale check, and back")
        WORKFLOWS[self.name] = self

    # ---- reading the table ----------------------------------------------------------------

    def label(self, code: str) -> str:
        """A status in the reader's language; a code the workflow does not know stays as it is."""
        try:
            status = self.statuses(code)
        except ValueError:
            return code
        return str(self.labels.get(status) or getattr(status, "label", code))

    def permission(self, old: str, new: str) -> str | None:
        """The permission the table asks for the step, None when there is no such step."""
        values = {str(member.value): member for member in self.statuses}
        if old not in values or new not in values:
            return None
        return self.table.get((values[old], values[new]))

    def allowed(self, obj: ModelT, actor: Actor) -> list[StatusT]:
        """The steps `actor` may take from `obj`'s status now (the buttons); guards are not run."""
        current = obj.status  # type: ignore[attr-defined]
        return [
            new
            for (old, new), perm in self.table.items()
            if old == current and actor.has_perm(perm, obj)
        ]

    def check(self, old: str, new: str, actor: Actor, obj: ModelT) -> None:
        perm = self.permission(old, new)
        if perm is None or not actor.has_perm(perm, obj):
            raise TransitionNotAllowed(old, new)

    # ---- taking a step --------------------------------------------------------------------

    def step(
        self,
        obj: ModelT,
        to: StatusT | str,
        *,
        actor: Actor | None,
        reason: str | Generated = "",
        now: datetime | None = None,
        expected_revision: int | None = None,
        values: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        system: bool = False,
    ) -> ModelT:
        """Move `obj` to `to`. `now` is the moment of the step: deadlines are judged at it and the
        history records it (the demo replays past steps with their real dates). `values` are other
        fields saved with the step; `data` is read by guards and effects. A reason the system
        gives is a `Generated` text: stored as its code, read in the reader's language."""
        with transaction.atomic():
            return self._step(
                obj,
                str(getattr(to, "value", to)),
                actor=actor,
                reason=reason,
                now=now or timezone.now(),
                expected_revision=expected_revision,
                values=values or {},
                data=data or {},
                system=system,
            )

    def _step(
        self,
        obj: ModelT,
        to: str,
        *,
        actor: Actor | None,
        reason: str | Generated,
        now: datetime,
        expected_revision: int | None,
        values: Mapping[str, Any],
        data: Mapping[str, Any],
        system: bool,
    ) -> ModelT:
        manager = self.model._default_manager
        locked = manager.select_for_update().select_related(*self.lock_related).get(pk=obj.pk)
        old = str(locked.status)  # type: ignore[attr-defined]
        if self.stale is not None and self._is_stale(locked, expected_revision):
            self.stale(locked, expected_revision)  # type: ignore[arg-type]
        if system:
            if (old, to) not in {(str(a.value), str(b.value)) for a, b in self.system_steps}:
                raise TransitionNotAllowed(old, to)
        else:
            if actor is None:
                raise TransitionNotAllowed(old, to)
            self.check(old, to, actor, locked)
        step = Step(obj=locked, old=old, to=to, actor=actor, reason=str(reason), now=now, data=data)
        target = self.statuses(to)
        for guard in self._rules(self.guards, target):
            guard(step)
        fields = ["status", *self.touch]
        for effect in self._rules(self.effects, target):
            fields.extend(effect(step))
        for name, value in values.items():
            setattr(locked, name, value)
            fields.append(name)
        if self.bump_revision and self.revision_field is not None:
            setattr(locked, self.revision_field, getattr(locked, self.revision_field) + 1)
            fields.append(self.revision_field)
        locked.status = to  # type: ignore[attr-defined]
        locked.save(update_fields=list(dict.fromkeys(fields)))
        for hook in self._rules(self.after, target):
            hook(step)
        self._log(locked, old, to, actor=actor, reason=reason, now=now)
        for hook in self.recorded:
            hook(step)
        return locked

    def _is_stale(self, locked: ModelT, expected_revision: int | None) -> bool:
        """Only asked when the workflow has a revision_field (checked in __post_init__)."""
        field_name = str(self.revision_field)
        return expected_revision is not None and getattr(locked, field_name) != expected_revision

    @staticmethod
    def _rules(rules: Mapping[Any, Sequence[Any]], target: Any) -> list[Any]:
        return [*rules.get(ANY_STEP, ()), *rules.get(target, ())]

    def _log(
        self,
        obj: ModelT,
        old: str,
        new: str,
        *,
        actor: Actor | None,
        reason: str | Generated,
        now: datetime,
    ) -> None:
        generated = reason if isinstance(reason, Generated) else None
        note = reason.note if isinstance(reason, Generated) else reason
        code = generated.code if generated else ""
        params = dict(generated.params) if generated else {}
        status_change = StatusChange.objects.create(
            workflow=self.name,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            old_status=old,
            new_status=new,
            actor=actor,
            reason=note,
            reason_code=code,
            reason_params=params,
            created_at=now,
        )
        # Notifications (and any other receiver) run only once the step has committed.
        transaction.on_commit(partial(announce_status_change, status_change.pk), robust=True)
        record(
            f"{self.name}.{new}",
            actor=actor,
            target=obj,
            agglomeration_id=self.agglomeration_id(obj),
            before={"status": old},
            after={
                "status": new,
                **({"reason_code": code, "reason_params": params} if code else {}),
            },
            reason=note,
            at=now,
        )

"""Workflow machines and action specs.

A `Machine` is a module's transition table `{(from, event): to}` with the questions every
module asks of it: `next_state`, `allowed_events`, and `require`, the one place that raises
TransitionNotAllowed ("not possible now"). No database access here.

An `ActionSpec` says when an action is offered: one of its `events` is possible now (or,
with no events, the object is in one of `states`), the user passes `permission`, and the
`guard` holds for the object. `actions_for(user, obj)` evaluates a module's specs; the staff
pages, the API's `allowed_actions` and the templates all ask it, and the Hypothesis test in
tests/test_actions_property.py checks that what it offers is what the services accept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from gongkai.core.exceptions import TransitionNotAllowed

S = TypeVar("S", bound=str)
E = TypeVar("E", bound=str)

# Adjusts the table's target for the special routes of a module (e.g. 代拟稿 → government
# office): called with (current, event, target, **context), returns the final target.
Router = Callable[..., Any]


def _keep_target(current: str, event: str, target: Any, **context: Any) -> Any:
    return target


class Machine(Generic[S, E]):
    """A transition table with its refusal message.

    `refusal` is a translatable sentence with %(status)s and %(action)s, e.g.
    "公文当前状态为“%(status)s”，不能执行“%(action)s”。" (resolved when raised, so in the
    active language).
    """

    def __init__(
        self,
        *,
        states: type[models.TextChoices],
        events: type[models.TextChoices],
        transitions: Mapping[tuple[S, E], S],
        refusal: Any,
        route: Router = _keep_target,
    ) -> None:
        self.states = states
        self.events = events
        self.transitions = dict(transitions)
        self.refusal = refusal
        self.route = route

    def next_state(self, current: str, event: str, **context: Any) -> S | None:
        """The state after `event`, or None if the event is not possible in `current`."""
        key: Any = (self.states(current), self.events(event))
        target = self.transitions.get(key)
        if target is None:
            return None
        return self.route(current, event, target, **context)  # type: ignore[no-any-return]

    def allowed_events(self, current: str) -> list[E]:
        return [event for (state, event) in self.transitions if state == current]

    def can(self, current: str, event: str) -> bool:
        key: Any = (self.states(current), self.events(event))
        return key in self.transitions

    def require(self, current: str, event: str, **context: Any) -> S:
        """The next state, or TransitionNotAllowed naming the state and the action."""
        target = self.next_state(current, event, **context)
        if target is None:
            raise TransitionNotAllowed(
                str(self.refusal)
                % {
                    "status": self.states(current).label,
                    "action": self.events(event).label,
                }
            )
        return target


Permission = Callable[[Any, Any], bool]
Guard = Callable[[Any], bool]


def _always(obj: Any) -> bool:
    return True


@dataclass(frozen=True)
class ActionSpec:
    """When the action `name` is offered to a user for an object.

    - `events`: workflow events of which one must be possible in the object's status; empty
      for actions that are not a transition (edit, 保密审查, 废止).
    - `permission`: `can_<verb>_<entity>(user, obj)`.
    - `guard`: a further condition on the object (no DB writes), e.g. "not yet extended".
    - `side`: not a workflow step (edit, attachments): does not count as "something to do".
    """

    name: str
    permission: Permission
    events: frozenset[str] = frozenset()
    guard: Guard = _always
    side: bool = False


@dataclass
class ActionSet:
    """A module's actions, in display order, over its workflow machine."""

    machine: Machine[Any, Any]
    specs: list[ActionSpec] = field(default_factory=list)
    status_of: Callable[[Any], str] = lambda obj: obj.status

    def names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.specs)

    def spec(self, name: str) -> ActionSpec:
        for spec in self.specs:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def offered(self, spec: ActionSpec, user: Any, obj: Any) -> bool:
        if spec.events:
            possible = set(self.machine.allowed_events(self.status_of(obj)))
            if not possible & spec.events:
                return False
        return spec.guard(obj) and spec.permission(user, obj)

    def for_user(self, user: Any, obj: Any) -> list[str]:
        return [spec.name for spec in self.specs if self.offered(spec, user, obj)]

    def side_names(self) -> frozenset[str]:
        """Actions that are not workflow steps (edit, attachments)."""
        return frozenset(spec.name for spec in self.specs if spec.side)

    def steps_for(self, user: Any, obj: Any) -> list[str]:
        """Offered actions that are workflow steps (something to do, not edit/attachments)."""
        return [spec.name for spec in self.specs if not spec.side and self.offered(spec, user, obj)]


_ACTION_SETS: dict[type[models.Model], ActionSet] = {}


def register_actions(model: type[models.Model], actions: ActionSet) -> None:
    """Declare a model's actions (from the owning app's `apps.py` or workflow module)."""
    _ACTION_SETS[model] = actions


def action_set(model: type[models.Model] | models.Model) -> ActionSet:
    cls = model if isinstance(model, type) else type(model)
    for klass in cls.__mro__:
        if klass in _ACTION_SETS:
            return _ACTION_SETS[klass]
    raise LookupError(_("未登记操作的对象类型：%(model)s") % {"model": cls.__name__})


def actions_for(user: Any, obj: models.Model) -> list[str]:
    """The actions `user` is offered on `obj` now, in the module's display order."""
    return action_set(obj).for_user(user, obj)


def states_with(machine: Machine[Any, Any], events: Iterable[str]) -> frozenset[str]:
    """The states in which one of `events` is possible."""
    wanted = set(events)
    return frozenset(state for (state, event) in machine.transitions if event in wanted)

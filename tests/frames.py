"""Every frame checked against its declared shape, as Zulip checks every event
against its schema. The shapes are the TypedDicts of `realtime.events`, each
named by the Literal of its `type`; a frame must carry every required key, no
key its shape does not declare, and values of the declared basic types.

`check_frame` raises FrameError; tests/conftest.py calls it on everything the
suite puts on the channel layer or sends down a socket."""

import typing

from realtime import events

# Layer traffic that never reaches a page: community's health probe.
NOT_FRAMES = {"healthz.ping"}


class FrameError(AssertionError):
    pass


def _value_check(hint):
    """A function telling whether a value fits `hint` (the basic types only).
    A subclass fits, as JSON sends it alike (a TextChoices member is a str),
    but a bool is no number, and a lazy translation is no str."""
    if typing.get_origin(hint) is typing.Literal:
        allowed = typing.get_args(hint)
        return lambda value: value in allowed
    if hint is bool:
        return lambda value: isinstance(value, bool)
    if hint is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return lambda value: (
            isinstance(value, int | float) and not isinstance(value, bool)
        )
    if hint is str:
        return lambda value: isinstance(value, str)
    raise TypeError(f"no check for {hint!r}: declare a basic type")


class Shape(typing.NamedTuple):
    name: str  # the TypedDict's
    required: frozenset[str]
    hints: dict[str, object]  # every key it declares, with its type
    checks: dict[str, typing.Callable[[object], bool]]


def _shapes(module) -> dict[str, Shape]:
    """Every TypedDict of `module`, by the Literal of its `type`. Read once:
    checking a frame costs a few set operations."""
    shapes = {}
    for declared in vars(module).values():
        if not typing.is_typeddict(declared):
            continue
        hints = typing.get_type_hints(declared)
        [name] = typing.get_args(hints["type"])
        assert name not in shapes, f"two shapes for {name!r}"
        shapes[name] = Shape(
            name=declared.__name__,
            required=frozenset(declared.__required_keys__),
            hints=hints,
            checks={key: _value_check(hint) for key, hint in hints.items()},
        )
    return shapes


SHAPES = _shapes(events)


def check_frame(frame) -> None:
    """Raise FrameError unless `frame` is exactly as its shape declares."""
    if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
        raise FrameError(f"a frame is a dict with a type: {frame!r}")
    if frame["type"] in NOT_FRAMES:
        return
    shape = SHAPES.get(frame["type"])
    if shape is None:
        raise FrameError(f"no shape declares type {frame['type']!r}: {frame!r}")
    wrong = []
    if missing := shape.required - frame.keys():
        wrong.append(f"missing {sorted(missing)}")
    if unknown := frame.keys() - shape.hints.keys():
        wrong.append(f"unknown {sorted(unknown)}")
    wrong.extend(
        f"{key}={value!r} is not {shape.hints[key]}"
        for key, value in frame.items()
        if key in shape.checks and not shape.checks[key](value)
    )
    if wrong:
        raise FrameError(f"{shape.name}: {'; '.join(wrong)} in {frame!r}")

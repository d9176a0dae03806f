"""Settings classes: each setting is written once, and everything else reads it.

A run's settings are a dataclass (``FaceConfig``, ``CVConfig``, ``RLConfig``).
Each field is declared with ``setting``, which keeps its default, its help
text and its valid choices together. From that one declaration come:

- the ``implementor`` command's flags (``add_arguments``/``from_arguments``);
- the named budgets (``Settings.budget("quick")``): a budget names only the
  fields it changes, so a new setting appears in every budget at its default;
- ``config.json`` (``to_json``/``from_json``), which refuses unknown names.

Example:

>>> import argparse, dataclasses
>>> @dataclasses.dataclass
... class Toy(Settings):
...     BUDGETS = {"test": {"steps": 2}}
...     steps: int = setting(100, "training steps", within="[1, inf)")
...     mode: str = setting("fast", "how to train", choices=("fast", "careful"))
>>> Toy.budget("test")
Toy(steps=2, mode='fast')
>>> parser = argparse.ArgumentParser()
>>> add_arguments(parser, Toy)
>>> Toy.from_arguments(parser.parse_args(["--mode", "careful"]))
Toy(steps=100, mode='careful')
>>> Toy.from_json(Toy(steps=5).to_json())
Toy(steps=5, mode='fast')
>>> Toy(steps=0)
Traceback (most recent call last):
...
ValueError: steps must be a number in [1, inf), got 0
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import re
import types
import typing
from typing import ClassVar


def setting(default, help: str = "", choices: tuple | None = None, within: str | None = None, cli: bool = True):
    """A dataclass field with its help, and the values it accepts.

    Args:
        default: the value of the default budget.
        help: str. One line for ``--help`` (and for readers of the class).
        choices: tuple or None. The valid values; others are refused.
        within: str or None. An interval the number must lie in, written as
            in mathematics: ``"[1, inf)"`` (a count), ``"(0, inf)"`` (a
            positive number), ``"[0, 1)"``. NaN and infinity are always
            refused; ``None`` passes when it is the default.
        cli: bool. False keeps the setting out of the command line (it stays
            in the budgets and in ``config.json``).
    """
    if within is not None:
        parse_interval(within)  # A typo in the class fails at import, not at the user.
    metadata = {"help": help, "choices": choices, "within": within, "cli": cli}
    return dataclasses.field(default=default, metadata=metadata)


def parse_interval(text: str) -> tuple[float, float, bool, bool]:
    """``"[0, 1)"`` -> ``(0.0, 1.0, True, False)``: the bounds and whether each is included."""
    match = re.fullmatch(r"\s*([\[(])\s*([-+\w.]+)\s*,\s*([-+\w.]+)\s*([\])])\s*", text)
    if match is None:
        raise ValueError(f"not an interval: {text!r} (write it like '[1, inf)')")
    opening, low, high, closing = match.groups()
    return float(low), float(high), opening == "[", closing == "]"


def check_within(name: str, value, within: str) -> None:
    """Raises ``ValueError`` unless ``value`` is a finite number in the interval ``within``."""
    low, high, low_in, high_in = parse_interval(within)
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    inside = number and math.isfinite(value) and (low <= value if low_in else low < value) and (
        value <= high if high_in else value < high
    )
    if not inside:
        raise ValueError(f"{name} must be a number in {within}, got {value!r}")


class Settings:
    """The shared behaviour of the settings dataclasses.

    A subclass is a ``@dataclasses.dataclass`` whose fields are made with
    ``setting`` and whose ``BUDGETS`` maps budget names to the fields they
    change. ``WRITTEN_BEFORE`` holds, for each setting added after runs
    had been written, the value those runs used: a ``config.json`` without
    it reads back as the run was trained, whatever the default is now.
    """

    BUDGETS: ClassVar[dict[str, dict]] = {}
    WRITTEN_BEFORE: ClassVar[dict[str, object]] = {}

    def __post_init__(self):
        """Checks every setting against its choices and interval: bad settings never reach a run folder."""
        for field in dataclasses.fields(self):
            choices, within = field.metadata.get("choices"), field.metadata.get("within")
            value = getattr(self, field.name)
            if choices and value not in choices:
                raise ValueError(f"{field.name} must be one of {tuple(choices)}, got {value!r}")
            if within and not (value is None and field.default is None):
                check_within(field.name, value, within)

    @classmethod
    def budget(cls, name: str = "default", **changes):
        """The settings of a named budget (``"default"`` is the class's defaults), with ``changes`` on top."""
        if name != "default" and name not in cls.BUDGETS:
            raise ValueError(f"{cls.__name__} has no budget {name!r}; it has {['default', *cls.BUDGETS]}")
        return cls(**{**cls.BUDGETS.get(name, {}), **changes})

    def replace(self, **changes):
        """A copy with some settings changed (checked like a new one)."""
        return dataclasses.replace(self, **changes)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str):
        values = json.loads(text)
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown {cls.__name__} settings {unknown}: was this run written by another version?")
        return cls(**{**cls.WRITTEN_BEFORE, **values})

    @classmethod
    def from_arguments(cls, args: argparse.Namespace, budget: str = "default"):
        """The settings of ``budget`` with every flag the user gave on top."""
        given = {
            field.name: getattr(args, field.name)
            for field in dataclasses.fields(cls)
            if hasattr(args, field.name)
        }
        return cls.budget(budget, **given)


def positive_int(text: str) -> int:
    """A command-line count that must be at least 1 (an argparse ``type``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"needs a positive number, not {value}")
    return value


def flag_name(field_name: str) -> str:
    """``image_size`` -> ``--image-size``."""
    return "--" + field_name.replace("_", "-")


def _value_type(annotation):
    """The plain type of an annotation such as ``int``, ``float | None`` or ``bool``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


def add_arguments(parser: argparse.ArgumentParser, settings_class, exclude: tuple = ()) -> None:
    """Adds a flag for every command-line setting of ``settings_class``.

    A flag that is not given leaves no attribute (``argparse.SUPPRESS``), so
    ``from_arguments`` can put the given flags on top of any budget; the help
    shows the class's default. Booleans get ``--name``/``--no-name``. Fields
    named in ``exclude`` get no flag (the command has its own).
    """
    annotations = typing.get_type_hints(settings_class)
    for field in dataclasses.fields(settings_class):
        if not field.metadata.get("cli", False) or field.name in exclude:
            continue
        value_type = _value_type(annotations[field.name])
        help_text = field.metadata["help"]
        shown = f"(default: {field.default})"
        help_text = f"{help_text} {shown}" if help_text else shown
        options = {"default": argparse.SUPPRESS, "help": help_text}
        if value_type is bool:
            options["action"] = argparse.BooleanOptionalAction
        else:
            options["type"] = value_type
            if field.metadata.get("choices"):
                options["choices"] = field.metadata["choices"]
            options["metavar"] = None if field.metadata.get("choices") else field.name.upper()
        parser.add_argument(flag_name(field.name), dest=field.name, **options)

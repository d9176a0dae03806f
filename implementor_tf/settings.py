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
...     steps: int = setting(100, "training steps")
...     mode: str = setting("fast", "how to train", choices=("fast", "careful"))
>>> Toy.budget("test")
Toy(steps=2, mode='fast')
>>> parser = argparse.ArgumentParser()
>>> add_arguments(parser, Toy)
>>> Toy.from_arguments(parser.parse_args(["--mode", "careful"]))
Toy(steps=100, mode='careful')
>>> Toy.from_json(Toy(steps=5).to_json())
Toy(steps=5, mode='fast')
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import types
import typing
from typing import ClassVar


def setting(default, help: str = "", choices: tuple | None = None, cli: bool = True, check=None):
    """A dataclass field with the help and choices the CLI shows.

    Args:
        default: the value of the default budget.
        help: str. One line for ``--help`` (and for readers of the class).
        choices: tuple or None. The valid values; others are refused.
        cli: bool. False keeps the setting out of the command line (it stays
            in the budgets and in ``config.json``).
        check: function or None. Turns a command-line string into the value,
            raising ``argparse.ArgumentTypeError`` on bad input.
    """
    metadata = {"help": help, "choices": choices, "cli": cli, "check": check}
    return dataclasses.field(default=default, metadata=metadata)


class Settings:
    """The shared behaviour of the settings dataclasses.

    A subclass is a ``@dataclasses.dataclass`` whose fields are made with
    ``setting`` and whose ``BUDGETS`` maps budget names to the fields they
    change.
    """

    BUDGETS: ClassVar[dict[str, dict]] = {}

    def __post_init__(self):
        for field in dataclasses.fields(self):
            choices = field.metadata.get("choices")
            value = getattr(self, field.name)
            if choices and value not in choices:
                raise ValueError(f"{field.name} must be one of {tuple(choices)}, got {value!r}")

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
        return cls(**values)

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
    """A command-line number that must be at least 1 (for ``setting(check=...)``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"needs a positive number, not {value}")
    return value


def positive_float(text: str) -> float:
    """A command-line number that must be above 0 (for ``setting(check=...)``)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a number, not {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"needs a number above 0, not {value}")
    return value


def share(text: str) -> float:
    """A command-line share: a number above 0 and at most 1 (for ``setting(check=...)``)."""
    value = positive_float(text)
    if value > 1:
        raise argparse.ArgumentTypeError(f"needs a share between 0 and 1, not {value}")
    return value


def flag_name(field_name: str) -> str:
    """``image_size`` -> ``--image-size``."""
    return "--" + field_name.replace("_", "-")


def _value_type(annotation):
    """The plain type of an annotation such as ``int``, ``"float | None"`` or ``bool``."""
    if isinstance(annotation, str):
        annotation = eval(annotation, {"__builtins__": {}}, {"int": int, "float": float, "str": str, "bool": bool, "None": None})
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


def add_arguments(parser: argparse.ArgumentParser, settings_class) -> None:
    """Adds a flag for every command-line setting of ``settings_class``.

    A flag that is not given leaves no attribute (``argparse.SUPPRESS``), so
    ``from_arguments`` can put the given flags on top of any budget; the help
    shows the class's default. Booleans get ``--name``/``--no-name``.
    """
    for field in dataclasses.fields(settings_class):
        if not field.metadata.get("cli", False):
            continue
        value_type = _value_type(field.type)
        help_text = field.metadata["help"]
        shown = f"(default: {field.default})"
        help_text = f"{help_text} {shown}" if help_text else shown
        options = {"default": argparse.SUPPRESS, "help": help_text}
        if value_type is bool:
            options["action"] = argparse.BooleanOptionalAction
        else:
            options["type"] = field.metadata.get("check") or value_type
            if field.metadata.get("choices"):
                options["choices"] = field.metadata["choices"]
            options["metavar"] = None if field.metadata.get("choices") else field.name.upper()
        parser.add_argument(flag_name(field.name), dest=field.name, **options)

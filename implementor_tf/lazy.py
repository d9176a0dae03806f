"""Package namespaces that load a module only when one of its names is first used.

A package's ``__init__`` lists where each public name lives; importing the
package (or one light module inside it, such as a ``config``) then costs
nothing, and ``implementor --help`` answers without loading TensorFlow.

Example:

>>> get, names = lazy_exports("json", {"dumps": "json"})
>>> get("dumps")([1])
'[1]'
>>> names
['dumps']
"""

from __future__ import annotations

import importlib


def lazy_exports(package: str, homes: dict[str, str]):
    """A module ``__getattr__`` and ``__all__`` for ``package``, whose names live in the modules ``homes`` gives.

    Args:
        package: str. The package's ``__name__``.
        homes: dict. Public name -> full name of the module that defines it.
    """

    def get(name: str):
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(homes[name]), name)

    return get, sorted(homes)

"""The package's layers: every import points down (or sideways within a room), and none goes round in a circle.

Function-level imports count as much as those at the top of a file, so no
import can hide inside a function to dodge a circle.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "implementor_tf"

# Bottom first. A module may import from its own layer or one below it.
LAYERS = [
    ("foundations", ["implementor_tf", "implementor_tf.settings", "implementor_tf.run_folder", "implementor_tf.precision",
                     "implementor_tf.distribute",
                     "implementor_tf.pictures", "implementor_tf.cv.format"]),
    ("data", ["implementor_tf.data"]),
    ("measures", ["implementor_tf.metrics"]),
    ("models", ["implementor_tf.face", "implementor_tf.cv", "implementor_tf.rl"]),
    ("uses of the models", ["implementor_tf.transfer", "implementor_tf.profile"]),
    ("command line and notebooks", ["implementor_tf.cli", "implementor_tf.notebook"]),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every implementor_tf module that ``path`` imports, wherever the import statement stands."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names if alias.name.startswith("implementor_tf")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("implementor_tf"):
            for alias in node.names:  # "from implementor_tf.cv import format" imports a module.
                candidate = f"{node.module}.{alias.name}"
                known = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists()
                modules.add(candidate if known else node.module)
    return modules


GRAPH = {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> tuple[int, str]:
    """The layer index and the room (the longest prefix named in ``LAYERS``) of a module."""
    matches = [(len(prefix), index, prefix) for index, (_, prefixes) in enumerate(LAYERS) for prefix in prefixes
               if module == prefix or module.startswith(prefix + ".")]
    _, index, prefix = max(matches)
    return index, prefix


def test_every_module_has_a_layer():
    assert all(layer_of(module) for module in GRAPH)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down_or_stay_in_the_room(module):
    index, room = layer_of(module)
    for imported in GRAPH[module]:
        imported_index, imported_room = layer_of(imported)
        assert imported_index <= index, f"{module} ({LAYERS[index][0]}) imports {imported} from above ({LAYERS[imported_index][0]})"
        if imported_index == index and index > 0:
            assert imported_room == room, f"{module} imports {imported} from a neighbouring room of the same layer"


def test_there_is_no_import_circle():
    state, path = {}, []

    def visit(module):
        state[module] = "open"
        path.append(module)
        for imported in sorted(GRAPH.get(module, ())):
            if state.get(imported) == "open":
                circle = path[path.index(imported):] + [imported]
                pytest.fail("import circle: " + " -> ".join(circle))
            if imported not in state:
                visit(imported)
        path.pop()
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_the_checker_sees_a_circle_hidden_in_a_function(tmp_path, monkeypatch):
    """The graph includes imports made inside functions."""
    source = tmp_path / "hidden.py"
    source.write_text("def later():\n    from implementor_tf.face.train import train_face\n")
    assert imports_of(source) == {"implementor_tf.face.train"}

"""Every companion notebook runs top to bottom, with small parameters injected papermill-style.

The committed ``parameters`` cells hold the reader's budgets (minutes on a
CPU, more on a GPU); the tests add a cell right after them, as papermill
does, that sets the test budget, so the committed defaults are never the
tests'.
"""

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from implementor_tf.notebook import INSTALL_SOURCE, SETUP_CELL

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
INJECTED = {
    "01_why_a_synthetic_colleague": 'BUDGET = "test"\nLABELS = [10, 40]\nREPEATS = 1\nSTEPS = 40',
    "02_the_face": 'BUDGET = "test"\nKIMG = None\nIMAGE_SIZE = None\nEVAL_N = 48',
    "03_the_cv": 'BUDGET = "test"\nFULL_RUN = False\nUSE_PRETRAINED = True  # Offline: shows the clear fallback to the tiny model.\nEVAL_N = 8',
    "04_the_implementor": 'BUDGET = "test"\nFACE_KIMG = None\nFACE_IMAGE_SIZE = None\nTEAM = 3',
    "05_gans_rl_and_transfer_learning": 'BUDGET = "test"\nPROBE_LABELS = 40',
}
EXPECTED = [
    "01_why_a_synthetic_colleague.ipynb",
    "02_the_face.ipynb",
    "03_the_cv.ipynb",
    "04_the_implementor.ipynb",
    "05_gans_rl_and_transfer_learning.ipynb",
]


def test_the_series_is_complete_and_in_order():
    assert [path.name for path in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_the_notebook_follows_the_template(path):
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    cells = book.cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    assert "colab.research.google.com" in cells[0].source and path.name in cells[0].source
    first_code = next(index for index, cell in enumerate(cells) if cell.cell_type == "code")
    assert any(cell.cell_type == "markdown" and len(cell.source) > 200 for cell in cells[:first_code]), "no overview before the code"
    assert "implementor_tf" in cells[first_code].source and "pip" in cells[first_code].source
    assert "parameters" in cells[first_code + 1].get("metadata", {}).get("tags", []) or any(
        "parameters" in cell.get("metadata", {}).get("tags", []) for cell in cells[first_code + 1 : first_code + 3]
    )
    for cell in cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "committed with outputs"


def parameters_index(book) -> int:
    return next(index for index, cell in enumerate(book.cells) if "parameters" in cell.get("metadata", {}).get("tags", []))


def inject(book, parameters: str):
    """Adds a cell after the ``parameters`` cell that overrides its values (papermill's way)."""
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["injected-parameters"]
    book.cells.insert(parameters_index(book) + 1, cell)
    return book


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_the_set_up_is_the_one_shared_cell_and_the_budget_is_the_readers(path):
    book = nbformat.read(path, as_version=4)
    code = [cell.source for cell in book.cells if cell.cell_type == "code"]
    assert code[0] == SETUP_CELL, "the first code cell must be implementor_tf.notebook.SETUP_CELL"
    assert sum(INSTALL_SOURCE in source or "pip" in source for source in code) == 1, "set-up code outside the set-up cell"
    parameters = book.cells[parameters_index(book)].source
    assert "BUDGET = runtime.budget" in parameters  # notebook_cpu or notebook_gpu, never the test's.
    assert '"test"' not in parameters


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_the_notebook_runs_top_to_bottom(path, tmp_path):
    book = inject(nbformat.read(path, as_version=4), INJECTED[path.stem])
    NotebookClient(book, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [output for cell in book.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    images = [output for output in outputs if "image/png" in output.get("data", {}) or "image/gif" in output.get("data", {})]
    assert images, "the notebook showed no figure"
    (tmp_path / "executed.ipynb").write_text(json.dumps(book))


@pytest.mark.parametrize("speedup, expected", [(2.0, True), (1.0, False)])
def test_the_set_up_says_whether_the_cpu_trains_in_bfloat16(monkeypatch, speedup, expected):
    from implementor_tf import notebook, precision

    monkeypatch.setattr(precision, "bfloat16_speedup", lambda: speedup)
    said = []
    runtime = notebook.setup(say=said.append)
    assert runtime.budget == "notebook_cpu" and runtime.cpu_bfloat16 is expected
    assert ("CPU with bfloat16" in said[0]) is expected

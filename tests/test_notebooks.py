"""Every companion notebook runs top to bottom with its quick parameters, as a new user would run it."""

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
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
    assert "import implementor_tf" in cells[first_code].source and "pip" in cells[first_code].source
    assert "parameters" in cells[first_code + 1].get("metadata", {}).get("tags", []) or any(
        "parameters" in cell.get("metadata", {}).get("tags", []) for cell in cells[first_code + 1 : first_code + 3]
    )
    for cell in cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "committed with outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_the_notebook_runs_top_to_bottom(path, tmp_path):
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [output for cell in book.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    images = [output for output in outputs if "image/png" in output.get("data", {}) or "image/gif" in output.get("data", {})]
    assert images, "the notebook showed no figure"
    (tmp_path / "executed.ipynb").write_text(json.dumps(book))

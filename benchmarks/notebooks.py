"""Runs the companion notebooks with their committed defaults and prints how long each took.

The defaults are the reader's (``notebook_cpu`` on a machine without a GPU),
not the tests': this is what pressing "Run all" costs. Each notebook runs in a
fresh kernel in its own folder under ``--out``, and the executed copy is kept
there with its outputs, to read the results as a reader would.

    python benchmarks/notebooks.py --out runs/notebooks [--only 02_the_face]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def printed_text(book) -> str:
    """Everything the notebook printed, in order."""
    lines = []
    for cell in book.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                lines.append(output["text"])
            elif "text/plain" in output.get("data", {}) and "image/png" not in output["data"]:
                lines.append(output["data"]["text/plain"])
    return "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="runs/notebooks", help="folder for the notebooks' runs and executed copies")
    parser.add_argument("--only", default=None, help="comma-separated notebook names (default: all)")
    args = parser.parse_args()
    chosen = [path for path in NOTEBOOKS if args.only is None or path.stem in args.only.split(",")]
    results = {}
    for path in chosen:
        folder = Path(args.out) / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        book = nbformat.read(path, as_version=4)
        started = time.perf_counter()
        NotebookClient(book, timeout=3600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
        minutes = (time.perf_counter() - started) / 60
        nbformat.write(book, folder / path.name)
        (folder / "printed.txt").write_text(printed_text(book), encoding="utf-8")
        results[path.stem] = round(minutes, 1)
        print(f"{path.stem}: {minutes:.1f} min (executed copy and printed text in {folder})", flush=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

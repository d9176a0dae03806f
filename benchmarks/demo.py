"""``implementor demo`` end to end: wall time, page checks and the README's screenshots.

Runs the command exactly as the README does (a fresh folder, a subprocess,
its output shown as it comes), then opens the team page and the first
colleague's profile in headless Chromium, reports what it found (faces
loaded, console errors, requests beyond the page itself) and saves
screenshots and the first colleague's card into ``--assets``. The first
colleague (seed 0) is shown, whichever it is: no picking the best one.

Usage:

    python benchmarks/demo.py [--quick] [--out runs/demo] [--assets assets] [--reuse]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="runs/demo", help="demo folder (emptied first)")
    parser.add_argument("--quick", action="store_true", help="time the smoke run instead")
    parser.add_argument("--assets", default=None, help="folder for screenshots and the card (default: none saved)")
    parser.add_argument("--reuse", action="store_true", help="keep --out: reuse its trainings (then only the pages are timed)")
    args = parser.parse_args()

    out = Path(args.out)
    if not args.reuse:
        shutil.rmtree(out, ignore_errors=True)
    implementor = shutil.which("implementor") or str(Path(sys.executable).with_name("implementor"))
    command = [implementor, "demo", "--out", str(out)] + (["--quick"] if args.quick else [])
    print("$ implementor", " ".join(command[1:]), flush=True)
    started = time.perf_counter()
    subprocess.run(command, check=True)
    minutes = (time.perf_counter() - started) / 60

    from implementor_tf.profile.browser import inspect_page

    assets = Path(args.assets) if args.assets else None
    prefix = "demo_quick" if args.quick else "demo"
    pages = {"team": out / "index.html", "profile": out / "colleague-0" / "implementor.html"}
    print(f"\nimplementor demo{' --quick' if args.quick else ''}: {minutes:.1f} min wall time")
    for name, page in pages.items():
        screenshot = assets / f"{prefix}_{name}.png" if assets else None
        report = inspect_page(page, screenshot=screenshot, width=1200, height=1000)
        loaded = sum(image["natural_width"] > 0 for image in report.images)
        print(
            f"{name:8s} {page}: {loaded}/{len(report.images)} faces loaded, {len(report.sections)} CV sections, "
            f"{len(report.console_errors)} console errors, {len(report.external_requests)} outside requests"
            + (f"; screenshot {screenshot}" if screenshot else "")
        )
    if assets:
        shutil.copy(out / "colleague-0" / "card.png", assets / f"{prefix}_card.png")
        print(f"card     {assets / f'{prefix}_card.png'}")


if __name__ == "__main__":
    sys.exit(main())

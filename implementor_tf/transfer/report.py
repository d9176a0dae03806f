"""Reading a transfer experiment: a table of accuracies and a plot against labels.

Example:

>>> result = {"task": "glasses", "classes": ["no glasses", "glasses"], "n_holdout": 400, "chance": 0.5,
...           "face_run": "runs/face", "cut": "down8", "budgets": [10, 50], "repeats": 3, "notes": [],
...           "modes": {"probe": {"title": "linear probe", "available": True,
...                               "accuracy": {"10": {"mean": 0.6, "std": 0.04}, "50": {"mean": 0.8, "std": 0.05}}},
...                     "imagenet": {"title": "ImageNet", "available": False, "reason": "offline"}}}
>>> print(format_table(result).splitlines()[-2])
linear probe      60.0 ± 4.0    80.0 ± 5.0
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from implementor_tf.run_folder import save_atomically

MODE_STYLES = {
    "probe": dict(color="tab:blue", marker="o"),
    "fine_tune": dict(color="tab:green", marker="s"),
    "scratch": dict(color="tab:red", marker="^", linestyle="--"),
    "imagenet": dict(color="tab:purple", marker="D", linestyle=":"),
}


def format_table(result: dict) -> str:
    """Held-out accuracy (%) as mean ± std over the draws: one row per mode, one column per budget."""
    budgets = [str(budget) for budget in result["budgets"]]
    title_width = max(len(mode["title"]) for mode in result["modes"].values()) + 2
    lines = [
        f"Task {result['task']} ({' / '.join(result['classes'])}): accuracy (%) on {result['n_holdout']} held-out images, "
        f"mean ± std over {result['repeats']} draw{'s' if result['repeats'] != 1 else ''}; chance {result['chance'] * 100:.0f}%",
        f"Pretrained trunk: the discriminator of {result['face_run']}, up to block {result['cut']}",
        *result["notes"],
        "",
        "labels".ljust(title_width) + "".join(budget.rjust(14) for budget in budgets),
    ]
    unavailable = []
    for mode in result["modes"].values():
        if not mode["available"]:
            unavailable.append(f"{mode['title']}: unavailable ({mode['reason']})")
            continue
        cells = [f"{mode['accuracy'][budget]['mean'] * 100:.1f} ± {mode['accuracy'][budget]['std'] * 100:.1f}" for budget in budgets]
        lines.append(mode["title"].ljust(title_width) + "".join(cell.rjust(14) for cell in cells))
    return "\n".join(lines + unavailable)


def plot_transfer(result: dict, path, ax=None) -> Path | None:
    """Accuracy against the number of labels, one line per mode, ±1 std shaded.

    Draws on ``ax`` when given (and writes nothing); otherwise writes ``path``.
    """
    figure = None
    if ax is None:
        figure, ax = plt.subplots(figsize=(6, 4), dpi=120)
    budgets = [int(budget) for budget in result["budgets"]]
    for name, mode in result["modes"].items():
        if not mode["available"]:
            continue
        means = [mode["accuracy"][str(budget)]["mean"] * 100 for budget in budgets]
        stds = [mode["accuracy"][str(budget)]["std"] * 100 for budget in budgets]
        style = MODE_STYLES.get(name, {})
        ax.plot(budgets, means, label=mode["title"], **style)
        ax.fill_between(budgets, [m - s for m, s in zip(means, stds)], [m + s for m, s in zip(means, stds)], color=style.get("color"), alpha=0.15)
    ax.axhline(result["chance"] * 100, color="grey", linewidth=1, linestyle=":", label="chance")
    ax.set_xscale("log")
    ax.set_xticks(budgets, [str(budget) for budget in budgets])
    ax.minorticks_off()
    ax.set_xlabel("labelled images")
    ax.set_ylabel("held-out accuracy (%)")
    ax.set_title(f"{result['task']}: {result['n_holdout']} held-out images, {result['repeats']} draws")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    if figure is None:
        return None
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.tight_layout()
    save_atomically(path, figure.savefig)
    plt.close(figure)
    return path

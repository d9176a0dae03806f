"""The ``implementor`` command: a thin layer over the library.

    implementor face train --data synthetic --out runs/face
    implementor face sample --run runs/face --n 16 --seed 1 --out faces.png
    implementor face eval --run runs/face --n 1000 --json
    implementor face interpolate --run runs/face --out walk.gif
    implementor cv train --corpus synthetic --out runs/cv
    implementor cv generate --run runs/cv --n 5
    implementor cv eval --run runs/cv --n 100
    implementor transfer --face-run runs/face --task glasses --labels 10,25,50,100 --plot transfer.png
    implementor make --face-run runs/face --cv-run runs/cv --out team --n 8 --seed 0
    implementor demo --out runs/demo [--quick]
    implementor rl train --out runs/rl --episodes 20000 --seed 0
    implementor rl play --run runs/rl --out episode.gif

Errors a user can fix (a bad folder, an existing run, no network) are printed
as one clear line and exit with status 2, without a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import sys
import tempfile

from implementor_tf.distribute import check_distribution, connect
from implementor_tf.settings import add_arguments, positive_int

USER_ERRORS = (ValueError, FileNotFoundError, FileExistsError, RuntimeError)
# The file system failing under a run (permissions, a full disk): one line naming the path, no traceback.
FILE_SYSTEM_ERRORS = (OSError,)


def _face_train(args) -> None:
    from implementor_tf.face.config import FaceConfig
    from implementor_tf.face.train import train_face

    train_face(FaceConfig.from_arguments(args, args.budget), args.out, resume=args.resume, verbose=1)


def _face_sample(args) -> None:
    from implementor_tf.face.sample import sample_faces
    from implementor_tf.pictures import image_grid, save_png, to_uint8

    faces = to_uint8(sample_faces(args.run, n=args.n, seed=args.seed))
    columns = args.columns or math.ceil(math.sqrt(args.n))
    save_png(image_grid(faces, columns), args.out, scale=args.scale)
    print(f"Wrote {args.n} faces (seed {args.seed}) to {args.out}")


def _face_interpolate(args) -> None:
    from implementor_tf.face.interpolate import write_latent_walk
    from implementor_tf.face.sample import load_generator

    path = write_latent_walk(load_generator(args.run), args.out, n_faces=args.faces, steps=args.steps, seed=args.seed, scale=args.scale)
    print(f"Wrote a walk through {args.faces} faces ({args.faces * args.steps} frames, seed {args.seed}) to {path}")


def _progress_printer(json_output: bool):
    """Progress messages go to stderr when stdout carries JSON."""
    return (lambda message: print(message, file=sys.stderr)) if json_output else print


def _face_eval(args) -> None:
    import json

    from implementor_tf.face.evaluate import evaluate_face_run
    from implementor_tf.metrics.face_quality import format_table

    result = evaluate_face_run(args.run, data=args.data, n=args.n, seed=args.seed, kid=not args.no_kid, say=_progress_printer(args.json))
    print(json.dumps(result, indent=2) if args.json else format_table(result))


def _cv_eval(args) -> None:
    import json

    from implementor_tf.cv.evaluate import evaluate_cv_run, format_table

    result = evaluate_cv_run(args.run, n=args.n, seed=args.seed, say=_progress_printer(args.json))
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_table(result))


def _cv_train(args) -> None:
    from implementor_tf.cv.config import CVConfig
    from implementor_tf.cv.train import train_cv

    train_cv(CVConfig.from_arguments(args, args.budget), args.out, resume=args.resume, verbose=1)


def _cv_generate(args) -> None:
    import json

    from implementor_tf.cv.config import SamplerSettings
    from implementor_tf.cv.format import cv_problems, parse_cv
    from implementor_tf.cv.generate import CVWriter

    settings = SamplerSettings.from_arguments(args)
    writer = CVWriter.from_run(args.run, **dataclasses.asdict(settings))
    prompt = args.prompt.replace("\\n", "\n")  # Let "\n" typed in a shell mean a new line.
    texts = writer.generate(prompt, n=args.n, max_length=args.max_length, seed=args.seed)
    problems = [cv_problems(text) for text in texts]
    if args.json:
        records = []
        for text, found in zip(texts, problems):
            cv = parse_cv(text)
            records.append({"text": text, "valid": not found, "problems": found, "header": cv.header, "sections": cv.sections})
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for number, (text, found) in enumerate(zip(texts, problems), start=1):
        verdict = "complete" if not found else "incomplete: " + "; ".join(found)
        print(f"=== CV {number} of {len(texts)} (seed {args.seed}, {verdict})\n{text}\n")


def _budgets(text: str) -> list[int]:
    try:
        budgets = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--labels takes numbers separated by commas, such as 10,25,50, not {text!r}") from None
    if not budgets or min(budgets) < 1:
        raise argparse.ArgumentTypeError("--labels needs at least one positive number")
    return budgets


def _transfer(args) -> None:
    import json

    from implementor_tf.transfer import (
        format_table,
        plot_transfer,
        run_transfer_experiment,
    )
    from implementor_tf.transfer.config import TrainingSettings

    say = _progress_printer(args.json)
    settings = TrainingSettings.from_arguments(args)
    result = run_transfer_experiment(
        args.face_run, args.task, budgets=args.labels, repeats=args.repeats, cut=args.cut,
        settings=settings, imagenet=not args.no_imagenet, seed=args.seed, say=say,
    )
    if args.plot:
        plot_transfer(result, args.plot)
        say(f"Wrote the plot to {args.plot}")
    print(json.dumps(result, indent=2) if args.json else format_table(result))


def _make(args) -> None:
    from implementor_tf.profile import make_team

    team = make_team(args.face_run, args.cv_run, args.out, n=args.n, seed=args.seed)
    print(f"Made {len(team.colleagues)} synthetic colleagues. Open {team.index} in a browser:")
    for colleague, folder in zip(team.colleagues, team.folders):
        verdict = "" if not colleague.problems else f" (incomplete CV: {'; '.join(colleague.problems)})"
        print(f"  {folder / 'implementor.html'}  {colleague.name}, {colleague.title}{verdict}")


def _demo(args) -> None:
    from implementor_tf.profile.demo import run_demo

    run_demo(args.out, budget="quick" if args.quick else args.budget, n=args.n, seed=args.seed)


def _rl_train(args) -> None:
    from implementor_tf.rl.config import RLConfig
    from implementor_tf.rl.train import train_agent

    train_agent(RLConfig.from_arguments(args, args.budget), args.out, resume=args.resume)


def _rl_play(args) -> None:
    from implementor_tf.rl.config import RL_RUN
    from implementor_tf.rl.episode_gif import save_episode_gif
    from implementor_tf.rl.evaluate import EVALUATION_SEED, greedy_policy, random_policy
    from implementor_tf.rl.train import load_policy
    from implementor_tf.run_folder import RunFolder

    run = RunFolder(args.run, RL_RUN)
    difficulty = args.difficulty or (run.settings().difficulty if run.holds_run() else "medium")
    policy = random_policy(args.seed) if args.random else greedy_policy(load_policy(run.path))
    summary = save_episode_gif(policy, args.out, difficulty, seed=EVALUATION_SEED + args.seed)
    verdict = "reached the door" if summary["success"] else "ran out of steps"
    who = "A random policy" if args.random else "The trained agent"
    print(f"{who} {verdict} in {summary['steps']} steps (return {summary['return']:+.2f}); wrote {args.out}")


def _choices(settings_class, name: str) -> tuple:
    return next(field for field in dataclasses.fields(settings_class) if field.name == name).metadata["choices"]


def _run_arguments(parser: argparse.ArgumentParser, settings_class, saved: str) -> None:
    """--out, --resume and --budget, then a flag for every setting of ``settings_class``."""
    parser.add_argument("--out", required=True, help="run folder to write")
    parser.add_argument("--resume", action="store_true", help=f"continue the run in --out from its last {saved}")
    parser.add_argument(
        "--budget", default="readme", choices=tuple(settings_class.BUDGETS),
        help="named settings to start from (readme: the README's run); the flags below change them",
    )
    add_arguments(parser, settings_class)


def build_parser() -> argparse.ArgumentParser:
    # The run commands' flags are made from the settings classes, so the CLI and the API agree.
    from implementor_tf.cv.config import CVConfig, SamplerSettings
    from implementor_tf.face.config import FaceConfig

    parser = argparse.ArgumentParser(prog="implementor", description="Build the Implementor, a synthetic colleague.")
    topics = parser.add_subparsers(dest="topic", required=True)

    face = topics.add_parser("face", help="train and sample the DCGAN face")
    face_commands = face.add_subparsers(dest="command", required=True)

    train = face_commands.add_parser("train", help="train a DCGAN on portraits", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    _run_arguments(train, FaceConfig, "checkpoint")
    train.set_defaults(handler=_face_train)

    sample = face_commands.add_parser("sample", help="draw new faces from a trained run", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    sample.add_argument("--run", required=True, help="run folder written by `face train`")
    sample.add_argument("--n", type=positive_int, default=16, help="number of faces")
    sample.add_argument("--seed", type=int, default=0, help="the same seed gives the same faces")
    sample.add_argument("--out", required=True, help="PNG file to write")
    sample.add_argument("--columns", type=positive_int, default=None, help="faces per row (default: a square grid)")
    sample.add_argument("--scale", type=positive_int, default=2, help="enlarge the picture by this factor")
    sample.set_defaults(handler=_face_sample)

    walk = face_commands.add_parser("interpolate", help="a looping GIF of faces morphing into each other", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    walk.add_argument("--run", required=True, help="run folder written by `face train`")
    walk.add_argument("--out", required=True, help="GIF file to write")
    walk.add_argument("--faces", type=positive_int, default=6, help="key faces the walk passes through (at least 2)")
    walk.add_argument("--steps", type=positive_int, default=24, help="frames from one key face to the next")
    walk.add_argument("--seed", type=int, default=0, help="the same seed gives the same walk")
    walk.add_argument("--scale", type=positive_int, default=2, help="enlarge the frames by this factor")
    walk.set_defaults(handler=_face_interpolate)

    face_eval = face_commands.add_parser("eval", help="measure a trained run: SWD, KID, diversity, memorisation, attributes", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    face_eval.add_argument("--run", required=True, help="run folder written by `face train`")
    face_eval.add_argument("--data", default=None, help="real images to compare with (default: the run's own data)")
    face_eval.add_argument("--n", type=positive_int, default=1000, help="faces to generate")
    face_eval.add_argument("--seed", type=int, default=0, help="noise seed of the generated faces")
    face_eval.add_argument("--no-kid", action="store_true", help="skip KID (it needs InceptionV3 ImageNet weights)")
    face_eval.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    face_eval.set_defaults(handler=_face_eval)

    cv = topics.add_parser("cv", help="train GPT-2 on CVs and write new ones")
    cv_commands = cv.add_subparsers(dest="command", required=True)
    cv_train = cv_commands.add_parser("train", help="fine-tune or train GPT-2 on CVs", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    _run_arguments(cv_train, CVConfig, "epoch")
    cv_train.set_defaults(handler=_cv_train)

    generate = cv_commands.add_parser("generate", help="write CVs with a trained run", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    generate.add_argument("--run", required=True, help="run folder written by `cv train`")
    generate.add_argument("--prompt", default="Name:", help="start of every CV; \\n means a new line")
    generate.add_argument("--n", type=positive_int, default=5, help="number of CVs")
    generate.add_argument("--max-length", type=positive_int, default=None, help="longest CV in tokens, prompt included (default: the model's limit)")
    add_arguments(generate, SamplerSettings)
    generate.add_argument("--seed", type=int, default=0, help="the same seed gives the same CVs")
    generate.add_argument("--json", action="store_true", help="print JSON with each CV's text, sections and validity")
    generate.set_defaults(handler=_cv_generate)

    cv_eval = cv_commands.add_parser("eval", help="measure a trained run: perplexity, validity, distinct-n, novelty", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    cv_eval.add_argument("--run", required=True, help="run folder written by `cv train`")
    cv_eval.add_argument("--n", type=positive_int, default=100, help="CVs to generate")
    cv_eval.add_argument("--seed", type=int, default=0, help="the same seed gives the same CVs")
    cv_eval.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    cv_eval.set_defaults(handler=_cv_eval)

    from implementor_tf.transfer.config import TASKS, TrainingSettings

    transfer = topics.add_parser(
        "transfer",
        help="classify with few labels, starting from a face run's discriminator",
        description="Label-budget experiment: a linear probe and a fine-tune of the discriminator's trunk against "
        "the same network trained from scratch (and an ImageNet network where its weights load).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    transfer.add_argument("--face-run", required=True, help="run folder written by `face train` (its checkpoint holds the discriminator)")
    transfer.add_argument("--task", required=True, choices=TASKS, help="an attribute of the synthetic portraits, or face_vs_nonface on LFW")
    transfer.add_argument("--labels", type=_budgets, default=[10, 25, 50, 100], help="label budgets, comma-separated")
    transfer.add_argument("--repeats", type=positive_int, default=5, help="random draws of labels per budget")
    transfer.add_argument("--cut", default=None, help="last discriminator block to keep, e.g. down16 (default: all blocks)")
    transfer.add_argument("--no-imagenet", action="store_true", help="skip the ImageNet baseline (it needs MobileNetV3 weights)")
    transfer.add_argument("--seed", type=int, default=0, help="seed of the label draws and the networks")
    transfer.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    transfer.add_argument("--plot", default=None, help="PNG file for accuracy against labels")
    add_arguments(transfer, TrainingSettings, exclude=("seed",))
    transfer.set_defaults(handler=_transfer)

    make = topics.add_parser(
        "make",
        help="make synthetic colleagues from a face run and a CV run: profile pages, cards and a team page",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    make.add_argument("--face-run", required=True, help="run folder written by `face train`")
    make.add_argument("--cv-run", required=True, help="run folder written by `cv train`")
    make.add_argument("--out", required=True, help="folder for index.html and a folder per colleague")
    make.add_argument("--n", type=positive_int, default=8, help="colleagues on the team")
    make.add_argument("--seed", type=int, default=0, help="seed of the first colleague (the next ones count up)")
    make.set_defaults(handler=_make)

    demo = topics.add_parser(
        "demo",
        help="the whole Implementor from nothing: train the face and the CV on the embedded data, then make a team",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    demo.add_argument("--out", required=True, help="folder for the two runs and the team")
    demo.add_argument("--budget", default="demo", choices=("demo", "quick", "test"), help="demo: about a quarter of an hour; quick: a smoke run of about two minutes; test: seconds")
    demo.add_argument("--quick", action="store_true", help="the same as --budget quick")
    demo.add_argument("--n", type=positive_int, default=8, help="colleagues on the team")
    demo.add_argument("--seed", type=int, default=0, help="seed of the first colleague")
    demo.set_defaults(handler=_demo)

    from implementor_tf.rl.config import RLConfig

    rl = topics.add_parser("rl", help="reinforcement learning: a robot that learns to act on what its camera sees")
    rl_commands = rl.add_subparsers(dest="command", required=True)
    rl_train = rl_commands.add_parser("train", help="train the corridor robot with advantage actor-critic", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    _run_arguments(rl_train, RLConfig, "checkpoint")
    rl_train.set_defaults(handler=_rl_train)
    play = rl_commands.add_parser("play", help="film one episode as a GIF", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    play.add_argument("--run", required=True, help="run folder written by `rl train`")
    play.add_argument("--out", required=True, help="GIF file to write")
    play.add_argument("--seed", type=int, default=0, help="which held-out corridor to play")
    play.add_argument("--difficulty", default=None, choices=_choices(RLConfig, "difficulty"), help="default: the run's own")
    play.add_argument("--random", action="store_true", help="play the random policy instead of the trained agent")
    play.set_defaults(handler=_rl_play)
    return parser


def start_tensorflow_quietly(distribute: str | None = None) -> None:
    """Imports TensorFlow and finds its devices with the C++ start-up lines kept off stderr.

    TensorFlow's native libraries write to file descriptor 2 before Python's
    logging or ``TF_CPP_MIN_LOG_LEVEL`` take effect (absl, cudart, cuInit,
    oneDNN), so for this moment the descriptor points at a temporary file.
    If TensorFlow fails to start, what it wrote is shown after all. A
    training command's ``distribute`` setting is connected here, before
    TensorFlow's first operation (a cluster of workers needs that).
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if distribute is not None:
        check_distribution(distribute)  # A user's mistake is one line, not TensorFlow's start-up log.
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            import tensorflow as tf

            tf.config.list_physical_devices()
            if distribute is not None:
                connect(distribute)
            tf.constant(1.0) + 1.0  # The first operation prints the CPU feature line.
        except BaseException:
            os.dup2(saved, 2)
            captured.seek(0)
            sys.stderr.write(captured.read().decode(errors="replace"))
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)  # Needs no TensorFlow: --help and usage errors are instant.
    try:
        start_tensorflow_quietly(getattr(args, "distribute", None))
        args.handler(args)
    except USER_ERRORS as error:
        print(f"implementor: error: {error}", file=sys.stderr)
        return 2
    except FILE_SYSTEM_ERRORS as error:
        where = f" ({error.filename})" if getattr(error, "filename", None) and str(error.filename) not in str(error) else ""
        print(f"implementor: error: {error}{where}; nothing after the last checkpoint was lost, resume with --resume", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("implementor: interrupted; resume with --resume", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
import math
import os
import sys

USER_ERRORS = (ValueError, FileNotFoundError, FileExistsError, RuntimeError)


def _face_train(args) -> None:
    from implementor_tf.face.train import FaceConfig, train_face

    config = FaceConfig(
        data=args.data,
        image_size=args.image_size,
        kimg=args.kimg,
        batch_size=args.batch_size,
        augment=args.augment,
        ema=args.ema,
        seed=args.seed,
        n_images=args.n_images,
        eval_kimg=args.eval_kimg,
        upsampling=args.upsampling,
        precision=args.precision,
    )
    train_face(config, args.out, resume=args.resume, verbose=1)


def _face_sample(args) -> None:
    from implementor_tf.data.portraits import to_uint8
    from implementor_tf.face.image_grid import image_grid, save_png
    from implementor_tf.face.train import sample_faces

    faces = to_uint8(sample_faces(args.run, n=args.n, seed=args.seed))
    columns = args.columns or math.ceil(math.sqrt(args.n))
    save_png(image_grid(faces, columns), args.out, scale=args.scale)
    print(f"Wrote {args.n} faces (seed {args.seed}) to {args.out}")


def _face_interpolate(args) -> None:
    from implementor_tf.face.interpolate import write_latent_walk
    from implementor_tf.face.train import load_generator

    path = write_latent_walk(load_generator(args.run), args.out, n_faces=args.faces, steps=args.steps, seed=args.seed, scale=args.scale)
    print(f"Wrote a walk through {args.faces} faces ({args.faces * args.steps} frames, seed {args.seed}) to {path}")


def _progress_printer(json_output: bool):
    """Progress messages go to stderr when stdout carries JSON."""
    return (lambda message: print(message, file=sys.stderr)) if json_output else print


def _face_eval(args) -> None:
    import json

    from implementor_tf.metrics.face_quality import evaluate_face_run, format_table

    result = evaluate_face_run(args.run, data=args.data, n=args.n, seed=args.seed, kid=not args.no_kid, say=_progress_printer(args.json))
    print(json.dumps(result, indent=2) if args.json else format_table(result))


def _cv_eval(args) -> None:
    import json

    from implementor_tf.metrics.cv_quality import evaluate_cv_run, format_table

    result = evaluate_cv_run(args.run, n=args.n, seed=args.seed, say=_progress_printer(args.json))
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_table(result))


def _cv_train(args) -> None:
    from implementor_tf.cv.train import CVConfig, train_cv

    config = CVConfig(
        corpus=args.corpus,
        model=args.model,
        epochs=args.epochs,
        sequence_length=args.sequence_length,
        lora_rank=args.lora_rank,
        seed=args.seed,
        precision=args.precision,
    )
    train_cv(config, args.out, resume=args.resume, verbose=1)


def _cv_generate(args) -> None:
    import json

    from implementor_tf.cv.generate import CVWriter
    from implementor_tf.cv.parse import cv_problems, parse_cv

    writer = CVWriter.from_run(
        args.run, sampler=args.sampler, temperature=args.temperature, top_k=args.top_k, top_p=args.top_p
    )
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

    from implementor_tf.transfer import TrainingSettings, format_table, plot_transfer, run_transfer_experiment

    say = _progress_printer(args.json)
    settings = TrainingSettings(pooling=args.pooling)
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

    run_demo(args.out, quick=args.quick, n=args.n, seed=args.seed)


def _rl_train(args) -> None:
    from implementor_tf.rl.train import RLConfig, train_agent

    config = RLConfig(difficulty=args.difficulty, episodes=args.episodes, seed=args.seed)
    train_agent(config, args.out, resume=args.resume)


def _rl_play(args) -> None:
    import json
    from pathlib import Path

    from implementor_tf.rl.episode_gif import save_episode_gif
    from implementor_tf.rl.evaluate import EVALUATION_SEED, greedy_policy, random_policy
    from implementor_tf.rl.train import load_policy

    run = Path(args.run)
    config = json.loads((run / "config.json").read_text()) if (run / "config.json").exists() else {}
    difficulty = args.difficulty or config.get("difficulty", "medium")
    policy = random_policy(args.seed) if args.random else greedy_policy(load_policy(run))
    summary = save_episode_gif(policy, args.out, difficulty, seed=EVALUATION_SEED + args.seed)
    verdict = "reached the door" if summary["success"] else "ran out of steps"
    who = "A random policy" if args.random else "The trained agent"
    print(f"{who} {verdict} in {summary['steps']} steps (return {summary['return']:+.2f}); wrote {args.out}")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"needs a positive number, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    # The defaults come from the config classes, so the CLI and the API agree.
    from implementor_tf.cv.train import CVConfig
    from implementor_tf.face.generator import UPSAMPLING_MODES
    from implementor_tf.face.train import FaceConfig
    from implementor_tf.precision import PRECISIONS

    parser = argparse.ArgumentParser(prog="implementor", description="Build the Implementor, a synthetic colleague.")
    topics = parser.add_subparsers(dest="topic", required=True)

    face = topics.add_parser("face", help="train and sample the DCGAN face")
    face_commands = face.add_subparsers(dest="command", required=True)

    train = face_commands.add_parser("train", help="train a DCGAN on portraits", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    train.add_argument("--data", default="synthetic", help="synthetic, lfw, tfds:NAME or a folder of photos")
    train.add_argument("--out", required=True, help="run folder to write")
    train.add_argument("--image-size", type=int, default=FaceConfig.image_size, help="image side in pixels (32, 64 or 128)")
    train.add_argument("--kimg", type=float, default=FaceConfig.kimg, help="thousands of real images to train on")
    train.add_argument("--batch-size", type=int, default=FaceConfig.batch_size, help="real images per step (as many are generated)")
    train.add_argument("--augment", default=FaceConfig.augment, choices=["diffaugment", "ada", "none"])
    train.add_argument("--ema", type=float, default=FaceConfig.ema, help="decay of the generator's moving average")
    train.add_argument("--n-images", type=int, default=FaceConfig.n_images, help="synthetic portraits to draw, or LFW faces to use (the first N, at most 100)")
    train.add_argument("--eval-kimg", type=float, default=FaceConfig.eval_kimg, help="measure quality every this many thousand images (0: never)")
    train.add_argument("--upsampling", default=FaceConfig.upsampling, choices=UPSAMPLING_MODES, help="how the generator doubles its resolution")
    train.add_argument(
        "--precision", default=FaceConfig.precision, choices=PRECISIONS,
        help="auto: mixed_float16 on a GPU, mixed_bfloat16 on a CPU where it is measured faster, else float32",
    )
    train.add_argument("--resume", action="store_true", help="continue the run in --out from its last checkpoint")
    train.add_argument("--seed", type=int, default=0)
    train.set_defaults(handler=_face_train)

    sample = face_commands.add_parser("sample", help="draw new faces from a trained run", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    sample.add_argument("--run", required=True, help="run folder written by `face train`")
    sample.add_argument("--n", type=int, default=16, help="number of faces")
    sample.add_argument("--seed", type=int, default=0, help="the same seed gives the same faces")
    sample.add_argument("--out", required=True, help="PNG file to write")
    sample.add_argument("--columns", type=int, default=None, help="faces per row (default: a square grid)")
    sample.add_argument("--scale", type=int, default=2, help="enlarge the picture by this factor")
    sample.set_defaults(handler=_face_sample)

    walk = face_commands.add_parser("interpolate", help="a looping GIF of faces morphing into each other", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    walk.add_argument("--run", required=True, help="run folder written by `face train`")
    walk.add_argument("--out", required=True, help="GIF file to write")
    walk.add_argument("--faces", type=_positive, default=6, help="key faces the walk passes through (at least 2)")
    walk.add_argument("--steps", type=_positive, default=24, help="frames from one key face to the next")
    walk.add_argument("--seed", type=int, default=0, help="the same seed gives the same walk")
    walk.add_argument("--scale", type=_positive, default=2, help="enlarge the frames by this factor")
    walk.set_defaults(handler=_face_interpolate)

    face_eval = face_commands.add_parser("eval", help="measure a trained run: SWD, KID, diversity, memorisation, attributes", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    face_eval.add_argument("--run", required=True, help="run folder written by `face train`")
    face_eval.add_argument("--data", default=None, help="real images to compare with (default: the run's own data)")
    face_eval.add_argument("--n", type=int, default=1000, help="faces to generate")
    face_eval.add_argument("--seed", type=int, default=0, help="noise seed of the generated faces")
    face_eval.add_argument("--no-kid", action="store_true", help="skip KID (it needs InceptionV3 ImageNet weights)")
    face_eval.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    face_eval.set_defaults(handler=_face_eval)

    cv = topics.add_parser("cv", help="train GPT-2 on CVs and write new ones")
    cv_commands = cv.add_subparsers(dest="command", required=True)
    cv_train = cv_commands.add_parser("train", help="fine-tune or train GPT-2 on CVs", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    cv_train.add_argument("--corpus", default="synthetic", help="synthetic, a folder of .txt/.md, a .jsonl, or a text file of '---'-separated CVs")
    cv_train.add_argument("--out", required=True, help="run folder to write")
    cv_train.add_argument("--model", default="tiny", help="tiny (offline, from scratch) or a KerasHub preset such as gpt2_base_en")
    cv_train.add_argument("--epochs", type=int, default=CVConfig.epochs)
    cv_train.add_argument("--sequence-length", type=int, default=CVConfig.sequence_length, help="tokens per training sequence")
    cv_train.add_argument("--lora-rank", type=int, default=None, help="train LoRA adapters of this rank instead of all weights")
    cv_train.add_argument(
        "--precision", default=CVConfig.precision, choices=PRECISIONS,
        help="auto: mixed_float16 on a GPU, mixed_bfloat16 on a CPU where it is measured faster, else float32",
    )
    cv_train.add_argument("--resume", action="store_true", help="continue the run in --out from its last epoch")
    cv_train.add_argument("--seed", type=int, default=0)
    cv_train.set_defaults(handler=_cv_train)

    generate = cv_commands.add_parser("generate", help="write CVs with a trained run", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    generate.add_argument("--run", required=True, help="run folder written by `cv train`")
    generate.add_argument("--prompt", default="Name:", help="start of every CV; \\n means a new line")
    generate.add_argument("--n", type=int, default=5, help="number of CVs")
    generate.add_argument("--max-length", type=int, default=None, help="longest CV in tokens, prompt included (default: the model's limit)")
    generate.add_argument("--sampler", default="top_p", choices=["greedy", "top_k", "top_p", "beam"])
    generate.add_argument("--temperature", type=float, default=1.0)
    generate.add_argument("--top-k", type=int, default=20)
    generate.add_argument("--top-p", type=float, default=0.9)
    generate.add_argument("--seed", type=int, default=0, help="the same seed gives the same CVs")
    generate.add_argument("--json", action="store_true", help="print JSON with each CV's text, sections and validity")
    generate.set_defaults(handler=_cv_generate)

    cv_eval = cv_commands.add_parser("eval", help="measure a trained run: perplexity, validity, distinct-n, novelty", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    cv_eval.add_argument("--run", required=True, help="run folder written by `cv train`")
    cv_eval.add_argument("--n", type=int, default=100, help="CVs to generate")
    cv_eval.add_argument("--seed", type=int, default=0, help="the same seed gives the same CVs")
    cv_eval.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    cv_eval.set_defaults(handler=_cv_eval)

    from implementor_tf.transfer.classifier import POOLINGS
    from implementor_tf.transfer.tasks import TASKS

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
    transfer.add_argument("--repeats", type=int, default=5, help="random draws of labels per budget")
    transfer.add_argument("--cut", default=None, help="last discriminator block to keep, e.g. down16 (default: all blocks)")
    transfer.add_argument("--pooling", default="grid", choices=POOLINGS, help="how the head turns the feature map into a vector")
    transfer.add_argument("--no-imagenet", action="store_true", help="skip the ImageNet baseline (it needs MobileNetV3 weights)")
    transfer.add_argument("--seed", type=int, default=0)
    transfer.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    transfer.add_argument("--plot", default=None, help="PNG file for accuracy against labels")
    transfer.set_defaults(handler=_transfer)

    make = topics.add_parser(
        "make",
        help="make synthetic colleagues from a face run and a CV run: profile pages, cards and a team page",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    make.add_argument("--face-run", required=True, help="run folder written by `face train`")
    make.add_argument("--cv-run", required=True, help="run folder written by `cv train`")
    make.add_argument("--out", required=True, help="folder for index.html and a folder per colleague")
    make.add_argument("--n", type=_positive, default=8, help="colleagues on the team")
    make.add_argument("--seed", type=int, default=0, help="seed of the first colleague (the next ones count up)")
    make.set_defaults(handler=_make)

    demo = topics.add_parser(
        "demo",
        help="the whole Implementor from nothing: train the face and the CV on the embedded data, then make a team",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    demo.add_argument("--out", required=True, help="folder for the two runs and the team")
    demo.add_argument("--quick", action="store_true", help="a smoke run of about two minutes (rough faces and CVs)")
    demo.add_argument("--n", type=_positive, default=8, help="colleagues on the team")
    demo.add_argument("--seed", type=int, default=0, help="seed of the first colleague")
    demo.set_defaults(handler=_demo)

    from implementor_tf.rl.environment import LEVELS
    from implementor_tf.rl.train import RLConfig

    rl = topics.add_parser("rl", help="reinforcement learning: a robot that learns to act on what its camera sees")
    rl_commands = rl.add_subparsers(dest="command", required=True)
    rl_train = rl_commands.add_parser("train", help="train the corridor robot with advantage actor-critic", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    rl_train.add_argument("--out", required=True, help="run folder to write")
    rl_train.add_argument("--episodes", type=_positive, default=RLConfig.episodes, help="training episodes to play")
    rl_train.add_argument("--difficulty", default=RLConfig.difficulty, choices=sorted(LEVELS), help="corridor length, step limit and camera noise")
    rl_train.add_argument("--resume", action="store_true", help="continue the run in --out from its last checkpoint")
    rl_train.add_argument("--seed", type=int, default=0)
    rl_train.set_defaults(handler=_rl_train)
    play = rl_commands.add_parser("play", help="film one episode as a GIF", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    play.add_argument("--run", required=True, help="run folder written by `rl train`")
    play.add_argument("--out", required=True, help="GIF file to write")
    play.add_argument("--seed", type=int, default=0, help="which held-out corridor to play")
    play.add_argument("--difficulty", default=None, choices=sorted(LEVELS), help="default: the run's own")
    play.add_argument("--random", action="store_true", help="play the random policy instead of the trained agent")
    play.set_defaults(handler=_rl_play)
    return parser


def main(argv=None) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # Hide TensorFlow's start-up chatter.
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except USER_ERRORS as error:
        print(f"implementor: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("implementor: interrupted; resume with --resume", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

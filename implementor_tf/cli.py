"""The ``implementor`` command: a thin layer over the library.

    implementor face train --data synthetic --out runs/face
    implementor face sample --run runs/face --n 16 --seed 1 --out faces.png

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="implementor", description="Build the Implementor, a synthetic colleague.")
    topics = parser.add_subparsers(dest="topic", required=True)

    face = topics.add_parser("face", help="train and sample the DCGAN face")
    face_commands = face.add_subparsers(dest="command", required=True)

    train = face_commands.add_parser("train", help="train a DCGAN on portraits", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    train.add_argument("--data", default="synthetic", help="synthetic, lfw, tfds:NAME or a folder of photos")
    train.add_argument("--out", required=True, help="run folder to write")
    train.add_argument("--image-size", type=int, default=64, help="image side in pixels (32, 64 or 128)")
    train.add_argument("--kimg", type=float, default=60.0, help="thousands of real images to train on")
    train.add_argument("--batch-size", type=int, default=32, help="real images per step (as many are generated)")
    train.add_argument("--augment", default="diffaugment", choices=["diffaugment", "ada", "none"])
    train.add_argument("--ema", type=float, default=0.999, help="decay of the generator's moving average")
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

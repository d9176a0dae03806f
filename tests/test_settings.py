"""Settings: one line in a config class reaches the CLI, every budget, config.json and the run folder."""

import argparse
import dataclasses

import pytest

from implementor_tf.cli import _run_arguments, build_parser, main
from implementor_tf.cv.config import CVConfig
from implementor_tf.face.config import FACE_RUN, FaceConfig
from implementor_tf.rl.config import RLConfig
from implementor_tf.run_folder import RunFolder, RunKind
from implementor_tf.settings import setting


@dataclasses.dataclass
class FaceConfigWithANewSetting(FaceConfig):
    warmup_kimg: float = setting(5.0, "thousands of images before the learning rate is full")  # The one line.


def _parser_for(settings_class):
    parser = argparse.ArgumentParser()
    _run_arguments(parser, settings_class, "checkpoint")
    return parser


def test_a_new_setting_gets_a_flag_with_its_help():
    parser = _parser_for(FaceConfigWithANewSetting)
    assert "--warmup-kimg" in parser.format_help() and "before the learning rate is full (default: 5.0)" in " ".join(parser.format_help().split())
    args = parser.parse_args(["--out", "runs/x", "--warmup-kimg", "2.5"])
    assert FaceConfigWithANewSetting.from_arguments(args, args.budget).warmup_kimg == 2.5


def test_a_new_setting_is_in_every_budget_at_its_default_and_flags_go_on_top_of_a_budget():
    for name in FaceConfigWithANewSetting.BUDGETS:
        assert FaceConfigWithANewSetting.budget(name).warmup_kimg == 5.0
    args = _parser_for(FaceConfigWithANewSetting).parse_args(["--out", "x", "--budget", "quick", "--warmup-kimg", "1", "--kimg", "3"])
    config = FaceConfigWithANewSetting.from_arguments(args, args.budget)
    assert (config.warmup_kimg, config.kimg, config.image_size) == (1.0, 3.0, FaceConfig.budget("quick").image_size)


def test_a_new_setting_round_trips_through_config_json(tmp_path):
    kind = RunKind("face", FaceConfigWithANewSetting, FACE_RUN.train_command)
    run = RunFolder(tmp_path, kind)
    run.save_settings(FaceConfigWithANewSetting(warmup_kimg=7.5))
    assert run.settings() == FaceConfigWithANewSetting(warmup_kimg=7.5)


@pytest.mark.parametrize(("command", "settings_class"), [(["face", "train"], FaceConfig), (["cv", "train"], CVConfig), (["rl", "train"], RLConfig)])
def test_every_setting_of_the_real_configs_is_a_flag(command, settings_class):
    parser = build_parser()
    args = parser.parse_args([*command, "--out", "x"])
    assert settings_class.from_arguments(args, args.budget) == settings_class()  # No flag given: the README's run.
    sub = parser._subparsers._group_actions[0].choices[command[0]]._subparsers._group_actions[0].choices[command[1]]
    flags = {action.dest for action in sub._actions}
    assert {field.name for field in dataclasses.fields(settings_class)} <= flags


@pytest.mark.parametrize("settings_class", [FaceConfig, CVConfig, RLConfig])
def test_every_budget_is_valid_and_names_only_real_settings(settings_class):
    assert {"test", "readme"} <= set(settings_class.BUDGETS)
    for name in settings_class.BUDGETS:
        settings_class.budget(name)  # Raises on an unknown field or a bad value.
    with pytest.raises(ValueError, match="no budget 'huge'"):
        settings_class.budget("huge")


def test_a_run_written_before_a_setting_existed_reads_back_as_it_was_trained(tmp_path):
    run = RunFolder(tmp_path, FACE_RUN)
    old = FaceConfig.budget("test", augment_colour=False).to_json().replace('  "augment_colour": false,\n', "")
    assert "augment_colour" not in old
    (tmp_path / "config.json").write_text(old)
    assert run.settings().augment_colour is True  # Colour shifts were on before the setting existed.
    run.save_settings(FaceConfig.budget("test", augment_colour=False))
    assert run.settings().augment_colour is False  # Written now: as written.


def test_config_json_with_an_unknown_setting_is_a_clear_error(tmp_path):
    (tmp_path / "config.json").write_text('{"kimg": 1.0, "warp_drive": true}')
    with pytest.raises(ValueError, match=r"unknown FaceConfig settings \['warp_drive'\]"):
        RunFolder(tmp_path, FACE_RUN).settings()


def test_bad_choices_are_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["face", "train", "--out", "x", "--augment", "mixup"])
    assert "invalid choice: 'mixup'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["face", "train", "--kimg", "nan"], ["face", "train", "--kimg", "inf"], ["face", "train", "--ema", "5"],
        ["face", "train", "--ema", "nan"], ["face", "train", "--image-size", "48"], ["cv", "train", "--epochs", "0"],
        ["cv", "train", "--epochs", "-3"], ["cv", "train", "--sequence-length", "0"], ["rl", "train", "--episodes", "0"],
    ],
    ids=lambda argv: " ".join(argv[2:]),
)
def test_bad_settings_are_one_line_errors_and_leave_no_folder(argv, tmp_path, capsys):
    out = tmp_path / "run"
    assert main([*argv, "--out", str(out)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("implementor: error: ") and len(error.splitlines()) == 1 and "must be" in error
    assert not out.exists()


@pytest.mark.parametrize("argv", [["face", "sample", "--run", "r", "--out", "f.png", "--n", "0"], ["cv", "generate", "--run", "r", "--n", "-2"]])
def test_bad_counts_are_refused_by_the_parser(argv, capsys):
    with pytest.raises(SystemExit) as exit:
        build_parser().parse_args(argv)
    assert exit.value.code == 2 and "needs a positive number" in capsys.readouterr().err

import pytest

from implementor_tf import precision


def test_explicit_policies_are_kept():
    for name in ("float32", "mixed_bfloat16", "mixed_float16"):
        assert precision.resolve_precision(name) == name


@pytest.mark.parametrize(("gpu", "speedup", "expected"), [(True, 0.1, "mixed_float16"), (False, 1.9, "mixed_bfloat16"), (False, 1.0, "float32")])
def test_auto_follows_the_hardware(monkeypatch, gpu, speedup, expected):
    monkeypatch.setattr(precision, "gpu_available", lambda: gpu)
    monkeypatch.setattr(precision, "bfloat16_speedup", lambda: speedup)
    assert precision.resolve_precision("auto") == expected


def test_the_speedup_is_measured():
    assert precision.bfloat16_speedup() > 0


def test_unknown_precision():
    with pytest.raises(ValueError, match="float8"):
        precision.resolve_precision("float8")

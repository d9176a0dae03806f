import json

from implementor_tf.profile.record import profile_record, write_record


def test_the_record_keeps_the_raw_text_and_round_trips(hostile_colleague, tmp_path):
    record = profile_record(hostile_colleague, {"profile": "implementor.html"})
    path = tmp_path / "record.json"
    write_record(record, path)
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert loaded == json.loads(json.dumps(record))
    assert loaded["cv"]["raw_text"].startswith('Name: <script>alert("name")</script>')
    assert loaded["cv"]["name_changes"] == ["Anders -> <script>alert(\"name\")</script>"]
    assert loaded["seed"] == 13 and loaded["synthetic"] is True and "does not exist" in loaded["notice"]
    assert "Montréal" in path.read_text(encoding="utf-8")  # Not \u-escaped.

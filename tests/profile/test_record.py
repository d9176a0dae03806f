import json

from implementor_tf.profile.record import profile_record, write_record


def test_the_record_keeps_the_generated_text_unedited_and_round_trips(hostile_colleague, tmp_path):
    record = profile_record(hostile_colleague, {"profile": "implementor.html"})
    path = tmp_path / "record.json"
    write_record(record, path)
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert loaded == json.loads(json.dumps(record))
    assert loaded["cv"]["text"] == hostile_colleague.text
    assert loaded["cv"]["text"].startswith('Name: <script>alert("name")</script>')
    assert "Anders" in loaded["cv"]["text"]  # Another first name in the profile stays as the model wrote it.
    assert loaded["seed"] == 13 and loaded["synthetic"] is True and "does not exist" in loaded["notice"]
    assert "Montréal" in path.read_text(encoding="utf-8")  # Not \u-escaped.

import hashlib
import warnings

import numpy as np
import pytest
from PIL import Image
from skimage import data as skdata

from implementor_tf.data.image_folder import EmptyImageFolderError, find_face, read_image_folder
from implementor_tf.data.portraits import load_portraits


def _fingerprint(folder):
    """Every path below folder with its bytes' hash and modification time."""
    return {
        str(path.relative_to(folder)): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def mixed_folder(tmp_path):
    """Photos in every supported format and mode, plus broken and foreign files."""
    folder = tmp_path / "photos"
    (folder / "team" / "nested").mkdir(parents=True)
    face = Image.fromarray(skdata.astronaut())
    face.save(folder / "astronaut.jpg", quality=90)
    face.convert("L").save(folder / "team" / "gray.png")
    rgba = Image.new("RGBA", (50, 40), (255, 0, 0, 0))  # Fully transparent.
    rgba.save(folder / "team" / "transparent.png")
    face.resize((64, 64)).convert("P", palette=Image.ADAPTIVE).save(folder / "team" / "palette.bmp")
    face.resize((64, 64)).convert("CMYK").save(folder / "team" / "nested" / "cmyk.JPG")
    face.resize((90, 60)).save(folder / "team" / "nested" / "wide.webp")
    # Broken and foreign files.
    (folder / "notes.txt").write_text("not a photo")
    (folder / "fake.jpg").write_text("this is text with an image suffix")
    whole = folder / "whole.jpg"
    face.save(whole)
    (folder / "truncated.jpg").write_bytes(whole.read_bytes()[:2000])
    whole.unlink()
    return folder


def test_reads_every_format_and_names_every_bad_file_in_one_warning(mixed_folder):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = read_image_folder(mixed_folder, image_size=32, face_crop=False)
    assert found.images.shape == (6, 32, 32, 3) and found.images.dtype == np.uint8
    assert {path.name for path in found.paths} == {
        "astronaut.jpg", "gray.png", "transparent.png", "palette.bmp", "cmyk.JPG", "wide.webp"
    }
    messages = [str(warning.message) for warning in caught if "skipped" in str(warning.message)]
    assert len(messages) == 1
    for name in ("notes.txt", "fake.jpg", "truncated.jpg"):
        assert name in messages[0]
    assert {path.name for path, _ in found.skipped} == {"notes.txt", "fake.jpg", "truncated.jpg"}
    transparent = found.images[[path.name for path in found.paths].index("transparent.png")]
    assert transparent.min() == 255  # Transparency becomes white, not black.


def test_the_folder_is_never_written_to(mixed_folder):
    before = _fingerprint(mixed_folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load_portraits(str(mixed_folder), image_size=32)
    assert _fingerprint(mixed_folder) == before


def test_exif_orientation_is_honoured(tmp_path):
    # A 40x20 picture, left half red, right half blue, tagged "rotate 90 clockwise to display".
    pixels = np.zeros((20, 40, 3), np.uint8)
    pixels[:, :20] = (255, 0, 0)
    pixels[:, 20:] = (0, 0, 255)
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.fromarray(pixels).save(tmp_path / "rotated.jpg", exif=exif.tobytes(), quality=95)
    image = read_image_folder(tmp_path, image_size=32, face_crop=False).images[0].astype(int)
    # Displayed upright the picture is 20 wide and 40 tall: red on top, blue below.
    assert image[4, 16, 0] > 200 and image[4, 16, 2] < 60
    assert image[28, 16, 2] > 200 and image[28, 16, 0] < 60


def test_face_crop_centres_on_the_detected_face():
    astronaut = Image.fromarray(skdata.astronaut())
    face = find_face(astronaut)
    assert face is not None
    centre_x, centre_y, side = face
    # Eileen Collins' face in the 512x512 astronaut picture is around x 230, y 130.
    assert 180 < centre_x < 290 and 80 < centre_y < 190 and 40 < side < 200


def test_a_photo_without_a_face_falls_back_to_the_centre(tmp_path):
    Image.new("RGB", (120, 60), "green").save(tmp_path / "lawn.png")
    found = read_image_folder(tmp_path, image_size=32, face_crop=True)
    assert found.faces_found == 0 and found.images.shape == (1, 32, 32, 3)


def test_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(EmptyImageFolderError, match="no readable image"):
        read_image_folder(tmp_path)


def test_folder_of_only_bad_files_is_a_clear_error(tmp_path):
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        with pytest.raises(EmptyImageFolderError, match="1 files looked at"):
            read_image_folder(tmp_path)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        read_image_folder(tmp_path / "nowhere")

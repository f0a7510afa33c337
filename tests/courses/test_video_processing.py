"""Processing makes each upload a faststart MP4, aligned HLS renditions and a poster, in the
private storage; the video is ready only when all of it is there.

ffmpeg encodes three tiny videos here, once per module: two are only encoded
(`make_files`) and their files inspected, one goes through the whole workflow. The other
workflow tests copy those files instead of running ffmpeg again.
"""

import json
import shutil
import subprocess
from pathlib import Path
from unittest import mock

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import translation

import pytest
from PIL import Image

from courses import video_processing
from courses.models import LessonVideo, VideoStatus
from courses.tasks import VIDEO_RETRY_DELAYS, process_video
from courses.video import VideoInfo, probe
from courses.video_processing import ProcessingFailed, make_files, process, renditions_for
from home.private.storage import private_storage
from tests.conftest import require


def make_source(path: Path, size: str, seconds: float, rate: int = 25) -> Path:
    require(shutil.which("ffmpeg") is not None, "needs ffmpeg (make test installs it)")
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size={size}:rate={rate}",
            "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
            str(path),
        ],
        check=True,
    )  # fmt: skip
    return path


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sources")
    return {
        "tiny": make_source(folder / "tiny.mp4", "320x180", 2),
        # Big enough for both renditions, at 10 frames a second to stay quick.
        "hd": make_source(folder / "hd.mp4", "1280x720", 2.5, rate=10),
    }


@pytest.fixture(scope="module")
def outputs(sources, tmp_path_factory):
    made = {}
    for name, source in sources.items():
        made[name] = tmp_path_factory.mktemp("outputs") / name
        make_files(source, probe(str(source)), made[name])
    return made


def ffprobe(path: Path, *entries: str) -> dict:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", *entries, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def streams(path: Path) -> dict[str, dict]:
    return {s["codec_type"]: s for s in ffprobe(path, "-show_streams")["streams"]}


def top_level_atoms(data: bytes) -> list[str]:
    atoms, offset = [], 0
    while offset + 8 <= len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        atoms.append(data[offset + 4 : offset + 8].decode("latin-1"))
        if size == 1:  # a 64-bit size follows the type
            size = int.from_bytes(data[offset + 8 : offset + 16], "big")
        if size < 8:
            break
        offset += size
    return atoms


def stream_infs(master: str) -> list[tuple[str, str]]:
    lines = master.splitlines()
    return [(line, lines[i + 1]) for i, line in enumerate(lines) if line.startswith("#EXT-X-STREAM-INF:")]


def keyframe_times(playlist: Path) -> list[float]:
    times = []
    for segment in (line for line in playlist.read_text().splitlines() if line.endswith(".ts")):
        packets = ffprobe(
            playlist.parent / segment, "-select_streams", "v", "-show_entries", "packet=pts_time,flags"
        )["packets"]
        times += [round(float(p["pts_time"]), 2) for p in packets if p["flags"].startswith("K")]
    return times


# --- What ffmpeg makes ---------------------------------------------------------------


def test_the_mp4_is_h264_and_aac_with_its_index_before_the_media(outputs):
    mp4 = outputs["hd"] / "video.mp4"

    atoms = top_level_atoms(mp4.read_bytes())
    assert atoms.index("moov") < atoms.index("mdat")  # +faststart: playable from the first bytes
    found = streams(mp4)
    assert (found["video"]["codec_name"], found["video"]["pix_fmt"]) == ("h264", "yuv420p")
    assert found["audio"]["codec_name"] == "aac"
    assert (found["video"]["width"], found["video"]["height"]) == (1280, 720)


def test_the_master_playlist_names_each_rendition_by_a_relative_path(outputs):
    master = (outputs["hd"] / "hls" / "master.m3u8").read_text()

    variants = stream_infs(master)
    assert [uri for _tag, uri in variants] == ["360p/index.m3u8", "720p/index.m3u8"]
    for tag, uri in variants:
        assert "BANDWIDTH=" in tag and 'CODECS="avc1.' in tag and ',mp4a.40.2"' in tag
        assert (outputs["hd"] / "hls" / uri).is_file()
    assert "RESOLUTION=640x360" in variants[0][0] and "RESOLUTION=1280x720" in variants[1][0]


def test_each_rendition_is_a_vod_playlist_of_short_segments_ffprobe_can_read(outputs):
    for rendition, height in [("360p", 360), ("720p", 720)]:
        playlist = outputs["hd"] / "hls" / rendition / "index.m3u8"
        text = playlist.read_text()
        assert "#EXT-X-PLAYLIST-TYPE:VOD" in text and text.rstrip().endswith("#EXT-X-ENDLIST")
        segments = [line for line in text.splitlines() if line and not line.startswith("#")]
        assert segments and all("/" not in s and s.endswith(".ts") for s in segments)
        durations = [float(line.split(":")[1].rstrip(",")) for line in text.splitlines() if "EXTINF" in line]
        assert max(durations) <= video_processing.SEGMENT_SECONDS + 0.5
        for segment in segments:
            found = streams(playlist.parent / segment)
            assert found["video"]["height"] == height and found["audio"]["codec_name"] == "aac"


def test_the_codecs_in_the_master_playlist_are_the_ones_encoded(outputs):
    hls = outputs["hd"] / "hls"
    for rendition, profile, level in [("360p", "Main", 31), ("720p", "High", 40)]:
        found = streams(hls / rendition / "seg_000.ts")["video"]
        assert (found["profile"], found["level"]) == (profile, level)
    master = (hls / "master.m3u8").read_text()
    assert 'CODECS="avc1.4d401f,mp4a.40.2"' in master and 'CODECS="avc1.640028,mp4a.40.2"' in master


def test_keyframes_fall_at_the_same_instants_in_every_rendition(outputs):
    hls = outputs["hd"] / "hls"

    small, large = keyframe_times(hls / "360p" / "index.m3u8"), keyframe_times(hls / "720p" / "index.m3u8")

    assert small == large
    assert len(small) >= 2
    assert {round(b - a, 1) for a, b in zip(small, small[1:], strict=False)} == {
        video_processing.KEYFRAME_SECONDS
    }


def test_a_small_video_gets_only_the_smallest_rendition_at_its_own_size(outputs):
    master = (outputs["tiny"] / "hls" / "master.m3u8").read_text()

    assert [uri for _tag, uri in stream_infs(master)] == ["360p/index.m3u8"]
    assert "RESOLUTION=320x180" in master
    assert not (outputs["tiny"] / "hls" / "720p").exists()


def test_the_poster_is_a_jpeg_of_the_picture(outputs):
    with Image.open(outputs["hd"] / "poster.jpg") as poster:
        assert (poster.format, poster.size) == ("JPEG", (1280, 720))


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [
        (1920, 1080, [("360p", 640, 360), ("720p", 1280, 720)]),
        (1280, 720, [("360p", 640, 360), ("720p", 1280, 720)]),
        (854, 480, [("360p", 640, 360)]),
        (320, 180, [("360p", 320, 180)]),
        (720, 1280, [("360p", 360, 640), ("720p", 720, 1280)]),  # a phone held upright
    ],
)
def test_no_rendition_is_larger_than_the_upload_but_the_smallest_is_always_made(width, height, expected):
    info = VideoInfo("mp4", "h264", width, height, 10.0, frame_rate=25)

    assert [(r.name, w, h) for r, w, h in renditions_for(info)] == expected


def test_the_poster_comes_from_a_tenth_of_the_way_in_or_the_start_of_a_short_video():
    assert video_processing.poster_time(VideoInfo("mp4", "h264", 640, 360, 60.0)) == 6.0
    assert video_processing.poster_time(VideoInfo("mp4", "h264", 640, 360, 2.0)) == 0


# --- The workflow --------------------------------------------------------------------


def stored_video(sources, name="tiny", title="Lektion") -> LessonVideo:
    video = LessonVideo(title=title)
    video.file.save(f"{name}.mp4", ContentFile(sources[name].read_bytes()), save=False)
    video.save()
    return video


def storage_path(name: str) -> Path:
    return Path(private_storage().path(name))


@pytest.fixture
def copied_ffmpeg(monkeypatch, outputs):
    """Processing as it runs, with ffmpeg's part replaced by a copy of the tiny video's files."""
    calls = []

    def make_files(source, info, work):
        calls.append(source)
        shutil.copytree(outputs["tiny"], work)

    monkeypatch.setattr(video_processing, "make_files", make_files)
    return calls


def failing_ffmpeg(monkeypatch, reason="ffmpeg could not convert the video: boom", retry=True):
    def make_files(source, info, work):
        raise ProcessingFailed(reason, retry=retry)

    monkeypatch.setattr(video_processing, "make_files", make_files)


@pytest.mark.django_db
def test_processing_a_video_makes_it_ready_with_its_files_in_the_private_storage(sources, settings):
    video = stored_video(sources)

    video = process(video)

    assert video.is_ready and video.status == VideoStatus.READY and video.processed_at
    assert video.output_dir.startswith("videos/") and video.output_dir.endswith("/")
    for name in ["video.mp4", "poster.jpg", "hls/master.m3u8", "hls/360p/index.m3u8"]:
        assert private_storage().exists(video.output(name)), name
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.m3u8"))
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.mp4"))


@pytest.mark.django_db
def test_a_video_not_processed_yet_is_not_ready(sources):
    video = stored_video(sources)

    assert video.status == VideoStatus.WAITING and not video.is_ready
    video.status = VideoStatus.READY  # ready in name only: nothing was made
    assert not video.is_ready


@pytest.mark.django_db
def test_a_corrupt_video_fails_at_once_with_a_reason_and_is_never_ready(sources, copied_ffmpeg):
    video = stored_video(sources)
    storage_path(video.file.name).write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 500)

    with pytest.raises(ProcessingFailed) as failure:
        process(video)

    assert failure.value.retry is False
    video.refresh_from_db()
    assert video.status == VideoStatus.FAILED and not video.is_ready
    assert video.failure_reason == "Filen innehåller ingen video som vi kan läsa."
    assert copied_ffmpeg == []
    assert [p.name for p in storage_path("videos").iterdir()] == [Path(video.file.name).name]


@pytest.mark.django_db
def test_ffmpegs_own_words_are_the_reason_and_no_server_path_is_shown(sources, monkeypatch):
    video = stored_video(sources)
    source = storage_path(video.file.name)
    monkeypatch.setattr(
        video_processing, "ffmpeg_command", lambda path, info: ["ffmpeg", "-v", "error", "-i", f"{path}.gone"]
    )

    with pytest.raises(ProcessingFailed) as failure, translation.override("en"):
        process(video)

    video.refresh_from_db()
    assert failure.value.retry is True
    assert video.status == VideoStatus.FAILED and not video.is_ready
    assert video.failure_reason.startswith("ffmpeg could not convert the video:")
    assert "No such file or directory" in video.failure_reason
    assert str(source.parent) not in video.failure_reason


@pytest.mark.django_db
def test_trying_again_after_a_failure_makes_the_video_ready(sources, monkeypatch, outputs):
    video = stored_video(sources)
    failing_ffmpeg(monkeypatch)
    with pytest.raises(ProcessingFailed):
        process(video)

    monkeypatch.setattr(
        video_processing, "make_files", lambda s, i, work: shutil.copytree(outputs["tiny"], work)
    )
    video = process(video)

    assert video.is_ready and video.failure_reason == ""


@pytest.mark.django_db
def test_a_ready_video_is_not_processed_again(sources, copied_ffmpeg):
    video = process(stored_video(sources))
    first = video.output_dir

    assert process(video).output_dir == first
    assert len(copied_ffmpeg) == 1


@pytest.mark.django_db
def test_a_new_file_keeps_the_old_output_until_its_own_is_ready(
    sources, copied_ffmpeg, monkeypatch, django_capture_on_commit_callbacks
):
    video = process(stored_video(sources))
    old = video.output_dir

    video.file.save("ny.mp4", ContentFile(sources["tiny"].read_bytes()))  # replaced: waits again
    video.refresh_from_db()
    assert video.status == VideoStatus.WAITING and not video.is_ready
    assert storage_path(old).is_dir()

    with monkeypatch.context() as patched:
        failing_ffmpeg(patched)
        with pytest.raises(ProcessingFailed):
            process(video)
    assert storage_path(old).is_dir()  # a failure deletes nothing

    with django_capture_on_commit_callbacks(execute=True):
        video = process(video)

    assert video.is_ready and video.output_dir != old
    assert storage_path(video.output_dir).is_dir() and not storage_path(old).exists()


@pytest.mark.django_db
def test_output_of_a_file_replaced_while_it_was_processed_is_thrown_away(
    sources, monkeypatch, outputs, django_capture_on_commit_callbacks
):
    video = stored_video(sources)

    def replace_while_encoding(source, info, work):
        shutil.copytree(outputs["tiny"], work)
        LessonVideo.objects.filter(pk=video.pk).update(file="videos/newer.mp4", status=VideoStatus.WAITING)

    monkeypatch.setattr(video_processing, "make_files", replace_while_encoding)
    with django_capture_on_commit_callbacks(execute=True):
        video = process(video)

    assert video.status == VideoStatus.WAITING and not video.is_ready
    assert [p for p in storage_path("videos").iterdir() if p.is_dir()] == []


# --- Queueing and the worker --------------------------------------------------------


@pytest.mark.django_db
def test_an_upload_is_processed_by_the_worker_after_commit(
    sources, copied_ffmpeg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        video = stored_video(sources)

    # Queued once; the other callbacks drop cached pages that show the video (home/caching.py).
    assert len([callback for callback in callbacks if callback.__module__ != "home.caching"]) == 1
    video.refresh_from_db()
    assert video.is_ready


@pytest.mark.django_db
def test_the_worker_retries_a_failure_that_may_pass_with_a_growing_delay(sources, monkeypatch):
    video = stored_video(sources)
    failing_ffmpeg(monkeypatch, retry=True)

    with (
        mock.patch.object(process_video, "retry", side_effect=RuntimeError("retry")) as retry,
        pytest.raises(RuntimeError),
    ):
        process_video(video.pk)  # a worker's first attempt (not eager)

    assert retry.call_args.kwargs["countdown"] == VIDEO_RETRY_DELAYS[0]
    assert sorted(VIDEO_RETRY_DELAYS) == VIDEO_RETRY_DELAYS
    video.refresh_from_db()
    assert video.status == VideoStatus.FAILED


@pytest.mark.django_db
def test_the_worker_does_not_retry_a_file_that_is_not_a_video(sources, monkeypatch):
    video = stored_video(sources)
    storage_path(video.file.name).write_bytes(b"not a video at all")

    with mock.patch.object(process_video, "retry") as retry:
        process_video(video.pk)

    retry.assert_not_called()
    video.refresh_from_db()
    assert video.status == VideoStatus.FAILED and video.failure_reason


@pytest.mark.django_db
def test_an_eager_run_records_the_failure_without_raising_it(sources, monkeypatch):
    video = stored_video(sources)
    failing_ffmpeg(monkeypatch, retry=True)

    process_video.delay(video.pk)  # eager in tests, as in development without a broker

    video.refresh_from_db()
    assert video.status == VideoStatus.FAILED


@pytest.mark.django_db
def test_the_command_queues_every_video_not_ready_and_processes_them_with_sync(
    sources, copied_ffmpeg, django_capture_on_commit_callbacks
):
    waiting = stored_video(sources, title="Väntar")
    ready = process(stored_video(sources, title="Klar"))
    LessonVideo.objects.filter(pk=waiting.pk).update(status=VideoStatus.FAILED, failure_reason="x")

    with mock.patch.object(process_video, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        call_command("process_videos")
    assert [c.args for c in delay.call_args_list] == [(waiting.pk,)]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.failure_reason) == (VideoStatus.WAITING, "")

    call_command("process_videos", "--sync")

    waiting.refresh_from_db()
    assert waiting.is_ready
    assert LessonVideo.objects.get(pk=ready.pk).output_dir == ready.output_dir


@pytest.mark.django_db
def test_a_disk_error_fails_the_video_with_a_reason_and_may_be_retried(sources, monkeypatch):
    video = stored_video(sources)

    def full_disk(source, info, work):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(video_processing, "make_files", full_disk)
    with pytest.raises(ProcessingFailed) as failure, translation.override("en"):
        process(video)

    video.refresh_from_db()
    assert failure.value.retry is True
    assert (video.status, video.failure_reason) == (
        VideoStatus.FAILED,
        "The video's files could not be written: No space left on device",
    )

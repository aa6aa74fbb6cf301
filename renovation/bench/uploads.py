"""The worst public request the portal accepts: POST /opinions/new/ with the largest set of
photos the form takes, all nine of them (common.images.DecodeBudget decides what it takes).

The set: nine phone-like JPEGs, about 5 MB each, every second one taken upright (EXIF
orientation 6), of the largest of SIZES whose nine photos the form takes on this machine (the
photos' field is run on them first): 4608 x 3456 (16 MP) decodes at half scale to 2304 x 1728
(4 MP: nine are 36 MP, the most the pixel budget carries) and is shrunk to 2000 px; if the
time budget cuts those short, 4320 x 3240, 4160 x 3120, then 4000 x 3000 (12 MP, decoded as
3 MP, stored as it is decoded). A PNG or a progressive JPEG costs its full size, so fewer of
them fit: nine such baseline JPEGs are the most decoding work one form accepts.

Measured in a child process (forked, so it shares the database connection and the data of the
parent, which waits), as a web worker serves: one warm-up request with small photos, then the
peak resident memory reset (``/proc/self/clear_refs``) and the requests timed (``p50_ms``, and
``cpu_p50_ms``, the worker's own CPU time, which a busy machine does not inflate); ``peak_mb``
is the highest resident memory above the worker's after its warm-up (VmHWM - VmRSS). The
bodies are built before the reset, as gunicorn would hold them on disk or in the socket, not
in the worker's memory; the memory freed before the reset is given back (malloc_trim), so that
a request's decoding cannot hide in pages the parent left. Each request comes from an address
of its own (the per-address rate limit is not what is measured). The submissions stored are
removed afterwards, with their photos.
"""

import contextlib
import ctypes
import gc
import io
import multiprocessing
import random
import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.test.client import ClientHandler

from .measure import percentile

PHOTOS = 9
SIZES = ((4608, 3456), (4320, 3240), (4160, 3120), (4000, 3000))
MARKER = "bench-upload"


def photo_set(size, *, factor: float = 1.0, count: int = PHOTOS, seed: int = 7) -> list[bytes]:
    """Nine phone-like JPEGs of ``size`` times ``factor``: fine detail from smooth noise,
    quality 92, every second one upright by its EXIF orientation."""
    from PIL import Image

    rnd = random.Random(seed)  # noqa: S311 - invented pixels, not a secret
    width, height = (max(8, round(side * factor)) for side in size)
    photos = []
    for number in range(count):
        noise = Image.frombytes("RGB", (480, 360), rnd.randbytes(480 * 360 * 3))
        image = noise.resize((width, height), Image.Resampling.BICUBIC)
        exif = Image.Exif()
        if number % 2:
            exif[0x0112] = 6
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=92, exif=exif)
        photos.append(out.getvalue())
    return photos


def multipart(*, compound_id: int, text: str, photos: list[bytes]) -> tuple[bytes, str]:
    """The body of the public form's POST and its content type."""
    boundary = f"----bench{random.getrandbits(64):016x}"
    fields = {
        "compound": str(compound_id),
        "channel": "online",
        "topics": "heating",
        "text": text,
        "consent": "on",
        "website": "",
    }
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            .encode()
        )  # fmt: skip
    for number, content in enumerate(photos, start=1):
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; '
            f'filename="IMG_{number:04d}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
        )
        parts += [head.encode(), content, b"\r\n"]
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def taken(photos: list[bytes]) -> int:
    """How many of ``photos`` the public form's photos field takes (one budget for them all)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oversight.opinions.forms import OpinionForm

    field = OpinionForm.base_fields["photos"].__class__()
    uploads = [SimpleUploadedFile(f"{n}.jpg", data, "image/jpeg") for n, data in enumerate(photos)]
    return len(field.clean(uploads))


def worst_accepted(*, factor: float, stderr) -> tuple[tuple[int, int], list[bytes]]:
    """The largest of SIZES whose nine photos are all taken, and the photos."""
    for size in SIZES:
        photos = photo_set(size, factor=factor)
        count = taken(photos)
        stderr.write(f"  {size[0]} x {size[1]}: {count} of {PHOTOS} photos taken\n")
        if count == PHOTOS:
            return size, photos
    return size, photos


def _environ(body: bytes, content_type: str, address: str) -> dict:
    hosts = [host for host in settings.ALLOWED_HOSTS if host and "*" not in host]
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/opinions/new/",
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": (hosts or ["localhost"])[0].lstrip("."),
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": address,
        "HTTP_COOKIE": "django_language=en",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),  # shares the body's bytes, no copy
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }


def _trim() -> None:
    """Give the memory freed so far back to the system (glibc's malloc_trim), so that what a
    request decodes shows as resident memory it added, not as freed memory it reused."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: the peak may read low
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _stored_and_removed(intakes) -> list[int]:
    """How many photos each submission stored (in its opinion once the registration ran, as it
    does at once without a broker, else still in the submission), then remove the bench's
    submissions, opinions and photos again."""
    from oversight.models import Opinion, OpinionPhoto

    counts, names, opinions = [], [], []
    for intake in intakes.order_by("pk"):
        if intake.opinion_id is None:
            staged = intake.payload.get("photos") or []
        else:
            photos = OpinionPhoto.objects.filter(opinion_id=intake.opinion_id)
            staged = list(photos.values_list("image", flat=True))
            opinions.append(intake.opinion_id)
        counts.append(len(staged))
        names += staged
    intakes.delete()
    Opinion.objects.filter(pk__in=opinions).delete()
    for name in names:
        default_storage.delete(name)
    return counts


def _child(pipe, *, warmup, bodies) -> None:
    """In the forked worker: warm up, reset the peak, time the requests, send the figures."""
    from oversight.models import OpinionIntake

    # The test client's handler: no CSRF check, and the connection is not closed at the end
    # of a request (it is the parent's).
    handler = ClientHandler(enforce_csrf_checks=False)
    try:
        before = OpinionIntake.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = handler(_environ(*warmup, "10.99.0.1"))
        statuses = [response.status_code]
        _trim()
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")  # the peak resident memory (VmHWM) starts again from now
        baseline = _status_kib("VmRSS")
        seconds, cpu = [], []
        for number, (body, content_type) in enumerate(bodies, start=1):
            began, began_cpu = time.perf_counter(), time.thread_time()
            response = handler(_environ(body, content_type, f"10.99.{number}.1"))
            seconds.append(time.perf_counter() - began)
            cpu.append(time.thread_time() - began_cpu)
            statuses.append(response.status_code)
        peak = _status_kib("VmHWM") - baseline
        photos_stored = _stored_and_removed(OpinionIntake.objects.filter(pk__gt=before))
        pipe.send(
            {
                "seconds": seconds,
                "cpu_seconds": cpu,
                "peak_kib": peak,
                "statuses": statuses,
                "photos_stored": photos_stored,
            }
        )
    except Exception as error:  # noqa: BLE001 - reported to the parent as the result
        pipe.send({"error": repr(error)})
    finally:
        pipe.close()


def measure(*, scale: float, runs: int = 5, stderr) -> dict:
    """Time the worst accepted public request ``runs`` times in a forked worker."""
    from compounds.models import Compound

    compound = Compound.objects.order_by("pk").first()
    if compound is None:
        return {"error": "no compound to send opinions about"}
    factor = 1.0 if scale >= 0.1 else 0.1  # small runs (tests): photos a tenth the size
    stderr.write(f"the worst accepted public request: {PHOTOS} photos, {runs} times ...\n")
    size, photos = worst_accepted(factor=factor, stderr=stderr)
    small = photo_set(SIZES[0], factor=0.05, count=2)
    warmup = multipart(compound_id=compound.pk, text=f"{MARKER}-0", photos=small)
    bodies = [
        multipart(compound_id=compound.pk, text=f"{MARKER}-{n}", photos=photos)
        for n in range(1, runs + 1)
    ]
    _trim()  # the photos checked above: their memory is not the worker's to reuse
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_child, args=(send,), kwargs={"warmup": warmup, "bodies": bodies}
    )
    child.start()
    send.close()
    result = receive.recv() if receive.poll(600) else {"error": "the worker did not answer"}
    child.join(60)
    figures = {
        "photos": PHOTOS,
        "photo_size": [max(8, round(side * factor)) for side in size],
        "photo_mb": round(sum(map(len, photos)) / PHOTOS / 1024 / 1024, 2),
        "request_mb": round(len(bodies[0][0]) / 1024 / 1024, 1),
        "runs": runs,
    }
    if "error" in result:
        return {**figures, "error": result["error"]}
    return {
        **figures,
        "p50_ms": round(percentile(result["seconds"], 0.5) * 1000, 1),
        "max_ms": round(max(result["seconds"]) * 1000, 1),
        "cpu_p50_ms": round(percentile(result["cpu_seconds"], 0.5) * 1000, 1),
        "peak_mb": round(result["peak_kib"] / 1024, 1),
        "statuses": result["statuses"],
        "photos_stored": result["photos_stored"],
        "all_photos_taken": result["photos_stored"] == [2] + [PHOTOS] * runs,
    }

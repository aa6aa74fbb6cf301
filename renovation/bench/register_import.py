"""The register import at a city's size (oversight/imports): a workbook of 10 streets' 100
communities, 10,000 compounds, 30,000 buildings and 300,000 households at scale 1.0 (INVENTED
names), uploaded and previewed, then confirmed and imported, as the page does it (the passes
the Celery tasks run, here in the same process), in a fresh process so that its peak memory is
its own; both steps timed, in all and per row. The streets, their plans and everything
imported are removed afterwards."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from common.workbooks import append, new_workbook

STREETS = 10
COMMUNITIES_PER_STREET = 10
COMPOUNDS = 10_000
BUILDINGS_PER_COMPOUND = 3
HOMES_PER_BUILDING = 10
STREET_NAME = "导入测试{n}街道"  # INVENTED

# Runs the import as the page does (upload, preview, confirmation, import) in a fresh
# interpreter, each step timed, and prints its peak resident memory (KiB on Linux).
RUNNER = """
import json, resource, sys, time, django
django.setup()
from pathlib import Path
from django.core.files import File
from oversight.imports import services
path = Path(sys.argv[1])
times = {}
began = time.perf_counter()
with path.open("rb") as handle:
    upload = File(handle, name=path.name)
    upload.size = path.stat().st_size
    item = services.import_upload(user=None, upload=upload, queue=False)  # and its preview
times["preview"] = time.perf_counter() - began
status = {"preview": item.status, "errors": item.preview.get("error_count")}
began = time.perf_counter()
if item.status == "previewed":
    item = services.import_confirm(register_import=item, user=None, queue=False)
times["import"] = time.perf_counter() - began
status["import"] = item.status
print(json.dumps({"seconds": times, "status": status, "counts": item.counts,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def counts_for(scale: float) -> dict:
    compounds = max(1, round(COMPOUNDS * scale))
    buildings = compounds * BUILDINGS_PER_COMPOUND
    return {
        "streets": STREETS,
        "communities": STREETS * COMMUNITIES_PER_STREET,
        "compounds": compounds,
        "buildings": buildings,
        "households": buildings * HOMES_PER_BUILDING,
    }


def street_names() -> list[str]:
    return [STREET_NAME.format(n=n) for n in range(1, STREETS + 1)]


def prepare_streets(year: int = 2020):
    """The streets and their plans: the import adds neither (a plan's deadline is set by hand)."""
    import datetime

    from compounds.models import RenovationPlan, Street

    for name in street_names():
        street, _created = Street.objects.get_or_create(name=name, defaults={"city": "郑州市"})
        RenovationPlan.objects.get_or_create(
            street=street, year=year,
            defaults={"name": f"{name}{year}年计划",
                      "target_completion_date": datetime.date(year, 12, 31)},
        )  # fmt: skip


def city_file(path: Path, scale: float = 1.0) -> dict:
    """Write the city's register workbook (streamed, write-only) to ``path``; its counts."""
    counts = counts_for(scale)
    book = new_workbook(write_only=True)
    streets = street_names()
    communities = [
        (streets[s], f"测试{s + 1}-{c + 1}社区")
        for s in range(STREETS)
        for c in range(COMMUNITIES_PER_STREET)
    ]
    sheet = book.create_sheet("社区")
    append(sheet, ["城市老旧小区改造登记表（社区）"])
    append(sheet, ["街道", "社区名称", "地址"])
    for street, community in communities:
        append(sheet, [street, community, f"{community}办公楼"])
    compounds = []
    sheet = book.create_sheet("小区")
    append(sheet, ["街道", "社区", "小区名称", "地址", "负责人", "建成年份"])
    for n in range(counts["compounds"]):
        street, community = communities[n % len(communities)]
        name = f"测试路{n + 1}号院"
        compounds.append((street, community, name))
        append(sheet, [street, community, name, f"测试路{n + 1}号", "张三", 1985 + n % 15])
    sheet = book.create_sheet("楼栋")
    append(sheet, ["街道", "社区", "小区名称", "楼号", "层数", "单元数", "户数", "建筑面积"])
    for street, community, name in compounds:
        for b in range(1, BUILDINGS_PER_COMPOUND + 1):
            append(sheet, [street, community, name, f"{b}号楼", 6, 2, HOMES_PER_BUILDING, 720.5])
    sheet = book.create_sheet("住户")
    append(sheet, ["街道", "社区", "小区名称", "楼号", "单元", "门牌号", "楼层", "面积", "户主"])
    for street, community, name in compounds:
        for b in range(1, BUILDINGS_PER_COMPOUND + 1):
            for h in range(HOMES_PER_BUILDING):
                unit, floor = 1 + h // 5, 1 + h % 5
                append(
                    sheet,
                    [street, community, name, f"{b}号楼", unit, f"{floor}0{1 + h % 2}", floor,
                     72.5, "住户"],
                )  # fmt: skip
    book.save(path)
    return counts


def _run(args: list[str]) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get(
        "DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)}  # fmt: skip
    done = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-c", RUNNER, *args],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"error": (done.stderr or done.stdout)[-2000:]}
    return json.loads(lines[-1])


def _figures(seconds, rows: int) -> dict:
    return {
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds) if seconds else None,
    }


def remove_imported():
    """Take the streets of the measurement away again, with what was imported into them and
    its history (a bench database keeps measuring the data it loaded)."""
    from compounds.models import Building, Community, Compound, RenovationPlan, Street
    from oversight.imports.models import RegisterImport
    from oversight.models import Household

    streets = Street.objects.filter(name__in=street_names())
    where = {"building__compound__community__street__in": streets}
    with transaction.atomic():
        ids = list(
            Compound.objects.filter(community__street__in=streets).values_list("pk", flat=True)
        )
        for model, lookup in (
            (Household, where),
            (Building, {"compound__community__street__in": streets}),
            (Compound, {"community__street__in": streets}),
            (Community, {"street__in": streets}),
            (RenovationPlan, {"street__in": streets}),
        ):
            model.history.filter(history_change_reason__startswith="register import #").delete()
            model.objects.filter(**lookup)._raw_delete(connection.alias)
        for item in RegisterImport.objects.filter(file_name__startswith="city-register"):
            item.file.delete(save=False)
            item.spool.delete(save=False)
            item.delete()
        streets.delete()
    return len(ids)


def measure(*, scale: float, stderr) -> dict:
    """Preview and import the city's register file; remove it again."""
    prepare_streets()
    folder = Path(tempfile.mkdtemp(prefix="renovation-bench-import-"))
    path = folder / "city-register.xlsx"
    stderr.write("writing the city's register file ...\n")
    began = time.perf_counter()
    counts = city_file(path, scale)
    written = time.perf_counter() - began
    size = path.stat().st_size
    rows = sum(counts[k] for k in ("communities", "compounds", "buildings", "households"))
    try:
        stderr.write(f"previewing and importing {rows:,} rows (as the page does) ...\n")
        run = _run([str(path)])
    finally:
        removed = remove_imported()
        path.unlink(missing_ok=True)
        folder.rmdir()
    result = {
        "scale": scale,
        "counts": counts,
        "rows": rows,
        "file_mb": round(size / 1024 / 1024, 1),
        "write_file_s": round(written, 1),
        "compounds_removed_after": removed,
    }
    if "error" in run:
        return {**result, "error": run["error"]}
    return {
        **result,
        "status": run["status"],
        "preview": _figures(run["seconds"]["preview"], rows),
        "import": _figures(run["seconds"]["import"], rows),
        "peak_rss_mb": round(run["peak_kib"] / 1024, 1),
    }

"""``manage.py import_register``: the same import as the page, saying what it did or would do,
and exiting non-zero on errors."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from compounds.models import Building, Compound
from renovation.bench import register_import
from tests.oversight.imports.test_import import xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

GOOD = (("楼栋", [["小区名称", "楼号", "层数", "户数", "建筑面积"],
                  ["甲一1号院", "9号楼", 6, 24, 1800]]),)  # fmt: skip


def _file(tmp_path, *sheets, name="register.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx(*sheets))
    return str(path)


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(world, tmp_path):
    out = StringIO()
    call_command("import_register", _file(tmp_path, *GOOD), "--street", "甲街道", "--dry-run",
                 stdout=out)  # fmt: skip
    assert "buildings: 1 new, 0 changed, 0 unchanged (would write)" in out.getvalue()
    assert "dry run" in out.getvalue()
    assert not Building.objects.filter(number="9号楼").exists()


def test_the_command_imports_and_a_second_run_changes_nothing(world, tmp_path):
    path = _file(tmp_path, *GOOD)
    out = StringIO()
    call_command("import_register", path, "--street", "甲街道", "--kind", "buildings", stdout=out)
    assert "buildings: 1 new, 0 changed, 0 unchanged (written)" in out.getvalue()
    assert Building.objects.get(number="9号楼").compound == world.a1
    out = StringIO()
    call_command("import_register", path, "--street", "甲街道", stdout=out)
    assert "buildings: 0 new, 0 changed, 1 unchanged (written)" in out.getvalue()


def test_errors_exit_non_zero_with_each_row(world, tmp_path):
    bad = (("楼栋", [["小区名称", "楼号", "层数", "户数", "建筑面积"],
                     ["甲一1号院", "9号楼", -6, 24, 1800]]),)  # fmt: skip
    err = StringIO()
    with pytest.raises(CommandError, match="1 errors; nothing written"):
        call_command("import_register", _file(tmp_path, *bad), "--street", "甲街道",
                     stdout=StringIO(), stderr=err)  # fmt: skip
    assert "楼栋 row 2 层数" in err.getvalue()


def test_an_unknown_column_is_named_and_nothing_is_done(world, tmp_path):
    odd = (("楼栋", [["小区名称", "楼号", "层数", "户数", "建筑面积", "楼长"],
                     ["甲一1号院", "9号楼", 6, 24, 1800, "张三"]]),)  # fmt: skip
    err = StringIO()
    with pytest.raises(CommandError, match="not recognised"):
        call_command("import_register", _file(tmp_path, *odd), "--street", "甲街道",
                     stdout=StringIO(), stderr=err)  # fmt: skip
    assert "楼长" in err.getvalue()


def test_the_benchs_city_file_imports_whole_at_a_small_scale(world, tmp_path):
    register_import.prepare_streets()
    path = tmp_path / "city-register.xlsx"
    counts = register_import.city_file(path, 0.001)
    out = StringIO()
    call_command("import_register", str(path), stdout=out)
    assert f"households: {counts['households']} new" in out.getvalue()
    assert Compound.objects.filter(name__startswith="测试路").count() == counts["compounds"]
    assert register_import.remove_imported() == counts["compounds"]
    assert not Compound.objects.filter(name__startswith="测试路").exists()

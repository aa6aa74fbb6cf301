"""Importing a street's registers from its own spreadsheets: files made here in the shapes
offices keep (title rows, merged and two-level headings, totals, units in the numbers,
full-width digits, GBK CSV, other wordings of the headings), previewed before anything is
written, then written all or nothing, and the same file twice changing nothing."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from compounds.models import Building, Community, Compound
from oversight.imports import matching, rules, services
from oversight.imports.models import ColumnMapping, ImportStatus, RegisterImport
from oversight.models import Household
from progress.models import WorkItem

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def xlsx(*sheets) -> bytes:
    """A workbook of ``sheets``: (title, rows) each; a row is a list of cell values, and a
    ("merge", "A1:C1") item merges cells."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            if isinstance(row, tuple) and row and row[0] == "merge":
                sheet.merge_cells(row[1])
            else:
                sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(data: bytes, name="登记表.xlsx"):
    return SimpleUploadedFile(name, data)


def run(user, data, *, name="登记表.xlsx", street=None, kind="", confirm=True):
    """Upload, preview and (when ``confirm`` and the preview is clean) import a file."""
    item = services.import_upload(
        user=user, upload=upload(data, name), street=street, kind=kind, queue=False
    )
    if confirm and item.status == ImportStatus.PREVIEWED:
        item = services.import_confirm(register_import=item, user=user, queue=False)
    return item


def errors(item) -> list[str]:
    return [
        f"{e['sheet']}!{e['row']} {e['column']}: {e['message']}"
        for e in item.preview.get("errors", [])
    ]


MESSY = (
    "楼栋",
    [
        ["甲街道2020年老旧小区改造楼栋登记表"],
        ("merge", "A1:F1"),
        [],
        ["序号", "所属社区", "楼院名称", "楼栋号", "基本情况", None, None],
        ("merge", "E3:G3"),
        [None, None, None, None, "总层数", "居民户数", "面积（㎡）"],
        [1, "甲一社区", "甲一1号院", "3号楼", "６层", "36户", "2,860.5㎡"],
        [],
        [2, "甲一社区", "甲一1号院", "4号楼", 6, "３６", "0.29万㎡"],
        ["小计", None, None, None, None, "72户", None],
        [3, "甲二社区", "新建院", "1号楼", "7", "42", "3100"],
        ["合计", None, None, None, None, "114户", None],
    ],
)
NEW_COMPOUND = (
    "小区",
    [
        ["社区", "小区名称", "地址", "负责人", "负责人电话", "建成年份"],
        ["甲二社区", "新建院", "甲街道1号", "王五", "138-0371-0001", "1988年"],
    ],
)


def test_a_messy_workbook_goes_in_whole_and_a_second_time_changes_nothing(world):
    staff = world.users["street_staff"]
    data = xlsx(NEW_COMPOUND, MESSY)
    item = run(staff, data, confirm=False)
    assert item.status == ImportStatus.PREVIEWED, errors(item)
    counts = item.preview["counts"]
    assert counts["compounds"] == {"created": 1, "changed": 0, "unchanged": 0}
    assert counts["buildings"] == {"created": 3, "changed": 0, "unchanged": 0}
    assert not Compound.objects.filter(name="新建院").exists()  # a preview writes nothing
    assert any("小计" in n or "10" in n for n in item.preview["notes"])

    assert item.spool  # the rows as previewed, for the import
    item = services.import_confirm(register_import=item, user=staff, queue=False)
    assert item.status == ImportStatus.IMPORTED, errors(item)
    assert not RegisterImport.objects.get(pk=item.pk).spool
    new = Compound.objects.get(name="新建院")
    assert new.community == world.community_a2 and new.plan == world.plan_a
    assert new.year_built == 1988 and new.person_in_charge_phone.as_e164 == "+8613803710001"
    third = Building.objects.get(compound=world.a1, number="3号楼")
    assert (third.floors, third.households, third.floor_area) == (6, 36, Decimal("2860.50"))
    assert Building.objects.get(compound=world.a1, number="4号楼").floor_area == Decimal("2900")
    history = third.history.first()
    assert history.history_user == staff
    assert history.history_change_reason == f"register import #{item.pk}"

    again = run(staff, data)
    assert again.status == ImportStatus.IMPORTED
    assert again.counts["buildings"] == {"created": 0, "changed": 0, "unchanged": 3}
    assert again.counts["compounds"] == {"created": 0, "changed": 0, "unchanged": 1}
    assert third.history.count() == 1


def test_a_gbk_csv_of_households_from_chinese_windows(world):
    rows = "小区名称,楼号,单元,门牌号,楼层,建筑面积,户主姓名\r\n"
    rows += "".join(f"甲一1号院,2号楼,1,{100 + n},1,７２.５,住户{n}\r\n" for n in range(30))
    item = run(world.users["street_staff"], rows.encode("gb18030"), name="住户.csv")
    assert item.status == ImportStatus.IMPORTED, errors(item)
    homes = Household.objects.filter(building__compound=world.a1, building__number="2号楼")
    assert homes.count() == 30 and {h.floor_area for h in homes} == {Decimal("72.50")}
    assert len({h.code for h in homes}) == 30


def test_an_unknown_heading_is_asked_once_and_remembered_for_the_next_file(world):
    staff = world.users["street_staff"]
    data = xlsx(("楼栋", [["小区名称", "楼号", "层数", "户数", "建筑面积", "楼长"],
                          ["甲一1号院", "5号楼", 6, 24, 1800, "张三"]]))  # fmt: skip
    item = services.import_upload(user=staff, upload=upload(data), queue=False)
    assert item.status == ImportStatus.MAPPING
    sheet = item.sheets[0]
    assert sheet["kind"] == rules.BUILDINGS and sheet["fields"][-1] is None
    choice = {"kind": rules.BUILDINGS, "fields": [*sheet["fields"][:-1], ""]}
    item = services.import_map(register_import=item, user=staff, choices=[choice], queue=False)
    assert item.status == ImportStatus.PREVIEWED
    assert ColumnMapping.objects.get(heading="楼长").field == ""
    next_file = services.import_upload(user=staff, upload=upload(data), queue=False)
    assert next_file.status == ImportStatus.PREVIEWED


def test_the_preview_names_every_error_by_sheet_row_and_column_and_writes_nothing(world):
    staff = world.users["street_staff"]
    data = xlsx(
        ("小区", [["街道", "社区", "小区名称"],
                  ["甲街道", "乙一社区", "越界院"]]),
        ("楼栋", [["文化路街道楼栋表"],
                  ["小区名称", "楼号", "层数", "户数", "建筑面积"],
                  ["甲一1号院", "7号楼", 6, 5000, 3000],
                  ["甲一1号院", "8号楼", 6, -3, 3000],
                  ["甲一1号院", "9号楼", 6, 24, 1800],
                  ["甲一1号院", "9号楼", 6, 24, 1800],
                  ["甲一1号院", "10号楼", "2.5", 24, 1800]]),
        ("住户", [["小区名称", "楼号", "门牌号", "面积"],
                  ["甲一1号院", "9号楼", "101", 70]]),
    )  # fmt: skip
    item = run(staff, data)
    assert item.status == ImportStatus.REFUSED
    found = errors(item)
    assert any(e.startswith("小区!2 community:") and "乙街道" in e for e in found), found
    assert any(e.startswith("楼栋!3 户数:") for e in found), found  # 5000 households
    assert any(e.startswith("楼栋!4 户数:") for e in found), found  # negative
    assert any(e.startswith("楼栋!6 ") and "row 5" in e for e in found), found  # duplicate
    assert any(e.startswith("楼栋!7 层数:") for e in found), found  # not whole
    assert any(e.startswith("住户!2 ") and "24" in e and "1" in e for e in found), found
    assert not Building.objects.filter(number__in=["7号楼", "9号楼"]).exists()
    assert not Compound.objects.filter(name="越界院").exists()


def test_a_formula_without_its_saved_value_is_refused_by_its_cell(world):
    data = xlsx(("楼栋", [["小区名称", "楼号", "层数", "户数", "建筑面积"],
                          ["甲一1号院", "9号楼", 6, "=12*2", 1800]]))  # fmt: skip
    item = run(world.users["street_staff"], data)
    assert item.status == ImportStatus.REFUSED
    assert any("D2" in e for e in errors(item)), errors(item)


def test_community_staff_import_only_into_their_community(world):
    staff = world.users["community_staff"]  # 甲一社区
    data = xlsx(("楼栋", [["社区", "小区名称", "楼号", "层数", "户数", "建筑面积"],
                          ["甲一社区", "甲一1号院", "9号楼", 6, 24, 1800],
                          ["甲二社区", "甲二2号院", "9号楼", 6, 24, 1800]]))  # fmt: skip
    item = run(staff, data)
    assert item.status == ImportStatus.REFUSED
    assert [e["row"] for e in item.preview["errors"]] == [3]
    communities = xlsx(("社区", [["社区名称", "地址"], ["新社区", "某路1号"]]))
    item = run(staff, communities)
    assert item.status == ImportStatus.REFUSED and "may not import" in errors(item)[0]
    assert not Community.objects.filter(name="新社区").exists()


def test_staff_accounts_are_made_in_the_street_with_their_role_and_scope(world):
    data = xlsx(("人员", [["姓名", "手机号", "角色", "社区", "小区名称"],
                          ["赵丽", "13803710003", "社区工作人员", "甲一社区", None],
                          ["钱七", "13803710004", "居民监督员", "甲一社区", "甲一1号院"],
                          ["孙八", "13803710005", "区督导", None, None]]))  # fmt: skip
    item = run(world.users["street_staff"], data)
    assert item.status == ImportStatus.REFUSED
    assert [e["row"] for e in item.preview["errors"]] == [4]
    item = run(world.users["street_staff"], xlsx(("人员", [
        ["姓名", "手机号", "角色", "社区", "小区名称"],
        ["赵丽", "13803710003", "社区工作人员", "甲一社区", None],
        ["钱七", "13803710004", "居民监督员", "甲一社区", "甲一1号院"],
    ])))  # fmt: skip
    assert item.status == ImportStatus.IMPORTED, errors(item)
    from django.contrib.auth import get_user_model

    zhao = get_user_model().objects.get(username="13803710003")
    assert zhao.assignment.community == world.community_a1
    assert list(zhao.groups.values_list("name", flat=True)) == ["community_staff"]
    assert not zhao.has_usable_password()
    assert get_user_model().objects.get(username="13803710004").assignment.compound == world.a1


def test_work_items_and_the_dashboard_count_them_at_once(world):
    data = xlsx(("改造内容", [["小区名称", "楼号", "改造内容", "数量", "单位"],
                             ["甲二2号院", None, "管网改造", "1,200", "米"],
                             ["甲二2号院", "1号楼", "楼道粉刷", "1", "栋"]]))  # fmt: skip
    item = run(world.users["street_staff"], data)
    assert item.status == ImportStatus.IMPORTED, errors(item)
    items = WorkItem.objects.filter(compound=world.a2)
    assert {(w.category, w.unit, w.planned_quantity) for w in items} == {
        ("pipelines", "m", Decimal("1200")), ("stairwell_painting", "building", Decimal("1")),
    }  # fmt: skip
    assert item.counts["work_items"]["created"] == 2


def test_kinds_follow_the_permissions(world):
    assert matching.kinds_allowed(world.users["street_staff"]) == list(rules.KIND_ORDER)
    assert rules.STAFF not in matching.kinds_allowed(world.users["community_staff"])
    assert rules.COMMUNITIES not in matching.kinds_allowed(world.users["community_staff"])
    assert matching.kinds_allowed(world.users["inspector"]) == []


def test_an_import_is_kept_with_its_file(world):
    data = xlsx(MESSY)
    item = run(world.users["street_staff"], data)
    kept = RegisterImport.objects.get(pk=item.pk)
    assert kept.file.read() == data and kept.created_by == world.users["street_staff"]


def test_the_compound_lists_export_comes_back_in_unchanged(client, world):
    """Round trip: the register's own list export, imported, changes nothing."""
    from django.urls import reverse
    from django.utils import translation

    staff = world.users["street_staff"]
    client.force_login(staff)
    for language in ("zh-hans", "en"):
        client.cookies["django_language"] = language
        exported = client.get(reverse("compounds:compound_list"), {"format": "xlsx"})
        assert exported.status_code == 200
        with translation.override(language):
            item = run(staff, b"".join(exported.streaming_content), name="compounds.xlsx")
        assert item.status == ImportStatus.IMPORTED, (language, item.sheets, errors(item))
        assert item.counts["compounds"] == {"created": 0, "changed": 0, "unchanged": 2}


def test_a_plan_names_each_compound_once(world):
    """甲一1号院 lies in 甲一社区: a row placing a compound of that name in 甲二社区 would be a
    second compound of that name in the plan, refused by its row, not by the database."""
    data = xlsx(("小区", [["社区", "小区名称"], ["甲二社区", "甲一1号院"]]))
    item = run(world.users["street_staff"], data)
    assert item.status == ImportStatus.REFUSED
    assert "甲一社区" in errors(item)[0] and errors(item)[0].startswith("小区!2 ")


def test_a_sheet_of_thousands_of_columns_is_refused_with_a_sentence(world):
    wide = ["小区名称", "楼号", "层数", "户数", "建筑面积", *[f"列{n}" for n in range(300)]]
    item = run(world.users["street_staff"], xlsx(("楼栋", [wide])))
    assert item.status == ImportStatus.REFUSED and "305 columns" in errors(item)[0]


def test_a_change_shows_old_and_new_and_is_written_with_its_history(world):
    staff = world.users["street_staff"]
    data = xlsx(
        ("小区", [["社区", "小区名称", "地址"], ["甲一社区", "甲一1号院", "新地址1号"]]),
        ("楼栋", [["小区名称", "楼号", "层数", "户数", "建筑面积"],
                  ["甲一1号院", "1号楼", 7, 40, 3000]]),
        ("住户", [["小区名称", "楼号", "单元", "门牌号", "面积", "户主"],
                  ["甲一1号院", "1号楼", "1", "101", 80, "赵大爷"]]),
    )  # fmt: skip
    building = world.building_a1
    floors_before = building.floors
    item = run(staff, data, confirm=False)
    assert item.status == ImportStatus.PREVIEWED, errors(item)
    changed = {c["record"]: c["fields"] for c in item.preview["changes"]}
    assert ["floors", str(floors_before), "7"] in changed["甲一1号院 1号楼"]
    assert ["owner", "赵大妈", "赵大爷"] in changed["甲一1号院 1号楼 1-101"]
    assert item.preview["counts"]["compounds"]["changed"] == 1
    item = services.import_confirm(register_import=item, user=staff, queue=False)
    assert item.status == ImportStatus.IMPORTED, errors(item)
    building.refresh_from_db()
    assert building.floors == 7
    assert Household.objects.get(pk=world.household_a1.pk).owner_name == "赵大爷"
    assert Compound.objects.get(pk=world.a1.pk).address == "新地址1号"
    last = building.history.first()
    assert (last.history_type, last.history_user) == ("~", staff)
    assert last.history_change_reason == f"register import #{item.pk}"


def test_coordinates_are_imported_rounded_and_a_swapped_pair_is_named(world):
    staff = world.users["street_staff"]
    good = xlsx(("小区", [["社区", "小区名称", "经度", "纬度"],
                          ["甲一社区", "甲一1号院", "113.66081234", "34.7812"]]))  # fmt: skip
    item = run(staff, good)
    assert item.status == ImportStatus.IMPORTED, errors(item)
    compound = Compound.objects.get(pk=world.a1.pk)
    assert (compound.longitude, compound.latitude) == (Decimal("113.660812"), Decimal("34.7812"))
    assert compound.history.first().history_change_reason == f"register import #{item.pk}"
    again = run(staff, good)
    assert again.counts["compounds"] == {"created": 0, "changed": 0, "unchanged": 1}
    swapped = xlsx(("小区", [["社区", "小区名称", "经度", "纬度"],
                             ["甲二社区", "甲二2号院", "34.78", "113.66"]]))  # fmt: skip
    item = run(staff, swapped)
    assert item.status != ImportStatus.IMPORTED
    assert any("look swapped" in line for line in errors(item)), errors(item)
    assert Compound.objects.get(pk=world.a2.pk).latitude is None
    lonely = xlsx(("小区", [["社区", "小区名称", "纬度"], ["甲二社区", "甲二2号院", "34.78"]]))
    assert any("or neither" in line for line in errors(run(staff, lonely)))


def test_a_plan_tables_totals_are_held_against_the_compounds_buildings(world):
    """甲一1号院's buildings hold 40 + 30 households: a plan table saying 75 is refused by its
    row; saying 70 (and "2栋") is read, checked and not stored."""
    staff = world.users["street_staff"]
    wrong = xlsx(
        (
            "计划表",
            [["社区", "小区名称", "楼栋数", "户数"], ["甲一社区", "甲一1号院", "2栋", "75户"]],
        )
    )
    item = run(staff, wrong)
    assert item.status == ImportStatus.REFUSED
    assert errors(item) == [
        "计划表!2 户数: The sheet says 75, but the compound's buildings add up to 70 "
        "(households (checked against the buildings))."
    ]
    right = xlsx(
        (
            "计划表",
            [["社区", "小区名称", "楼栋数", "户数"], ["甲一社区", "甲一1号院", "2栋", "70户"]],
        )
    )
    item = run(staff, right)
    assert item.status == ImportStatus.IMPORTED, errors(item)
    assert item.counts["compounds"] == {"created": 0, "changed": 0, "unchanged": 1}

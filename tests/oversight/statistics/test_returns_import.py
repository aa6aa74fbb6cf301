"""Importing a street's statistics return (逐级汇总): a return file is read from its data sheet,
kept apart from the records with its origin and date, and refused with a reason when it is not
a return, or not the chosen street's or period's."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from oversight.models import ImportedReturn
from oversight.statistics import rules, services
from oversight.statistics.returns_import import ReturnRefused, read_return
from tests.factories import StreetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

JULY = rules.month_period(2020, 7)
FIGURES = {
    "planned_compounds": 30, "planned_buildings": 75, "planned_households": 3251,
    "started_compounds": 26, "started_households": 2800, "completed_compounds": 2,
    "completed_households": 160, "pipelines_km": Decimal("12.350"), "elevators": 0,
    "parking_spaces": 40, "ev_chargers": 12, "elderly_care": 1, "childcare": 0,
    "community_services": 3, "budget": Decimal("17601400.00"), "paid": Decimal("5000000.00"),
}  # fmt: skip


def return_bytes(*, street="丙街道", district="金水区", period=JULY, kind="month", **changes):
    """A return file as the statistics page writes it (its data sheet), with ``changes``."""
    meta = {
        "format": rules.FORMAT, "version": rules.VERSION, "level": "street", "city": "郑州市",
        "district": district, "street": street, "plan": "", "period_kind": kind,
        "period_start": period.start.isoformat(), "period_end": period.end.isoformat(),
        "generated_at": "2020-08-01T09:30:00+08:00", "portal": "丙街道老旧小区改造门户",
    }  # fmt: skip
    rows = {**meta, **FIGURES, **changes}
    book = Workbook()
    book.active.title = "统计报表"
    data = book.create_sheet("data")
    data.append(["key", "value"])
    for key, value in rows.items():
        if value is not None:
            data.append([key, float(value) if isinstance(value, Decimal) else value])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refusal(data) -> str:
    with pytest.raises(ReturnRefused) as caught:
        read_return(data)
    return " ".join(caught.value.messages)


def test_a_return_file_is_read_with_its_origin_period_and_figures():
    read = read_return(return_bytes())
    assert read.meta["street"] == "丙街道" and read.meta["portal"] == "丙街道老旧小区改造门户"
    assert (read.period_start, read.period_end) == (JULY.start, JULY.end)
    assert read.generated_at == datetime.datetime.fromisoformat("2020-08-01T09:30:00+08:00")
    assert {key: Decimal(value) for key, value in read.figures.items()} == {
        key: Decimal(str(value)) for key, value in FIGURES.items()
    }


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not an Excel workbook"),
        (b"name,households\n1,2\n", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "not an Excel workbook"),  # encrypted
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_with_a_reason(data, reason):
    assert reason in refusal(data)


def test_a_workbook_that_is_not_a_return_is_refused():
    book = Workbook()
    book.active.append(["小区", "户数"])
    out = io.BytesIO()
    book.save(out)
    assert "no “data” sheet" in refusal(out.getvalue())
    assert "does not say so" in refusal(return_bytes(format="something else"))
    assert "layout version 9" in refusal(return_bytes(version=9))


def test_a_zip_that_unpacks_to_far_more_than_a_return_is_refused_unread():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (30 * 1024 * 1024))
    assert "unpacks to far more" in refusal(out.getvalue())


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"planned_households": None}, "“Households planned” (planned_households) is missing"),
        ({"elevators": "两部"}, "(elevators) is not a number"),
        ({"parking_spaces": -3}, "(parking_spaces) is negative"),
        ({"started_compounds": 26.5}, "(started_compounds) has more decimals"),
        ({"budget": 10**15}, "(budget) is too large"),
        ({"started_compounds": 31}, "“Compounds started” (31) is larger than “Compounds planned”"),
        ({"period_end": "2020-06-30"}, "not two days, the first before the second"),
        ({"generated_at": "yesterday"}, "does not say when it was written"),
    ],
)
def test_figures_and_dates_that_cannot_be_a_returns_are_refused(changes, reason):
    assert reason in refusal(return_bytes(**changes))


def test_a_formula_in_the_data_sheet_is_not_a_figure():
    """Read with the cached values only: a formula the file's writer left uncomputed is a
    missing figure, never evaluated."""
    assert "(elevators) is missing" in refusal(return_bytes(elevators="=1+1"))


@pytest.fixture
def street(world):
    return StreetFactory(name="丙街道", district="金水区", city="郑州市")


def importing(user, street, data, *, period=JULY, kind="month"):
    return services.return_import(
        user=user, street=street, period_kind=kind, period=period, data=data,
        file_name="丙街道2020年7月统计报表.xlsx",
    )  # fmt: skip


def test_the_district_imports_a_streets_return_kept_apart_with_its_origin(world, street):
    inspector = world.users["inspector"]
    data = return_bytes()
    kept = importing(inspector, street, data)
    assert kept.street == street and kept.imported_by == inspector
    assert kept.origin == "丙街道老旧小区改造门户" and kept.file_name.startswith("丙街道")
    assert (kept.period_kind, kept.period_start, kept.period_end) == ("month", JULY.start, JULY.end)
    assert Decimal(kept.figures["planned_households"]) == 3251
    assert kept.file.read() == data
    assert kept.history.get().history_user == inspector
    # The records the portal holds are untouched: the street still has no compound here.
    assert not street.communities.exists()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"street": "丁街道"}, "the street “丁街道”'s, not “丙街道”'s"),
        ({"district": "二七区"}, "of “二七区”, but the street “丙街道” is in “金水区”"),
        ({"level": "district"}, "a whole district; only one street's return"),
        (
            {"kind": "year_to_date", "period": rules.year_to_date_period(2020, 7)},
            "covers 2020-01-01",
        ),
        ({"period": rules.month_period(2020, 6)}, "covers 2020-06-01 to 2020-06-30"),
    ],
)
def test_a_return_of_another_street_level_or_period_is_refused_and_nothing_kept(
    world, street, changes, reason
):
    with pytest.raises(ReturnRefused) as caught:
        importing(world.users["inspector"], street, return_bytes(**changes))
    assert reason in " ".join(caught.value.messages)
    assert not ImportedReturn.objects.exists()


def test_only_a_role_that_may_import_imports_and_only_in_its_scope(world, street):
    for name in ("street_staff", "community_staff", "supervisor", "no_role"):
        with pytest.raises(PermissionDenied):
            importing(world.users[name], street, return_bytes())
    assert importing(world.users["admin"], street, return_bytes()).pk


def test_the_reasons_are_given_in_chinese_first(world, street):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ReturnRefused) as caught:
        importing(world.users["inspector"], street, return_bytes(street="丁街道", level="district"))
    assert caught.value.messages == [
        "这是整个区的报表；只能导入单个街道的报表。",
        "这是“丁街道”的报表，不是“丙街道”的。",
    ]

"""The statistics pages on the small world: a district's return is the sum of its streets', a
street's return round-trips through its file (export, import, the same figures, kept apart
from the records), and the import page refuses what it cannot take, saying why."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversight.models import ImportedReturn
from oversight.statistics import rules, selectors
from tests.factories import BuildingFactory, StreetFactory
from tests.oversight.statistics.test_returns_import import return_bytes
from tests.utils import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PAGE = reverse("oversight:statistics")
IMPORT = reverse("oversight:return_import")
MAY = {"kind": "month", "month": "2020-05"}
MAY_PERIOD = rules.month_period(2020, 5)


def district_return(world, period=MAY_PERIOD):
    return selectors.statistics_return(
        user=world.users["inspector"],
        selection=selectors.Selection(selectors.DISTRICT, district="金水区"),
        period=period,
        kind="month",
    )


def test_a_districts_return_is_the_sum_of_its_streets(world):
    result = district_return(world)
    assert [row["name"] for row in result["rows"]] == ["乙街道", "甲街道"]
    assert result["figures"] == rules.add_up(row["figures"] for row in result["rows"])
    jia = next(row for row in result["rows"] if row["name"] == "甲街道")
    assert (jia["figures"]["planned_compounds"], jia["figures"]["started_compounds"]) == (2, 1)
    assert jia["figures"]["planned_households"] == 90 and jia["figures"]["started_households"] == 70


def test_a_streets_return_round_trips_through_its_file_and_stays_apart(client, world):
    """Export 乙街道's return, import it as 乙街道's: the district's return is the same, now
    from the file; a later change of the records here does not change the imported row."""
    before = district_return(world)
    client.force_login(world.users["inspector"])
    exported = client.get(PAGE, {"street": world.street_b.pk, **MAY, "format": "xlsx"})
    assert exported.status_code == 200
    upload = SimpleUploadedFile("乙街道5月报表.xlsx", exported.content)
    response = client.post(
        IMPORT, {"street": world.street_b.pk, **MAY, "file": upload}, follow=True
    )
    assert response.status_code == 200
    assert ImportedReturn.objects.get().street == world.street_b
    after = district_return(world)
    assert after["figures"] == before["figures"]
    yi = next(row for row in after["rows"] if row["name"] == "乙街道")
    assert yi["imported"] is not None and yi["imported"].file_name == "乙街道5月报表.xlsx"
    assert "已导入乙街道" in page_text(response)  # and the page it leads to is the district's
    assert response.context["selection"].district == "金水区"
    BuildingFactory(compound=world.b1, number="9号楼", households=99)
    assert district_return(world)["figures"] == before["figures"]  # the file's, not the records'
    records = selectors.statistics_return(
        user=world.users["inspector"],
        selection=selectors.Selection(selectors.STREET, street=world.street_b),
        period=rules.month_period(2020, 5),
        kind="month",
    )
    assert records["figures"]["planned_households"] == yi["figures"]["planned_households"] + 99


def test_a_street_with_no_records_here_counts_by_the_return_it_sent(client, world):
    StreetFactory(name="丙街道", district="金水区", city="郑州市")
    client.force_login(world.users["inspector"])
    upload = SimpleUploadedFile("r.xlsx", return_bytes(period=rules.month_period(2020, 5)))
    street = StreetFactory(name="丙街道")
    client.post(IMPORT, {"street": street.pk, **MAY, "file": upload})
    result = district_return(world)
    bing = next(row for row in result["rows"] if row["name"] == "丙街道")
    assert bing["figures"]["planned_households"] == 3251 and bing["imported"].street == street
    page = client.get(PAGE, {"district": "金水区", **MAY})
    assert "丙街道老旧小区改造门户 报送" in page_text(page)


def test_the_import_page_refuses_a_file_that_is_not_a_return_and_keeps_nothing(client, world):
    client.force_login(world.users["inspector"])
    for content in (b"not a workbook", return_bytes(street="丁街道")):
        upload = SimpleUploadedFile("x.xlsx", content)
        response = client.post(IMPORT, {"street": world.street_a.pk, **MAY, "file": upload})
        assert response.status_code == 400
        assert response.context["form"].errors["file"]
    assert not ImportedReturn.objects.exists()
    bad_month = client.post(
        IMPORT, {"street": world.street_a.pk, "kind": "month", "month": "2020-13",
                 "file": SimpleUploadedFile("x.xlsx", b"x")},
    )  # fmt: skip
    assert (
        bad_month.status_code == 400 and "2020-07" in bad_month.context["form"].errors["month"][0]
    )


def test_only_the_district_imports(client, world):
    for name in ("street_staff", "community_staff", "supervisor"):
        client.force_login(world.users[name])
        assert client.get(IMPORT).status_code == 403
    client.force_login(world.users["street_staff"])
    assert client.get(PAGE).status_code == 200


def test_a_bad_month_on_the_page_falls_back_and_says_so(client, world):
    client.force_login(world.users["inspector"])
    response = client.get(PAGE, {"month": "July", "kind": "nonsense"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["kind"] == "year_to_date"  # the year to the clock's month


def test_the_queries_do_not_grow_with_the_communities_or_the_streets(world):
    """A fixed number of queries per return, however many rows its breakdown has (a city's
    return has a row per street)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CommunityFactory, CompoundFactory

    def queries(level, **selection):
        with CaptureQueriesContext(connection) as context:
            selectors.statistics_return(
                user=world.users["inspector"],
                selection=selectors.Selection(level, **selection),
                period=MAY_PERIOD,
                kind="month",
            )
        return len(context.captured_queries)

    queries(selectors.CITY)  # the user's scope and permissions are read once, then kept
    before = (queries(selectors.STREET, street=world.street_a), queries(selectors.CITY))
    for n in range(3):
        street = StreetFactory(name=f"新街道{n}")
        community = CommunityFactory(street=street, name=f"新社区{n}")
        CompoundFactory(community=community, plan=world.plan_a, started=True)
        CompoundFactory(
            community=CommunityFactory(street=world.street_a, name=f"甲新{n}社区"),
            plan=world.plan_a,
        )
    assert (queries(selectors.STREET, street=world.street_a), queries(selectors.CITY)) == before


def test_a_file_too_large_to_be_a_return_is_refused_before_it_is_read(client, world):
    from oversight.statistics.returns_import import MAX_FILE_BYTES

    client.force_login(world.users["inspector"])
    upload = SimpleUploadedFile("big.xlsx", b"\0" * (MAX_FILE_BYTES + 1))
    response = client.post(IMPORT, {"street": world.street_a.pk, **MAY, "file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["该文件太大（超过 5 MB），不是统计报表。"]
    assert not ImportedReturn.objects.exists()


def test_the_form_shows_the_period_the_page_counts_when_the_link_leaves_it_out(
    client, world, settings
):
    settings.PORTAL_TODAY = "2020-07-17"
    client.force_login(world.users["inspector"])
    response = client.get(PAGE, {"district": "金水区"})
    form = response.context["form"]
    assert (form["kind"].value(), form["month"].value()) == ("year_to_date", "2020-07")
    assert response.context["kind"] == "year_to_date"
    assert response.context["period"] == rules.year_to_date_period(2020, 7)

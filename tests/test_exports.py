"""Every staff list page exports its rows as an XLSX spreadsheet: the rows the page lists,
filtered and scoped as the page is, all of them, streamed from a temporary file, residents'
names and phones masked as on the pages, in a fixed number of queries."""

import datetime
import io
import re
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from common import clock, exports, permission_cache
from common.exports import Column, ListExport, write_xlsx, xlsx_response
from compounds import exports as compound_exports
from compounds.models import Building, Compound
from oversight.consultations import exports as consultation_exports
from oversight.funds import exports as fund_exports
from oversight.inspections import exports as inspections_exports
from oversight.models import (
    CampaignActivity,
    ElevatorProject,
    FundAllocation,
    Inspection,
    InspectionRequirement,
    Participant,
    PartyGroup,
    SupervisionCheck,
    SupervisionRecord,
    Survey,
    TaskForce,
)
from oversight.opinions import exports as opinion_exports
from oversight.opinions import rules as opinion_rules
from oversight.opinions.selectors import contact_of
from oversight.opinions.services import opinion_record
from oversight.organisation import exports as organisation_exports
from oversight.supervision import exports as supervision_exports
from progress import exports as progress_exports
from progress.models import Rectification
from tests.conftest import build_world
from tests.factories import BuildingFactory, CommunityFactory, DailyLogFactory
from tests.utils import shared_by_the_module

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LINK = re.compile(r'<a class="btn btn-outline-secondary no-print" href="([^"]+)">')
TODAY = clock.today


def _more_of_the_world(world):
    """Add to the small world a record of each list, in street 甲 and in street 乙 (whose
    names all hold 乙, so a leak shows)."""
    today = TODAY()
    DailyLogFactory(compound=world.a2)
    DailyLogFactory(compound=world.b1, problems="乙院围挡破损")
    Rectification.objects.create(
        compound=world.b1, source="daily_log", description="乙院围挡破损", owner="乙负责人",
        deadline=today + datetime.timedelta(days=7),
    )  # fmt: skip
    opinion_record(
        user=None, compound=world.b1, channel="phone", topics=["parking"],
        text="乙院停车难", name="乙先生", phone="+8613900139000",
    )  # fmt: skip
    ElevatorProject.objects.create(building=world.a2.buildings.get())
    Survey.objects.create(
        compound=world.b1, title="乙院停车问卷", closes_on=today + datetime.timedelta(days=9)
    )
    record = SupervisionRecord.objects.create(
        compound=world.a1, level="street", date=today, inspectors="李强（街道）"
    )
    SupervisionCheck.objects.create(record=record, order=1, item="防水", passed=False)
    SupervisionCheck.objects.create(record=record, order=2, item="保温", passed=True)
    SupervisionRecord.objects.create(
        compound=world.b1, level="community", date=today, inspectors="乙社区"
    )
    visit = Inspection.objects.create(street=world.street_a, group="金水区督导组", date=today)
    visit.compounds_visited.set([world.a1, world.a2])
    InspectionRequirement.objects.create(inspection=visit, text="加快进度", compound=world.a1)
    Inspection.objects.create(street=world.street_b, group="乙督导组", date=today)
    FundAllocation.objects.create(compound=world.a1, amount=Decimal("20000.00"))
    TaskForce.objects.create(street=world.street_a, kind="community_governance", name="治理专班")
    TaskForce.objects.create(street=world.street_b, kind="community_grid", name="乙网格专班")
    PartyGroup.objects.create(
        street=world.street_a, community=world.community_a1, kind="temporary_branch",
        name="临时党支部", founded_on=datetime.date(2020, 3, 1),
    )  # fmt: skip
    PartyGroup.objects.create(
        street=world.street_b, kind="help_group", name="乙帮帮团",
        founded_on=datetime.date(2018, 4, 1), founded_precision="month",
    )  # fmt: skip
    Participant.objects.create(
        street=world.street_a, community=world.community_a1, kind="committee", name="两委",
        people=9,
    )  # fmt: skip
    Participant.objects.create(street=world.street_b, kind="volunteer_team", name="乙志愿队")
    CampaignActivity.objects.create(
        street=world.street_a, community=world.community_a1, date=today, title="清理楼道",
        participants=25,
    )  # fmt: skip
    CampaignActivity.objects.create(
        street=world.street_b, date=today, title="乙院大扫除", participants=12
    )
    return world


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    with shared_by_the_module(django_db_blocker):
        yield _more_of_the_world(build_world())


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _code(opinion):
    return opinion.code


def _pk(obj):
    return obj.pk


# url name: (the list's export, file name, what the first column holds of a page's row)
LISTS = {
    "compounds:compound_list": (compound_exports.COMPOUNDS, "compounds", _pk),
    "progress:dailylog_list": (progress_exports.DAILY_LOGS, "daily-logs", _pk),
    "progress:rectification_list": (progress_exports.RECTIFICATIONS, "problems", _pk),
    "progress:meeting_list": (progress_exports.MEETINGS, "weekly-meetings", _pk),
    "oversight:fund_list": (fund_exports.FUNDS, "special-fund", _pk),
    "oversight:inspection_list": (inspections_exports.INSPECTIONS, "inspections", _pk),
    "oversight:opinion_list": (opinion_exports.opinions, "opinions", _code),
    "oversight:supervision_list": (
        supervision_exports.SUPERVISION_RECORDS, "supervision-records", _pk,
    ),
    "oversight:elevator_list": (consultation_exports.ELEVATORS, "elevators", _pk),
    "oversight:survey_list": (consultation_exports.SURVEYS, "surveys", _pk),
    "oversight:taskforce_list": (organisation_exports.TASK_FORCES, "task-forces", _pk),
    "oversight:partygroup_list": (organisation_exports.PARTY_GROUPS, "party-organisations", _pk),
    "oversight:participation": (organisation_exports.PARTICIPANTS, "participation", _pk),
    "oversight:campaignactivity_list": (
        organisation_exports.CAMPAIGN_ACTIVITIES, "campaign-activities", _pk,
    ),
}  # fmt: skip


def _export_of(name, user) -> ListExport:
    export = LISTS[name][0]
    return export(user) if callable(export) else export


def download(response):
    """The workbook's rows (header first) of an export response, after checking it is one."""
    assert response.status_code == 200, response.content[:300]
    assert isinstance(response, FileResponse) and response.streaming
    assert response["Content-Type"] == XLSX
    # Reading the content to its end closes the response, as a WSGI server would (the test
    # client's wrapper). Closing it again here would send request_finished a second time and
    # close the test's database connection on PostgreSQL.
    data = b"".join(response.streaming_content)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def export(client, user, name, query=""):
    client.force_login(user)
    separator = "&" if query else ""
    return download(client.get(f"{reverse(name)}?{query}{separator}format=xlsx"))


def cells(rows) -> str:
    return " ".join(str(value) for row in rows for value in row if value is not None)


# --- Every list --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", LISTS)
def test_every_list_exports_the_rows_of_its_page(client, world, name):
    """The file: an XLSX attachment named after the list and the day; its header the list's
    headings in the active language; its rows the page's rows, in the page's order. The page
    offers the link."""
    admin = world.users["admin"]
    client.force_login(admin)
    page = client.get(reverse(name))
    assert page.status_code == 200
    assert EXPORT_LINK.search(page.content.decode()).group(1) == "?format=xlsx"
    expected = [LISTS[name][2](row) for row in page.context["page"].object_list]
    assert expected, "the world has no row for this list"

    response = client.get(reverse(name) + "?format=xlsx")
    filename = f"{LISTS[name][1]}-{TODAY():%Y-%m-%d}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    header, *rows = download(response)
    assert header == [str(column.heading) for column in _export_of(name, admin).columns]
    assert [row[0] for row in rows] == expected


def test_headings_are_in_the_active_language(client, world):
    header, *_rows = export(client, world.users["admin"], "compounds:compound_list")
    assert header[:5] == ["编号", "名称", "街道", "社区", "改造计划"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    header, *_rows = export(client, world.users["admin"], "compounds:compound_list")
    assert header[:5] == ["ID", "name", "street", "community", "renovation plan"]
    assert "floor area (m²)" in header


def test_a_compound_row_holds_numbers_dates_and_labels(client, world):
    header, *rows = export(client, world.users["admin"], "compounds:compound_list")
    row = dict(zip(header, next(r for r in rows if r[0] == world.a1.pk), strict=True))
    assert row["名称"] == "甲一1号院"
    assert row["社区"] == "甲一社区"
    assert row["状态"] == "已开工"  # the status's label, not its value
    assert row["楼栋"] == 2
    assert row["户数"] == 70
    assert row["建筑面积（m²）"] == pytest.approx(7601.0)
    assert row["开工日期"] == datetime.datetime(2020, 5, 1)  # a date cell (read back as such)
    assert row["示范院"] == "否"
    assert row["验收日期"] is None


# --- Filters and scope ------------------------------------------------------------------------


def test_the_filters_of_the_page_filter_the_export(client, world):
    query = f"community={world.community_a2.pk}"
    _header, *rows = export(client, world.users["street_staff"], "compounds:compound_list", query)
    assert [row[1] for row in rows] == ["甲二2号院"]
    _header, *rows = export(
        client, world.users["admin"], "progress:rectification_list", "source=daily_log"
    )
    assert [row[0] for row in rows] == [
        p.pk for p in Rectification.objects.filter(source="daily_log").order_by("deadline", "pk")
    ]


STREET_A_LISTS = [name for name in LISTS if name != "oversight:participation"]


@pytest.mark.parametrize("name", STREET_A_LISTS)
def test_street_staff_export_their_street_only(client, world, name):
    rows = export(client, world.users["street_staff"], name)
    assert len(rows) > 1
    assert "乙" not in cells(rows)


@pytest.mark.parametrize(
    "name",
    [
        "compounds:compound_list",
        "progress:dailylog_list",
        "progress:rectification_list",
        "oversight:opinion_list",
        "oversight:supervision_list",
        "oversight:fund_list",
    ],
)
def test_community_staff_export_their_community_only(client, world, name):
    rows = export(client, world.users["community_staff"], name)
    assert len(rows) > 1
    text = cells(rows)
    assert "甲二" not in text and "乙" not in text
    rows = export(client, world.users["other_community_staff"], name)
    assert "甲一" not in cells(rows)


def test_the_participation_ledger_exports_the_street_the_page_shows(client, world):
    """Without a street chosen, the ledger shows the user's street; so does its export."""
    rows = export(client, world.users["street_staff"], "oversight:participation")
    assert [row[4] for row in rows[1:]] == ["两委"]
    query = f"street={world.street_b.pk}"
    rows = export(client, world.users["admin"], "oversight:participation", query)
    assert [row[4] for row in rows[1:]] == ["乙志愿队"]


# --- Personal data ----------------------------------------------------------------------------


def _contact_columns(rows, opinion):
    header, *lines = rows
    line = next(line for line in lines if line[0] == opinion.code)
    return line[header.index("居民")], line[header.index("电话")]


def test_opinions_show_names_and_phones_to_staff_with_the_right(client, world):
    staff = world.users["street_staff"]
    assert staff.has_perm("oversight.view_personal_data")
    name, phone = _contact_columns(
        export(client, staff, "oversight:opinion_list"), world.opinion_a1
    )
    contact = contact_of(world.opinion_a1, user=staff)
    assert (name, phone) == (contact.name, contact.phone) == ("李秀英", "138 0013 8000")


@pytest.mark.parametrize("who", ["inspector", "supervisor"])
def test_opinions_are_masked_without_the_right_to_personal_data(client, world, who):
    user = world.users[who]
    assert not user.has_perm("oversight.view_personal_data")
    rows = export(client, user, "oversight:opinion_list")
    name, phone = _contact_columns(rows, world.opinion_a1)
    contact = contact_of(world.opinion_a1, user=user)
    assert (name, phone) == (contact.name, contact.phone) == ("李**", "138****8000")
    text = cells(rows)
    assert "李秀英" not in text and "13800138000" not in text and "0013 8000" not in text


# --- Invalid filters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("compounds:compound_list", "started=maybe"),
        ("progress:rectification_list", "overdue=maybe"),
        ("oversight:opinion_list", "received_from=yesterday"),
    ],
)
def test_invalid_filters_show_the_page_with_its_errors_not_a_file(client, world, name, query):
    client.force_login(world.users["admin"])
    response = client.get(f"{reverse(name)}?{query}&format=xlsx")
    assert response.status_code == 200
    assert not isinstance(response, FileResponse)
    assert response["Content-Type"].startswith("text/html")
    assert response.context["filterset"].form.errors
    # The export button is left out, and the page's links do not ask for a file again.
    assert EXPORT_LINK.search(response.content.decode()) is None
    assert "format" not in response.context["query"]


# --- The link ---------------------------------------------------------------------------------


def test_the_export_link_keeps_the_pages_filters(client, world):
    client.force_login(world.users["admin"])
    response = client.get(
        reverse("compounds:compound_list") + f"?community={world.a1.community_id}&page=1"
    )
    html = response.content.decode()
    link = EXPORT_LINK.search(html)
    assert link, html
    assert link.group(1) == f"?community={world.a1.community_id}&amp;format=xlsx"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Export to Excel" in client.get(reverse("compounds:compound_list")).content.decode()


# --- Queries and streaming --------------------------------------------------------------------


def _count_queries(client, url) -> int:
    permission_cache._bump()  # each count with the permissions read from the database
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    rows = download(response)
    return len(queries), len(rows) - 1


def test_the_compound_export_runs_the_same_queries_for_10_or_200_compounds(client, world):
    community = CommunityFactory(street=world.street_a, name="新社区")
    client.force_login(world.users["admin"])
    url = reverse("compounds:compound_list") + f"?community={community.pk}&format=xlsx"

    def add(first, last):
        compounds = Compound.objects.bulk_create(
            Compound(plan=world.plan_a, community=community, name=f"新{n}号院")
            for n in range(first, last)
        )
        Building.objects.bulk_create(
            Building(compound=c, number="1号楼", floors=6, units=2, households=24,
                     floor_area=Decimal("2000.00"))
            for c in compounds
        )  # fmt: skip

    add(0, 10)
    queries_for_10, rows = _count_queries(client, url)
    assert rows == 10
    add(10, 200)
    queries_for_200, rows = _count_queries(client, url)
    assert rows == 200
    assert queries_for_200 == queries_for_10


@pytest.mark.parametrize("who", ["inspector", "street_staff"])
def test_the_opinion_export_runs_the_same_queries_whatever_the_rows(client, world, who):
    """Topics, buildings and the masking of each row cost no query of their own."""
    client.force_login(world.users[who])
    url = reverse("oversight:opinion_list") + f"?compound={world.a1.pk}&format=xlsx"
    before, rows_before = _count_queries(client, url)
    for n in range(5):
        opinion_record(
            user=None, compound=world.a1, channel="phone", topics=["heating", "parking"],
            text=f"第{n}条", name="王五", phone="+8613700137000", building=world.building_a1,
        )  # fmt: skip
    after, rows_after = _count_queries(client, url)
    assert rows_after == rows_before + 5
    assert after == before


def test_the_elevator_and_inspections_exports_run_the_same_queries_whatever_the_rows(client, world):
    client.force_login(world.users["admin"])
    elevators = reverse("oversight:elevator_list") + "?format=xlsx"
    inspections = reverse("oversight:inspection_list") + "?format=xlsx"
    before = [_count_queries(client, elevators), _count_queries(client, inspections)]
    for building in BuildingFactory.create_batch(4, compound=world.a1):
        ElevatorProject.objects.create(building=building)
    for _n in range(4):
        visit = Inspection.objects.create(street=world.street_a, group="复查组")
        visit.compounds_visited.set([world.a1])
    after = [_count_queries(client, elevators), _count_queries(client, inspections)]
    assert [rows for _q, rows in after] == [rows + 4 for _q, rows in before]
    assert [queries for queries, _r in after] == [queries for queries, _r in before]


def test_a_queryset_is_read_in_chunks(client, world, monkeypatch):
    chunk_sizes = []
    iterator = QuerySet.iterator

    def spy(queryset, chunk_size=None):
        chunk_sizes.append(chunk_size)
        return iterator(queryset, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    export(client, world.users["admin"], "compounds:compound_list")
    assert chunk_sizes == [exports.CHUNK_SIZE]


def test_rows_are_prepared_a_chunk_at_a_time():
    chunks = []

    def batch(rows):
        chunks.append(len(rows))
        return rows

    rows = (SimpleNamespace(n=n) for n in range(exports.CHUNK_SIZE * 2 + 5))
    response = xlsx_response(
        rows, [Column("n", "n")], filename="numbers", title="Numbers", batch=batch
    )
    assert chunks == [exports.CHUNK_SIZE, exports.CHUNK_SIZE, 5]
    rows = download(response)
    assert len(rows) == exports.CHUNK_SIZE * 2 + 6
    assert rows[-1] == [exports.CHUNK_SIZE * 2 + 4]


# --- The cells --------------------------------------------------------------------------------


def test_cells_keep_their_types_and_text_is_never_a_formula():
    aware = timezone.make_aware(datetime.datetime(2024, 3, 1, 1, 30), datetime.UTC)
    row = SimpleNamespace(
        formula='=HYPERLINK("http://example.com")', error="#N/A", when=aware,
        day=datetime.date(2024, 3, 1), money=Decimal("1234.50"), count=7, flag=True,
        nothing=None, empty="", control="a\x01b", many=["甲", "乙"],
    )  # fmt: skip
    names = list(vars(row))
    out = io.BytesIO()
    with translation.override("en"):
        count = write_xlsx(out, [row], [Column(name, name) for name in names], title="a/b:c")
    assert count == 1
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet.title == "a b c"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K2"
    assert all(cell.font.b for cell in sheet[1])
    cell = dict(zip(names, sheet[2], strict=True))
    assert cell["formula"].data_type == "s" and cell["formula"].value.startswith("=HYPERLINK")
    assert cell["error"].data_type == "s" and cell["error"].value == "#N/A"
    assert cell["when"].value == datetime.datetime(2024, 3, 1, 9, 30)  # Asia/Shanghai
    assert cell["when"].number_format == exports.DATETIME_FORMAT
    assert cell["day"].is_date and cell["day"].number_format == exports.DATE_FORMAT
    assert cell["money"].data_type == "n" and cell["money"].value == 1234.5
    assert cell["money"].number_format == exports.DECIMAL_FORMAT
    assert cell["count"].value == 7
    assert cell["flag"].value == "yes"
    assert cell["nothing"].value is None and cell["empty"].value is None
    assert cell["control"].value == "ab"
    assert cell["many"].value == "甲、乙"
    widths = sheet.column_dimensions
    assert exports.MIN_WIDTH <= widths["A"].width <= exports.MAX_WIDTH


def test_a_dotted_path_reads_through_missing_relations_and_choices(world):
    assert Column("c", "meeting.title").read(SimpleNamespace(meeting=None)) is None
    assert Column("c", "building.compound.name").read(SimpleNamespace(building=None)) is None
    assert str(Column("s", "status").read(world.a1)) == world.a1.get_status_display()
    assert opinion_rules.mask_name("李秀英") == "李**"

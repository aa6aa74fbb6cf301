import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from common import clock
from compounds.choices import CompoundStatus
from compounds.models import Assignment, Building, Community, Compound, RenovationPlan, Street
from progress.choices import Unit, WorkCategory
from progress.models import DailyLog, Milestone, WorkItem


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试街道{n}")
    district = "金水区"
    city = "郑州市"


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"测试社区{n}")


class RenovationPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RenovationPlan

    street = factory.SubFactory(StreetFactory)
    year = 2020
    name = factory.LazyAttribute(lambda o: f"{o.street.name}{o.year}年改造计划")
    target_completion_date = datetime.date(2020, 12, 31)


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound

    community = factory.SubFactory(CommunityFactory)
    plan = factory.SubFactory(
        RenovationPlanFactory, street=factory.SelfAttribute("..community.street")
    )
    name = factory.Sequence(lambda n: f"测试路{n}号院")
    address = factory.LazyAttribute(lambda o: o.name.removesuffix("院"))
    status = CompoundStatus.PLANNED

    class Params:
        started = factory.Trait(status=CompoundStatus.STARTED, started_on=datetime.date(2020, 5, 1))


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    compound = factory.SubFactory(CompoundFactory)
    number = factory.Sequence(lambda n: f"{n + 1}号楼")
    floors = 6
    units = 2
    households = 40
    floor_area = Decimal("3800.50")


class WorkItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkItem

    compound = factory.SubFactory(CompoundFactory)
    category = WorkCategory.DEMOLITION
    planned_quantity = Decimal("100")
    unit = Unit.PLACE
    done_quantity = Decimal("25")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    compound = factory.SubFactory(CompoundFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"节点{n + 1}")
    owner = "王建军"
    duration = 10


class DailyLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyLog

    compound = factory.SubFactory(CompoundFactory)
    date = factory.LazyFunction(clock.today)
    workers = 12


def jpeg_bytes(size=(64, 48), color=(200, 60, 40), exif_gps=False) -> bytes:
    """Return a small real JPEG, optionally with an EXIF block carrying a GPS position."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    kwargs = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (34.0, 46.0, 0.0), 3: "E", 4: (113.0, 39.0, 0.0)}
        exif[0x010F] = "TestCam"
        kwargs["exif"] = exif
    image.save(out, format="JPEG", **kwargs)
    return out.getvalue()


def png_bomb_bytes(size=(7300, 5479)) -> bytes:
    """Return a real PNG of a few kilobytes that decodes to ``size`` (40 megapixels by default)
    of white: one bit a pixel, every row the same, written without Pillow (no bitmap in the
    test's memory)."""
    import struct
    import zlib

    width, height = size

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    row = b"\0" + b"\xff" * -(-width // 8)  # filter "none", then the row's bits
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row * 64) for _ in range(height // 64))
    idat += compressor.compress(row * (height % 64)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


def assign(user, *, street=None, community=None, compound=None):
    """Give ``user`` a work assignment (their scope)."""
    return Assignment.objects.create(
        user=user, street=street, community=community, compound=compound
    )

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkCategory(models.TextChoices):
    """What a renovation does (改造内容); each at most once per scope (最多只改一次)."""

    DEMOLITION = "demolition", _("demolition of illegal structures")
    PIPELINES = "pipelines", _("pipelines laid underground")
    STAIRWELL_PAINTING = "stairwell_painting", _("stairwell painting")
    HEATING = "heating", _("heating")
    ELEVATOR = "elevator", _("elevator addition")
    ROAD_DRAINAGE = "road_drainage", _("roads and drainage")
    ACCESS_CCTV = "access_cctv", _("access control and CCTV")
    GUARD_ROOM = "guard_room", _("guard room")
    GREENING = "greening", _("greening")
    ACTIVITY_ROOM = "activity_room", _("activity room")
    FIRE_LANE = "fire_lane", _("fire lane")
    PARKING = "parking", _("parking")
    FACADE = "facade", _("facade")
    ROOF_WATERPROOFING = "roof_waterproofing", _("roof waterproofing")
    # Counted in the national return's effects (oversight.statistics.rules.EFFECT_SOURCES).
    EV_CHARGING = "ev_charging", _("EV charging points")
    ELDERLY_CARE = "elderly_care", _("elderly-care facility")
    CHILDCARE = "childcare", _("childcare facility")
    COMMUNITY_SERVICE = "community_service", _("other community service facility")
    OTHER = "other", _("other")


class Unit(models.TextChoices):
    PLACE = "place", _("places (处)")
    SQUARE_METRE = "m2", _("m²")
    METRE = "m", _("m")
    HOUSEHOLD = "household", _("households (户)")
    BUILDING = "building", _("buildings (栋)")
    MACHINE = "machine", _("units (台)")
    KILOMETRE = "km", _("km (公里)")
    ELEVATOR = "elevator", _("elevators (部)")
    PIECE = "piece", _("pieces (个)")


class DayKind(models.TextChoices):
    """An exception to the Monday-to-Friday week in the official holiday notice."""

    HOLIDAY = "holiday", _("holiday (no work)")
    WORKDAY = "workday", _("make-up working day (调休上班)")


class RectificationSource(models.TextChoices):
    """Where a problem to fix came from; one register (整改台账) serves every source."""

    WEEKLY_MEETING = "weekly_meeting", _("weekly meeting")
    DAILY_LOG = "daily_log", _("daily log")
    SUPERVISION = "supervision", _("supervision")
    INSPECTION = "inspection", _("district inspection")
    OPINION = "opinion", _("residents' opinion")


class RaisedBy(models.TextChoices):
    """The level that raised a problem (三级监督, the hired firm, the third party, the district);
    someone of that level verifies the fix before the problem is closed."""

    STREET = "street", _("street (街道)")
    COMMUNITY = "community", _("community (社区)")
    RESIDENTS = "residents", _("residents' supervision group (居民监督小组)")
    FIRM = "firm", _("supervision firm (监理)")
    THIRD_PARTY = "third_party", _("third party (第三方)")
    DISTRICT = "district", _("district inspection (区督导)")


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("open")
    RECTIFYING = "rectifying", _("being fixed")
    SUBMITTED = "submitted", _("submitted for verification")
    SENT_BACK = "sent_back", _("sent back")
    CLOSED = "closed", _("resolved")


class ReportKind(models.TextChoices):
    WEEKLY = "weekly", _("weekly report (周报)")
    MONTHLY = "monthly", _("monthly summary (月总结)")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be built")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")

"""What the supervision tests share: a record filed through the service, with two items passed
and the failed ones named."""

from common import clock
from oversight.supervision import services as svc

TODAY = clock.today()


def _checks(*failed):
    """Two items passed, and one failed item per text in ``failed``."""
    rows = [{"item": "施工围挡与安全防护", "passed": True, "note": ""},
            {"item": "消防通道畅通", "passed": True, "note": ""}]  # fmt: skip
    rows += [{"item": f"第{i}项", "passed": False, "note": text} for i, text in enumerate(failed)]
    return rows


def _file(world, who="street_staff", level="street", compound=None, checks=None, **extra):
    return svc.record_create(
        user=world.users[who],
        compound=compound or world.a1,
        level=level,
        date=TODAY,
        inspectors="王强（街道城管科）",
        checks=checks if checks is not None else _checks("楼道粉刷空鼓"),
        owner="张伟",
        **extra,
    )

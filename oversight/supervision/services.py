"""Supervision records and the residents' supervision groups: writes. A failed check raises a
problem in the one register through progress.services, with the record's level, so that level
verifies the fix. The supervision panel of a compound's page and the supervision section of
its public page are registered here (OversightConfig.ready() imports this module); the reads
are in selectors.py."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.rules import REASON_NEEDED, has_reason
from compounds.panels import Panel
from compounds.panels import register as register_panel
from compounds.permissions import require_object_perm
from compounds.roles import Role
from compounds.services import apply_fields, require_in_scope, require_perm, save_validated
from progress import services as progress_services
from progress.choices import RaisedBy, RectificationSource
from progress.permissions import role_names

from ..disclosure.sections import Section, register_section
from . import rules, selectors
from .choices import SupervisionKind
from .models import SupervisionCheck, SupervisionGroupMember, SupervisionPhoto, SupervisionRecord

# A problem a check raises is due this many days after the check, unless the record says.
DEFAULT_FIX_DAYS = 7


# --- Writes -----------------------------------------------------------------------------------


def _require_filing(user, record: SupervisionRecord):
    """Refuse a record at a level the user does not file at, or of a compound outside the
    user's scope; a resident supervisor files only for the group they are a member of."""
    if user is None:
        return
    require_in_scope(
        user,
        record.compound,
        "compound",
        _("You may only file supervision records for compounds you work on."),
    )
    require_object_perm(
        user,
        "oversight.add_supervisionrecord",
        record,
        _("Your role may not file supervision records."),
    )
    if record.level not in selectors.filing_levels_of(user):
        raise ValidationError(
            {
                "level": _("Your role does not file records as “%(level)s”.")
                % {"level": record.get_level_display()}
            }
        )
    roles = role_names(user)
    if Role.RESIDENT_SUPERVISOR.value in roles and not user.is_superuser:
        member = SupervisionGroupMember.objects.filter(
            compound=record.compound, user=user, active=True
        ).exists()
        if not member:
            raise ValidationError(
                {
                    "compound": _(
                        "You are not a member of this compound's residents' supervision "
                        "group: file records for your own compound only."
                    )
                }
            )


@transaction.atomic
def record_create(
    *,
    user,
    compound,
    level: str,
    date,
    inspectors: str,
    checks,
    kind: str = SupervisionKind.ROUTINE,
    findings: str = "",
    photos=(),
    owner: str = "",
    responsible_unit: str = "",
    deadline: datetime.date | None = None,
) -> SupervisionRecord:
    """File a supervision record with its checks (``checks``: dicts of item, passed, note).
    Each failed check raises a problem in the register at the record's level, owned by
    ``owner`` (the compound's person in charge by default) and due by ``deadline`` (a week
    after the check by default)."""
    record = SupervisionRecord(
        compound=compound, level=level, kind=kind, date=date, inspectors=inspectors,
        findings=findings, recorded_by=user if user is not None and user.is_authenticated
        else None,
    )  # fmt: skip
    _require_filing(user, record)
    checks = [check for check in checks if str(check.get("item", "")).strip()]
    if not checks:
        raise ValidationError({"checks": _("Record at least one quality item.")})
    errors = {
        f"check_{order}": [rules.FAILED_WITHOUT_NOTE]
        for order, data in enumerate(checks, start=1)
        if rules.needs_note(passed=bool(data.get("passed")), note=str(data.get("note", "")))
    }
    if rules.fix_due_before_check(date=date, deadline=deadline):
        errors["deadline"] = [rules.FIX_DUE_BEFORE_CHECK]
    if errors:
        raise ValidationError(errors)
    save_validated(record, user=user)
    failed = [check for check in checks if not check.get("passed")]
    owner = owner.strip() or compound.person_in_charge or ""
    if failed and not owner:
        raise ValidationError(
            {"owner": _("Name who fixes what failed: the compound has no person in charge.")}
        )
    due = deadline or date + datetime.timedelta(days=DEFAULT_FIX_DAYS)
    errors = {}
    for order, data in enumerate(checks, start=1):
        check = SupervisionCheck(
            record=record,
            order=order,
            item=str(data["item"]).strip(),
            passed=bool(data.get("passed")),
            note=str(data.get("note", "")).strip(),
        )
        try:
            save_validated(check, user=user)
        except ValidationError as error:
            errors[f"check_{order}"] = error.messages
            continue
        if not check.passed:
            check.rectification = progress_services.rectification_create(
                user=user,
                source=RectificationSource.SUPERVISION,
                level=record.level,
                origin=check,
                compound=compound,
                description=f"{check.item}：{check.note}",
                owner=owner,
                responsible_unit=responsible_unit or _("builder"),
                deadline=due,
            )
            save_validated(check, user=user)
    if errors:
        raise ValidationError(errors)
    for number, content in enumerate(photos, start=1):
        photo = SupervisionPhoto(record=record)
        photo._history_user = user
        photo.image.save(f"{number}.jpg", content, save=True)
    return record


@transaction.atomic
def record_update(
    *, record: SupervisionRecord, user, reason: str = "", **fields
) -> SupervisionRecord:
    """Correct a record's date, inspectors or findings, with the reason (required) kept in its
    history; its level, compound and checks stay (a check that raised a problem is followed
    there)."""
    require_perm(user, "oversight.change_supervisionrecord", record)
    if not has_reason(reason):
        raise ValidationError({"change_reason": REASON_NEEDED})
    for name in ("compound", "level", "kind", "recorded_by"):
        fields.pop(name, None)
    apply_fields(record, fields)
    return save_validated(record, user=user, reason=reason.strip())


@transaction.atomic
def member_create(*, user, compound, account=None, **fields) -> SupervisionGroupMember:
    """Add a member to a compound's group; ``account`` is the member's own login, if any."""
    member = SupervisionGroupMember(compound=compound, user=account, **fields)
    require_in_scope(
        user, member, "compound", _("You may only keep the groups of compounds you work on.")
    )
    return save_validated(member, user=user)


@transaction.atomic
def member_update(
    *, member: SupervisionGroupMember, user, account=None, **fields
) -> SupervisionGroupMember:
    require_perm(user, "oversight.change_supervisiongroupmember", member)
    fields.pop("compound", None)
    apply_fields(member, {**fields, "user": account})
    return save_validated(member, user=user)


# --- Public disclosure ------------------------------------------------------------------------


def public_supervision_section(compound) -> dict | None:
    """The supervision summary of a compound's public page (全程监督, 及时公开): checks by level
    with the last date, items checked and failed, the problems they raised and how many are
    fixed, and whether the third party's acceptance passed. Counts only: no inspector's name,
    no finding's text."""
    from progress.models import Rectification

    by_level = list(
        SupervisionRecord.objects.filter(compound_id=compound.pk)
        .values("level")
        .annotate(
            records=Count("pk", distinct=True),
            last=Max("date"),
            items=Count("checks", distinct=True),
            failed=Count("checks", filter=Q(checks__passed=False), distinct=True),
        )
        .order_by("level")
    )
    if not by_level:
        return None
    labels = dict(RaisedBy.choices)
    order = {value: index for index, value in enumerate(RaisedBy.values)}
    rows = [
        {
            "label": str(labels.get(row["level"], row["level"])),
            "records": row["records"],
            "last": row["last"],
            "items": row["items"],
            "failed": row["failed"],
        }
        for row in sorted(by_level, key=lambda row: order.get(row["level"], 0))
    ]
    problems = Rectification.objects.filter(
        compound_id=compound.pk, source=RectificationSource.SUPERVISION
    ).aggregate(raised=Count("pk"), fixed=Count("pk", filter=Q(status="closed")))
    return {
        "levels": rows,
        "raised": problems["raised"],
        "fixed": problems["fixed"],
        "accepted": selectors.passed_acceptance(compound).exists(),
    }


register_section(
    Section(
        "supervision",
        "oversight/supervision/public_section.html",
        public_supervision_section,
        order=70,
        title=gettext_lazy("Supervision"),
    )
)


# --- The compound page ------------------------------------------------------------------------


def compound_panel(compound, user):
    """The supervision panel of a compound's page: its checks, its open problems and its
    residents' supervision group, with the way to file a check."""
    from progress.models import Rectification
    from progress.rules import UNRESOLVED

    if not user.has_perm("oversight.view_supervisionrecord"):
        return None
    records = SupervisionRecord.objects.filter(compound=compound)
    problems = Rectification.objects.filter(compound=compound, status__in=UNRESOLVED)
    return {
        "compound": compound,
        "records": records.count(),
        "last": records.aggregate(last=Max("date"))["last"],
        "open_problems": problems.count(),
        "members": SupervisionGroupMember.objects.filter(compound=compound, active=True).count(),
        "can_file": user.has_perm("oversight.add_supervisionrecord")
        and bool(selectors.filing_levels_of(user)),
        "can_view_problems": user.has_perm("progress.view_rectification"),
    }


register_panel(Panel("oversight/supervision/compound_panel.html", compound_panel, order=25))

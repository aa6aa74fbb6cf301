"""Writes of the statistics area: keeping a street's imported return (逐级汇总)."""

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from compounds.selectors import in_scope
from compounds.services import save_validated

from . import rules
from .models import ImportedReturn
from .returns_import import ReturnRefused, read_return

STREET_LEVEL = "street"


def _require_may_import(user, street) -> None:
    if user is None:
        return
    if not user.has_perm("oversight.add_importedreturn") or not in_scope(user, street):
        raise PermissionDenied(_("Your role may not import this street's return."))


@transaction.atomic
def return_import(
    *, user, street, period_kind: str, period: rules.Period, data: bytes, file_name: str
) -> ImportedReturn:
    """Keep ``data``, a return file, as ``street``'s return for ``period``; refuse it with the
    reasons (ReturnRefused) when it is not a return, or not this street's or this period's."""
    _require_may_import(user, street)
    read = read_return(data)
    meta = read.meta
    errors = []
    if meta["level"] != STREET_LEVEL:
        errors.append(
            _("This is a return of a whole %(level)s; only one street's return can be imported.")
            % {"level": rules.LEVELS.get(meta["level"], meta["level"] or "?")}
        )
    if meta["street"] != street.name:
        errors.append(
            _("This return is the street “%(found)s”'s, not “%(chosen)s”'s.")
            % {"found": meta["street"] or "?", "chosen": street.name}
        )
    for key, known in (("district", street.district), ("city", street.city)):
        if meta[key] and known and meta[key] != known:
            errors.append(
                _("This return is of “%(found)s”, but the street “%(street)s” is in “%(known)s”.")
                % {"found": meta[key], "street": street.name, "known": known}
            )
    found = (meta["period_kind"], read.period_start, read.period_end)
    if found != (period_kind, period.start, period.end):
        errors.append(
            _("This return covers %(found_start)s to %(found_end)s; the period chosen is "
              "%(start)s to %(end)s.")
            % {"found_start": read.period_start, "found_end": read.period_end,
               "start": period.start, "end": period.end}
        )  # fmt: skip
    if errors:
        raise ReturnRefused(errors)
    kept = ImportedReturn(
        street=street,
        period_kind=period_kind,
        period_start=period.start,
        period_end=period.end,
        figures=read.figures,
        origin=(meta["portal"] or _("not said"))[:200],
        generated_at=read.generated_at,
        file_name=(file_name or "return.xlsx")[-200:],
        imported_by=user if user is not None and user.is_authenticated else None,
    )
    kept.file.save("return.xlsx", ContentFile(data), save=False)
    return save_validated(kept, user=user, reason=gettext_noop("imported from a return file"))

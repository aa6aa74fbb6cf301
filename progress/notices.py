"""The in-app notices (and e-mails) the beat sends staff each day: a missing daily log, an
overdue milestone, an overdue problem."""

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from compounds.models import Assignment, Compound
from compounds.selectors import staff_covering

from . import rules
from .models import Notice, Rectification
from .selectors import compound_schedule, compounds_without_log, working_calendar


def notify(*, user, key: str, message: str, url: str = "") -> bool:
    """Send ``user`` an in-app notice once per ``key`` (and an e-mail where mail is set up);
    return whether it is new."""
    notice, created = Notice.objects.get_or_create(
        user=user, key=key, defaults={"message": message, "url": url}
    )
    if created and user.email and settings.EMAIL_HOST:
        send_mail(str(message), f"{message}\n{url}", None, [user.email], fail_silently=True)
    return created


def remind_missing_logs(*, day) -> int:
    """Remind the staff of each compound under construction with no log on ``day``."""
    sent = 0
    for compound in compounds_without_log(user=None, day=day):
        users = {
            a.user
            for a in Assignment.objects.select_related("user").filter(
                Q(community=compound.community_id) | Q(compound=compound.pk)
            )
            if a.user.is_active and a.user.has_perm("progress.add_dailylog")
        }
        for user in users:
            sent += notify(
                user=user,
                key=f"missing-log:{compound.pk}:{day}",
                message=_("%(compound)s has no daily log for %(day)s yet.")
                % {"compound": compound.name, "day": day},
                url=reverse("progress:dailylog_create", kwargs={"compound_pk": compound.pk}),
            )
    return sent


def notify_overdue_milestones(*, today) -> int:
    """Tell the staff of each compound about its milestones that went overdue."""
    calendar = working_calendar()
    sent = 0
    compounds = Compound.objects.filter(milestones__isnull=False).distinct()
    for compound in compounds.select_related("plan", "community"):
        rows = compound_schedule(compound=compound, calendar=calendar, today=today)["rows"]
        late = [r for r in rows if r.overdue]
        if not late:
            continue
        users = {
            a.user for a in Assignment.objects.select_related("user").filter(
                Q(community=compound.community_id) | Q(street=compound.community.street_id)
            ) if a.user.is_active
        }  # fmt: skip
        for user in users:
            for row in late:
                sent += notify(
                    user=user,
                    key=f"overdue-milestone:{row.milestone.pk}",
                    message=_("%(compound)s: milestone “%(name)s” is overdue.")
                    % {"compound": compound.name, "name": row.milestone.name},
                    url=reverse("progress:compound_progress", kwargs={"pk": compound.pk}),
                )
    return sent


def remind_overdue_rectifications(*, today) -> int:
    """Each day, tell the staff who answer for each overdue problem (assigned to its compound,
    community or street, and allowed to work on it) that it is past its deadline."""
    sent = 0
    overdue = Rectification.objects.filter(
        status__in=rules.UNRESOLVED, deadline__lt=today
    ).select_related("compound__community")
    for problem in overdue:
        for user in staff_covering(
            problem.compound, perm="progress.change_rectification", obj=problem
        ):
            sent += notify(
                user=user,
                key=f"overdue-rectification:{problem.pk}:{today}",
                message=_("%(compound)s: “%(what)s” was due on %(deadline)s and is not fixed.")
                % {
                    "compound": problem.compound.name,
                    "what": problem.description[:40],
                    "deadline": problem.deadline,
                },
                url=problem.get_absolute_url(),
            )
    return sent

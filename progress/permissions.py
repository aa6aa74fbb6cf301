"""Object permissions of the progress records: the role's permission, within the user's scope
(the scope of the record's compound)."""

import rules

from compounds.permissions import add_scoped_permissions, role_grants
from compounds.selectors import register_scope

from .models import DailyLog, Milestone, Rectification, Report, WeeklyMeeting, WorkItem

register_scope(WorkItem)
register_scope(Milestone)
register_scope(DailyLog)
register_scope(Rectification)
register_scope(WeeklyMeeting, {"street": "street_id"})
register_scope(Report, {"street": "street_id"})
add_scoped_permissions(
    "progress",
    ("workitem", "milestone", "dailylog", "weeklymeeting", "rectification", "report"),
)
# The holiday table belongs to no compound: whoever's role may read it reads every day of it.
rules.add_perm("progress.view_calendarday", role_grants("progress.view_calendarday"))

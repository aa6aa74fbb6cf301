"""Object permissions of the progress records: the role's permission, within the user's scope
(the scope of the record's compound)."""

from compounds.permissions import add_scoped_permissions
from compounds.selectors import register_scope

from .models import Milestone, WorkItem

register_scope(WorkItem)
register_scope(Milestone)
add_scoped_permissions("progress", ("workitem", "milestone"))

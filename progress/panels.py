"""The progress panel on a compound's page."""

from . import selectors


def compound_panel(compound, user):
    if not user.has_perm("progress.view_workitem"):
        return None
    items = selectors.compound_work_items(compound=compound)
    return {
        "compound": compound,
        "progress": selectors.compound_progress(items=items),
        "item_count": len(items),
        "milestone_count": compound.milestones.count(),
    }

"""The residents' panel on a compound's page: what its residents asked for most, where their
opinions stand, and the way to the compound's poster, elevator additions, surveys and public
page. Registered from OversightConfig.ready()."""

from . import selectors

TOP_TOPICS = 3


def compound_panel(compound, user):
    if not user.has_perm("oversight.view_opinion"):
        return None
    tally = selectors.compound_tally(compound)
    return {
        "compound": compound,
        "total": tally["total"],
        "top_topics": tally["asked"][:TOP_TOPICS],
        "by_status": [row for row in tally["by_status"] if row["count"]],
        "can_record": user.has_perm("oversight.add_opinion", compound),
        "can_view_elevators": user.has_perm("oversight.view_elevatorproject"),
        "can_view_surveys": user.has_perm("oversight.view_survey"),
    }

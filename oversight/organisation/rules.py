"""The organisation's pure rules: whose party members must name their firm, which ledger lines
belong to one community, and the participation figures counted from the ledger. No database."""

from .choices import ParticipantKind, PartyUnit

# Units whose party members come from a firm, which must then be named.
FIRM_UNITS = (PartyUnit.DESIGN_FIRM, PartyUnit.BUILDER, PartyUnit.PROPERTY_COMPANY)
# Ledger lines that are the people of one community.
COMMUNITY_KINDS = (
    ParticipantKind.COMMITTEE,
    ParticipantKind.BUILDING_HEAD,
    ParticipantKind.ACTIVE_RESIDENT,
)


def participation_figures(rows) -> dict:
    """Count the participation ledger. ``rows`` are (kind, community id, people, red property)
    tuples. Communities are those whose committees take part; companies, teams and red
    companies are counted by line; building heads and active residents by people; ``people``
    is everyone the ledger brings."""
    figures = {
        "communities": set(),
        "property_companies": 0,
        "red_property_companies": 0,
        "building_heads": 0,
        "volunteer_teams": 0,
        "volunteers": 0,
        "active_residents": 0,
        "people": 0,
    }
    for kind, community_id, people, red in rows:
        figures["people"] += people
        if kind == "committee" and community_id is not None:
            figures["communities"].add(community_id)
        elif kind == "property_company":
            figures["property_companies"] += 1
            figures["red_property_companies"] += int(bool(red))
        elif kind == "building_head":
            figures["building_heads"] += people
        elif kind == "volunteer_team":
            figures["volunteer_teams"] += 1
            figures["volunteers"] += people
        elif kind == "active_resident":
            figures["active_residents"] += people
    figures["communities"] = len(figures["communities"])
    return figures

"""The participation figures, counted from the ledger's lines: a pure rule, without a
database."""

from oversight.organisation import rules


def test_figures_count_communities_by_their_committees_and_companies_by_line():
    """Communities are those whose committees take part (once each, whatever the lines);
    property companies, red ones and volunteer teams count by line; building heads, active
    residents and volunteers by people; everyone's people add up."""
    rows = [
        ("committee", 1, 11, False),
        ("committee", 2, 9, False),
        ("committee", 2, 3, False),  # a second line of the same community
        ("committee", None, 5, False),  # no community: people, but no community
        ("property_company", 1, 6, True),
        ("property_company", 2, 4, False),
        ("building_head", 1, 40, False),
        ("building_head", 2, 30, False),
        ("volunteer_team", 1, 25, False),
        ("active_resident", 2, 19, False),
    ]
    assert rules.participation_figures(rows) == {
        "communities": 2,
        "property_companies": 2,
        "red_property_companies": 1,
        "building_heads": 70,
        "volunteer_teams": 1,
        "volunteers": 25,
        "active_residents": 19,
        "people": 152,
    }


def test_figures_of_an_empty_ledger_are_zero():
    figures = rules.participation_figures([])
    assert figures == dict.fromkeys(figures, 0)

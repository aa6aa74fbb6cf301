"""Permission-matrix entries of oversight: organisation (merged by
tests/test_permission_matrix.py).

The organisation is the street's: street staff keep it; community staff (either community of
street 甲) and the district inspector read it; the resident supervisor does not see it. The
records below are street 甲's, so the other community reads them too. The helpers also serve
the organisation tests (tests/oversight/organisation/test_*.py): each finds or makes its
record, so calling it twice is safe.
"""

import datetime

from oversight.models import (
    CampaignActivity,
    Participant,
    PartyGroup,
    PartyMember,
    TaskForce,
    TaskForceMember,
)
from tests.matrix import expect

VIEW_PAGE = expect(302, 403, 200, 200, 200, 403, 200, 200)
EDIT_PAGE = expect(302, 403, 200, 403, 403, 403, 403, 200)
WRITTEN = expect(302, 403, 302, 403, 403, 403, 403, 302)
API_VIEW = expect(403, 403, 200, 200, 200, 403, 200, 200)
API_CREATED = expect(403, 403, 201, 403, 403, 403, 403, 201)
API_CHANGED = expect(403, 403, 200, 403, 403, 403, 403, 200)


def team_a(w):
    """Street 甲's community governance team, serving a1, with one member."""
    team, created = TaskForce.objects.get_or_create(
        street=w.street_a,
        name="甲街道社区治理专班",
        defaults={"kind": "community_governance", "duties": "入户走访收集意见"},
    )
    if created:
        team.compounds.set([w.a1])
    return team


def team_member_a(w):
    member, _created = TaskForceMember.objects.get_or_create(
        task_force=team_a(w), name="郑晓燕", defaults={"position": "组长"}
    )
    return member


def group_a(w):
    """Street 甲's temporary party branch, founded May 2020, covering a1."""
    group, created = PartyGroup.objects.get_or_create(
        street=w.street_a,
        name="甲一片区临时党支部",
        defaults={
            "kind": "temporary_branch",
            "community": w.community_a1,
            "founded_on": datetime.date(2020, 5, 1),
            "founded_precision": "month",
        },
    )
    if created:
        group.compounds.set([w.a1])
    return group


def party_member_a(w):
    member, _created = PartyMember.objects.get_or_create(
        group=group_a(w), name="梁文静", defaults={"unit_kind": "community", "position": "书记"}
    )
    return member


def participant_a(w):
    """The committees of 甲一 in street 甲's ledger."""
    participant, _created = Participant.objects.get_or_create(
        street=w.street_a,
        kind="committee",
        name="甲一社区两委",
        defaults={"community": w.community_a1, "people": 11},
    )
    return participant


def activity_a(w):
    activity, _created = CampaignActivity.objects.get_or_create(
        street=w.street_a,
        title="楼道堆物清理",
        defaults={"date": datetime.date(2020, 5, 23), "participants": 40},
    )
    return activity


def _team_post(w):
    return {
        "street": w.street_a.pk,
        "kind": "city_management",
        "name": "甲街道城市管理专班",
        "duties": "拆除违建",
        "compounds": [w.a1.pk, w.a2.pk],
    }


def _group_post(w):
    return {
        "street": w.street_a.pk,
        "kind": "temporary_branch",
        "community": w.community_a2.pk,
        "name": "甲二片区临时党支部",
        "founded_on": "2020-06-15",
        "founded_precision": "month",
        "compounds": [w.a2.pk],
    }


def _participant_post(w):
    return {
        "street": w.street_a.pk,
        "kind": "property_company",
        "community": w.community_a2.pk,
        "name": "万象美物业",
        "people": 6,
        "red_property": True,
    }


def _activity_post(w):
    return {"street": w.street_a.pk, "date": "2020-06-06", "title": "卫生死角清运",
            "participants": 80}  # fmt: skip


# name: (kwargs from the world, GET expectation, write method, write data, write expectation)
MATRIX = {
    "oversight:taskforce_list": (None, VIEW_PAGE, None, None, None),
    "oversight:taskforce_detail": (lambda w: {"pk": team_a(w).pk}, VIEW_PAGE, None, None, None),
    "oversight:taskforce_create": (None, EDIT_PAGE, "post", _team_post, WRITTEN),
    "oversight:taskforce_update": (
        lambda w: {"pk": team_a(w).pk},
        EDIT_PAGE,
        "post",
        lambda w: {**_team_post(w), "name": "甲街道社区治理专班", "kind": "community_governance"},
        WRITTEN,
    ),
    "oversight:taskforce_member_create": (
        lambda w: {"pk": team_a(w).pk},
        EDIT_PAGE,
        "post",
        lambda w: {"name": "曹文涛", "unit": "甲一社区", "position": "成员"},
        WRITTEN,
    ),
    "oversight:taskforce_member_update": (
        lambda w: {"pk": team_member_a(w).pk},
        EDIT_PAGE,
        "post",
        lambda w: {"name": "郑晓燕", "position": "副组长", "duty": "意见收集"},
        WRITTEN,
    ),
    "oversight:partygroup_list": (None, VIEW_PAGE, None, None, None),
    "oversight:partygroup_detail": (
        lambda w: {"pk": group_a(w).pk},
        VIEW_PAGE,
        None,
        None,
        None,
    ),  # fmt: skip
    "oversight:partygroup_create": (None, EDIT_PAGE, "post", _group_post, WRITTEN),
    "oversight:partygroup_update": (
        lambda w: {"pk": group_a(w).pk},
        EDIT_PAGE,
        "post",
        lambda w: {**_group_post(w), "name": "甲一片区临时党支部", "compounds": [w.a1.pk]},
        WRITTEN,
    ),
    "oversight:partymember_create": (
        lambda w: {"pk": group_a(w).pk},
        EDIT_PAGE,
        "post",
        lambda w: {"name": "许志远", "unit_kind": "design_firm", "unit": "华城设计院"},
        WRITTEN,
    ),
    "oversight:partymember_update": (
        lambda w: {"pk": party_member_a(w).pk},
        EDIT_PAGE,
        "post",
        lambda w: {"name": "梁文静", "unit_kind": "community", "position": "副书记"},
        WRITTEN,
    ),
    "oversight:participation": (None, VIEW_PAGE, None, None, None),
    "oversight:participant_create": (None, EDIT_PAGE, "post", _participant_post, WRITTEN),
    "oversight:participant_update": (
        lambda w: {"pk": participant_a(w).pk},
        EDIT_PAGE,
        "post",
        lambda w: {
            "kind": "committee",
            "community": w.community_a1.pk,
            "name": "甲一社区两委",
            "people": 12,
        },  # fmt: skip
        WRITTEN,
    ),
    "oversight:campaignactivity_list": (None, VIEW_PAGE, None, None, None),
    "oversight:campaignactivity_create": (None, EDIT_PAGE, "post", _activity_post, WRITTEN),
    "oversight:campaignactivity_update": (
        lambda w: {"pk": activity_a(w).pk},
        EDIT_PAGE,
        "post",
        lambda w: {"date": "2020-05-23", "title": "楼道堆物清理", "participants": 45},
        WRITTEN,
    ),
    # The API: the same grants; members are nested read-only.
    "api:taskforce-list": (
        None,
        API_VIEW,
        "post",
        lambda w: {**_team_post(w), "compounds": [w.a1.pk]},
        API_CREATED,
    ),
    "api:taskforce-detail": (
        lambda w: {"pk": team_a(w).pk},
        API_VIEW,
        "patch",
        lambda w: {"duties": "入户走访、议事协商"},
        API_CHANGED,
    ),
    "api:partygroup-list": (None, API_VIEW, "post", _group_post, API_CREATED),
    "api:partygroup-detail": (
        lambda w: {"pk": group_a(w).pk},
        API_VIEW,
        "patch",
        lambda w: {"description": "拆违、管网入地"},
        API_CHANGED,
    ),
    "api:participant-list": (None, API_VIEW, "post", _participant_post, API_CREATED),
    "api:participant-detail": (
        lambda w: {"pk": participant_a(w).pk},
        API_VIEW,
        "patch",
        lambda w: {"people": 13},
        API_CHANGED,
    ),
    "api:campaignactivity-list": (None, API_VIEW, "post", _activity_post, API_CREATED),
    "api:campaignactivity-detail": (
        lambda w: {"pk": activity_a(w).pk},
        API_VIEW,
        "patch",
        lambda w: {"participants": 42},
        API_CHANGED,
    ),
    "api:participationfigures-detail": (
        lambda w: {"pk": w.street_a.pk},
        API_VIEW,
        None,
        None,
        None,
    ),
}

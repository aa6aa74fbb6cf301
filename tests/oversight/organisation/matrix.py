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
from tests.matrix import (
    API_LIST,
    API_STREET_CHANGED,
    API_STREET_CREATED,
    STAFF_PAGE,
    STREET_EDIT_PAGE,
    STREET_EDITED,
    Page,
    Write,
)

# Every staff role reads the organisation but the resident supervisor.
VIEW_PAGE = STAFF_PAGE | {"supervisor": 403}
API_VIEW = API_LIST | {"supervisor": 403}


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


MATRIX = {
    "oversight:taskforce_list": Page(get=VIEW_PAGE),
    "oversight:taskforce_detail": Page(url_kwargs=lambda w: {"pk": team_a(w).pk}, get=VIEW_PAGE),
    "oversight:taskforce_create": Page(
        get=STREET_EDIT_PAGE, write=Write("post", _team_post, STREET_EDITED)
    ),
    "oversight:taskforce_update": Page(
        url_kwargs=lambda w: {"pk": team_a(w).pk},
        get=STREET_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {
                **_team_post(w),
                "name": "甲街道社区治理专班",
                "kind": "community_governance",
            },
            STREET_EDITED,
        ),
    ),
    "oversight:taskforce_member_create": Page(
        url_kwargs=lambda w: {"pk": team_a(w).pk},
        get=STREET_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {"name": "曹文涛", "unit": "甲一社区", "position": "成员"},
            STREET_EDITED,
        ),
    ),
    "oversight:taskforce_member_update": Page(
        url_kwargs=lambda w: {"pk": team_member_a(w).pk},
        get=STREET_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {"name": "郑晓燕", "position": "副组长", "duty": "意见收集"},
            STREET_EDITED,
        ),
    ),
    "oversight:partygroup_list": Page(get=VIEW_PAGE),
    "oversight:partygroup_detail": Page(
        url_kwargs=lambda w: {"pk": group_a(w).pk}, get=VIEW_PAGE
    ),  # fmt: skip
    "oversight:partygroup_create": Page(
        get=STREET_EDIT_PAGE, write=Write("post", _group_post, STREET_EDITED)
    ),
    "oversight:partygroup_update": Page(
        url_kwargs=lambda w: {"pk": group_a(w).pk},
        get=STREET_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {**_group_post(w), "name": "甲一片区临时党支部", "compounds": [w.a1.pk]},
            STREET_EDITED,
        ),
    ),
    "oversight:partymember_create": Page(
        url_kwargs=lambda w: {"pk": group_a(w).pk},
        get=STREET_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {"name": "许志远", "unit_kind": "design_firm", "unit": "华城设计院"},
            STREET_EDITED,
        ),
    ),
    "oversight:partymember_update": Page(
        url_kwargs=lambda w: {"pk": party_member_a(w).pk},
        get=STREET_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {"name": "梁文静", "unit_kind": "community", "position": "副书记"},
            STREET_EDITED,
        ),
    ),
    "oversight:participation": Page(get=VIEW_PAGE),
    "oversight:participant_create": Page(
        get=STREET_EDIT_PAGE, write=Write("post", _participant_post, STREET_EDITED)
    ),
    "oversight:participant_update": Page(
        url_kwargs=lambda w: {"pk": participant_a(w).pk},
        get=STREET_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {
                "kind": "committee",
                "community": w.community_a1.pk,
                "name": "甲一社区两委",
                "people": 12,
            },
            STREET_EDITED,
        ),
    ),
    "oversight:campaignactivity_list": Page(get=VIEW_PAGE),
    "oversight:campaignactivity_create": Page(
        get=STREET_EDIT_PAGE, write=Write("post", _activity_post, STREET_EDITED)
    ),
    "oversight:campaignactivity_update": Page(
        url_kwargs=lambda w: {"pk": activity_a(w).pk},
        get=STREET_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {"date": "2020-05-23", "title": "楼道堆物清理", "participants": 45},
            STREET_EDITED,
        ),
    ),
    # The API: the same grants; members are nested read-only.
    "api:taskforce-list": Page(
        get=API_VIEW,
        write=Write(
            "post", lambda w: {**_team_post(w), "compounds": [w.a1.pk]}, API_STREET_CREATED
        ),
    ),
    "api:taskforce-detail": Page(
        url_kwargs=lambda w: {"pk": team_a(w).pk},
        get=API_VIEW,
        write=Write("patch", lambda w: {"duties": "入户走访、议事协商"}, API_STREET_CHANGED),
    ),
    "api:partygroup-list": Page(get=API_VIEW, write=Write("post", _group_post, API_STREET_CREATED)),
    "api:partygroup-detail": Page(
        url_kwargs=lambda w: {"pk": group_a(w).pk},
        get=API_VIEW,
        write=Write("patch", lambda w: {"description": "拆违、管网入地"}, API_STREET_CHANGED),
    ),
    "api:participant-list": Page(
        get=API_VIEW, write=Write("post", _participant_post, API_STREET_CREATED)
    ),
    "api:participant-detail": Page(
        url_kwargs=lambda w: {"pk": participant_a(w).pk},
        get=API_VIEW,
        write=Write("patch", lambda w: {"people": 13}, API_STREET_CHANGED),
    ),
    "api:campaignactivity-list": Page(
        get=API_VIEW, write=Write("post", _activity_post, API_STREET_CREATED)
    ),
    "api:campaignactivity-detail": Page(
        url_kwargs=lambda w: {"pk": activity_a(w).pk},
        get=API_VIEW,
        write=Write("patch", lambda w: {"participants": 42}, API_STREET_CHANGED),
    ),
    "api:participationfigures-detail": Page(
        url_kwargs=lambda w: {"pk": w.street_a.pk}, get=API_VIEW
    ),
}

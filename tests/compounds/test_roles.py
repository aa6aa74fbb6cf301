"""Roles: the groups' permissions follow compounds/roles.py."""

import pytest

from compounds.roles import NOT_FOR_EVERY_READER, ROLE_PERMISSIONS, Role, role_permissions

pytestmark = pytest.mark.django_db


def _names(role):
    return {f"{p.content_type.app_label}.{p.codename}" for p in role_permissions(role)}


def test_inspectors_read_every_record_but_not_what_is_restricted():
    """A district inspector holds every view_ permission of the portal's apps except the
    rights kept out of the blanket grant, such as residents' names and phones unmasked."""
    names = _names(Role.DISTRICT_INSPECTOR)
    assert "oversight.view_opinion" in names and "progress.view_dailylog" in names
    assert "oversight.view_personal_data" in NOT_FOR_EVERY_READER
    assert not names & NOT_FOR_EVERY_READER
    granted = ROLE_PERMISSIONS[Role.DISTRICT_INSPECTOR]
    assert all(name.split(".", 1)[1].startswith("view_") or name in granted for name in names)
    assert "progress.verify_rectification" in granted  # what the district's inspections raised


def test_staff_who_call_residents_back_hold_the_personal_data_right_by_name():
    """Street and community staff are granted it by name; the administrator holds every
    permission."""
    for role in (Role.STREET_STAFF, Role.COMMUNITY_STAFF, Role.ADMINISTRATOR):
        assert "oversight.view_personal_data" in _names(role)
    assert "oversight.view_personal_data" not in _names(Role.RESIDENT_SUPERVISOR)

"""The stakeholder roles a person answers as, shared by every layer.

A role is chosen on the start page, the join page of a group session and a trainee's case
page (never by default), stored with the assessment as its id, and compared in a group's
results. The ids are stored and written to files, so an id is never renamed or removed:
a new role gets a new id. The pages name each role through ``role_<id>`` in ui.yaml.
"""

from __future__ import annotations

ROLES: tuple[str, ...] = ("resident", "residents_association", "staff", "manager", "partner",
                          "politician", "other")
"""In the order the pages offer them and the group's results list them: a resident; a
residents' association or board (tenant democracy, an association of residents); staff;
a manager; a partner organisation; an elected politician; another role. A steering-group
member answers as what they are (manager, politician, association, partner)."""


def role_order(role: str) -> tuple[int, str]:
    """Sort key: the roles in :data:`ROLES` order, any other id (an older or newer
    workbook's) after them by name."""
    return (ROLES.index(role), "") if role in ROLES else (len(ROLES), role)


RESIDENTS: tuple[str, ...] = ("resident", "residents_association")
"""The roles that speak as residents in the group's disagreement rule (docs/scoring.md):
residents, and their association or board, which the residents elect and which speaks
for them."""
PROFESSIONALS: tuple[str, ...] = ("staff", "manager", "partner")
"""The roles that speak as professionals there: staff, managers and partner
organisations. An elected politician and "other" count in neither: a politician answers
for the voters and the framework, not as a resident or an employee."""


def side(role: str) -> str | None:
    """"residents", "professionals", or None for a role that counts in neither."""
    if role in RESIDENTS:
        return "residents"
    return "professionals" if role in PROFESSIONALS else None

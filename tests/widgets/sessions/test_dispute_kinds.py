"""Issue 18.4 on the page: the facilitator's list of disputed questions shows the 2-against-6
split of residents and managers as a role split, with each role's median; the participants
(who know who the two residents are) do not see it."""

from __future__ import annotations

import re

from readiness.store.sessions import create_session, join_session
from readiness_widgets.sessions.group import MemberSessionPanel
from readiness_widgets.sessions.model import MemberSessionModel
from tests.widgets.sessions.test_model import unlocked_view


def test_the_facilitator_sees_two_residents_against_six_managers(store, framework):
    question = next(q for q in framework.questions if 3 <= q.levels <= 5)
    session, key = create_session(store, framework, project="Norrby", round_name="planning")
    members = []
    for role, level, count in [("resident", 1, 2), ("manager", question.levels, 6)]:
        for _ in range(count):
            member = join_session(store, framework, session.join_code, role=role)
            store.save_answer(framework, member.id, question.id, level)
            members.append(member)
    view = unlocked_view(store, framework, session, key)
    listed = view.results.disagreement.value
    item = listed[listed.index(f'data-question="{question.id}"'):]
    assert re.findall(r'data-kind="(\w+)"', item)[:1] == ["roles"]
    assert f"median level 1 among residents, {question.levels} among professionals" in item
    assert re.findall(r'data-median-role="(\w+)"', item)[:2] == ["resident", "manager"]
    view.model.set_revealed(True)
    member = MemberSessionModel(framework, store, session, members[-1].id, "manager")
    shared = MemberSessionPanel(member, "en").results.disagreement.value
    assert f'data-question="{question.id}"' not in shared
    assert 'data-median-role="resident"' not in shared

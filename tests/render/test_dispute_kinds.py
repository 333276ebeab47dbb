"""The disagreement list says which rule calls each question disputed, and each role's median
level, within the minimum group size wherever participants see it (docs/scoring.md)."""

from __future__ import annotations

import re

from readiness.render.html_group import disagreement_html
from readiness.scoring.aggregate import Member, group_profile, shared_profile


def _split(mini, residents: int, managers: int):
    """``residents`` residents at level 1 and ``managers`` managers at level 4."""
    return group_profile(mini, [Member("resident", {"alpha.one": 1})] * residents
                         + [Member("manager", {"alpha.one": 4})] * managers)


def _kinds(html: str) -> list[str]:
    return re.findall(r'data-kind="(\w+)"', html)


def test_the_facilitator_list_names_the_role_split_and_the_role_medians(mini):
    html = disagreement_html(mini, _split(mini, 2, 6), "en")
    assert _kinds(html) == ["roles"]
    assert ("Residents and professionals apart: median level 1 among residents, 4 among "
            "professionals.") in html
    medians = re.findall(r'data-median-role="(\w+)">([^<]*)<', html)
    assert medians == [("resident", "Resident 1"), ("manager", "Manager 4")]
    assert "Median level by role:" in html
    # The rule says every kind, with the workbook's numbers.
    assert "fewer than 70% of the answers" in html and "at least 2 of each" in html


def test_each_language_names_the_kinds(mini):
    # 1 1 | 2 3 3 3 4 4: residents' median 1, staff's 3; 5 of 8 (62.5 %) on levels 3–4 at
    # most; quartiles 1.75 and 3.25.
    group = group_profile(mini, [Member("staff", {"alpha.one": v}) for v in (2, 3, 3, 3, 4, 4)]
                          + [Member("resident", {"alpha.one": 1})] * 2)
    for language, words in [("en", ("at most 63%", "median level 1 among residents")),
                            ("sv", ("högst 63 %", "mediannivå 1 bland de boende")),
                            ("da", ("højst 63 %", "medianniveau 1 blandt beboerne"))]:
        html = disagreement_html(mini, group, language)
        assert _kinds(html) == ["spread", "roles", "agreement"], language
        assert all(word in html for word in words), language


def test_participants_see_no_role_kind_or_median_of_a_role_below_the_minimum(mini):
    html = disagreement_html(mini, shared_profile(_split(mini, 2, 6), 3), "en")
    assert "data-kind" not in html and 'data-question="alpha.one"' not in html
    # Three residents: their median and the split may be shown.
    html = disagreement_html(mini, shared_profile(_split(mini, 3, 5), 3), "en")
    assert "roles" in _kinds(html)
    assert re.findall(r'data-median-role="(\w+)"', html) == ["resident", "manager"]


def test_the_group_reports_show_the_role_split_to_the_facilitator_only(store, framework):
    from readiness.exchange.report_data import from_sessions
    from readiness.render.report import render_html
    from readiness.store.sessions import create_session, join_session

    question = next(q for q in framework.questions if 3 <= q.levels <= 5)
    session, _key = create_session(store, framework, project="Norrby", round_name="planning")
    for role, level, count in [("resident", 1, 2), ("manager", question.levels, 6)]:
        for _ in range(count):
            member = join_session(store, framework, session.join_code, role=role)
            store.save_answer(framework, member.id, question.id, level)
    data = from_sessions(store, [session.id])
    facilitator = render_html(framework, data, "en", with_names=True)
    item = facilitator[facilitator.index(f'data-question="{question.id}"'):]
    assert re.findall(r'data-kind="(\w+)"', item)[:1] == ["roles"]
    assert 'data-median-role="resident"' in item
    shared = render_html(framework, data, "en")
    assert 'data-kind="roles"' not in shared and 'data-median-role="resident"' not in shared

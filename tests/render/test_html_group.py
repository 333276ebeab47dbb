"""Group HTML fragments."""

from __future__ import annotations

from readiness.render.html_group import counts_html


def test_a_question_whose_counts_are_all_hidden_shows_no_column_of_dashes(framework):
    question = framework.questions[0]
    values = [option.value for option in question.options]
    assert counts_html(question, dict.fromkeys(values), 5, "en") == ""
    shown = counts_html(question, {**dict.fromkeys(values), values[0]: 3}, 5, "en")
    assert shown.count("<tr>") == len(values) and "rw-hidden-count" in shown


def _disputed_group(mini, residents_level=1, staff_level=4):
    from readiness.scoring.aggregate import Member, group_profile

    residents = [Member("resident", {"alpha.one": residents_level, "alpha.two": 1})
                 for _ in range(3)]
    staff = [Member("staff", {"alpha.one": staff_level, "alpha.two": 4}) for _ in range(3)]
    manager = [Member("manager", {"alpha.one": 2, "alpha.two": 2})]
    return group_profile(mini, residents + staff + manager)


def test_a_disputed_question_shows_each_role_s_counts_beside_its_prompt(mini):
    import re

    from readiness.render.html_group import disagreement_html

    html = disagreement_html(mini, _disputed_group(mini), "en")
    item = html[html.index('data-question="alpha.one"'):html.index("</li>")]
    prompt_at = item.index('class="rw-prompt"')
    table_at = item.index('class="rw-role-counts"')
    assert prompt_at < table_at < prompt_at + 400  # right under the prompt, in its box
    rows = dict(re.findall(r'<tr data-role="(\w+)">(.*?)</tr>', item))
    # The facilitator: every role, in the order the pages offer them.
    assert list(rows) == ["resident", "staff", "manager"]
    counts = [re.findall(r'rw-count-n">(\d+)<', row) for row in rows.values()]
    assert counts == [["3", "0", "0", "0", "0"], ["0", "0", "0", "3", "0"],
                      ["0", "1", "0", "0", "0"]]
    # The columns are the options by number, as the list of counts above numbers them.
    assert "1. Low" in item and "4. Best" in item and '<th scope="col" title="Low">1</th>' in item


def test_participants_see_a_role_s_counts_only_where_no_one_can_be_picked_out(mini):
    from readiness.render.html_group import disagreement_html
    from readiness.scoring.aggregate import Member, group_profile, shared_profile

    # Three residents, three staff and one manager: the manager's answer would be the
    # group's counts less the two roles', so participants see no counts by role.
    shared = shared_profile(_disputed_group(mini), 3)
    assert "rw-role-counts" not in disagreement_html(mini, shared, "en")
    # With three partners instead, every role has three members and the counts of three
    # are shown; the counts of none stay a dash.
    members = [Member(role, {"alpha.one": level, "alpha.two": level})
               for role, level in [("resident", 1)] * 3 + [("staff", 4)] * 3
               + [("partner", 2)] * 3]
    html = disagreement_html(mini, shared_profile(group_profile(mini, members), 3), "en")
    assert html.count('<tr data-role="') == 3 * 2  # both disputed questions, three roles
    resident = html[html.index('<tr data-role="resident">'):]
    resident = resident[:resident.index("</tr>")]
    assert resident.count('rw-count-n">3<') == 1 and resident.count("rw-hidden-count") == 4


def test_the_group_score_table_gives_median_middle_half_members_and_band(mini):
    from readiness.render.html_group import group_score_table
    from readiness.scoring.aggregate import Member, group_profile, shared_profile

    members = [Member("staff", {"alpha.one": level, "alpha.two": level}) for level in
               (1, 2, 4, 4)] + [Member("resident", {"beta.one": 4, "beta.two": 3})]
    group = group_profile(mini, members)
    html = group_score_table(mini, group, "en")
    alpha = html[html.index('data-dimension="alpha"'):html.index('data-dimension="beta"')]
    # Median 66.7: worth discussing, coloured on the band's own cell.
    assert ('<td class="rw-band-cell rw-band-discuss">66.7<br><span class="rw-band-name">'
            "Discuss</span></td><td>25–100</td><td>4</td>") in alpha
    shared = group_score_table(mini, shared_profile(group, 3), "en")
    beta = shared[shared.index('data-dimension="beta"'):]
    beta = beta[:beta.index("</tr>")]
    assert beta.endswith('<td colspan="3" class="rw-muted">not enough answers</td>')
    facilitator = html[html.index('data-dimension="beta"'):]
    assert 'rw-band-strength">100<br>' in facilitator  # one member: the facilitator sees it
    assert "Median, band" in html and "Middle half" in html and "Members" in html
    assert "interquartile" in html


def test_the_chart_s_values_are_a_table_beside_it(mini):
    from readiness.i18n.numbers import score_text
    from readiness.render.charts import group_chart_series
    from readiness.render.html_group import group_tables_html

    group = _disputed_group(mini)
    series = group_chart_series(group, "en")
    html = group_tables_html(mini, group, series, "en")
    roles = html[html.index("rw-series-table"):]
    assert ">Each role&#x27;s median, as the chart draws it<" in roles
    assert [name in roles for name in ("Resident", "Staff", "Manager")] == [
        True, True, True]
    alpha = roles[roles.index('data-dimension="alpha"'):]
    alpha = alpha[:alpha.index("</tr>")]
    # In the series' order (manager, resident, staff): the medians the chart draws.
    assert alpha.count("<td>") == 3
    expected = [f"<td>{score_text(s.scores['alpha'], 'en')}</td>" for s in series[1:]]
    assert all(cell in alpha for cell in expected)


def test_the_report_lists_the_group_s_actions_with_counts_hidden_below_the_minimum(mini):
    from readiness.render.html_group import group_actions_html
    from readiness.scoring.aggregate import (
        Member,
        group_profile,
        group_recommendations,
        shared_profile,
    )

    low = {"alpha.one": 1, "alpha.two": 1}
    members = [Member("staff", low) for _ in range(3)] + [
        Member("staff", {**low, "beta.one": 1})]
    found = list(group_recommendations(mini, members))
    assert [(r.action.id, r.members_calling) for r in found] == [
        ("action.narrow", 4), ("action.beta", 1)]
    group = group_profile(mini, members)
    full = group_actions_html(mini, found, group, "en")
    assert "<h3>Alpha</h3>" in full and "<h3>Beta</h3>" in full  # by dimension
    assert "Narrow it. <span class=\"rw-count\">(called for by 4 of 4 members)" in full
    assert "Fix beta. <span class=\"rw-count\">(called for by 1 of 4 members)" in full
    assert 'class="rw-source"' in full and "<details" not in full  # written out, for print
    shared = group_actions_html(mini, found, shared_profile(group, 3), "en")
    assert "(called for by 4 of 4 members)" in shared
    assert "(called for by fewer than 3 of 4 members)" in shared and "by 1 of" not in shared
    assert group_actions_html(mini, found, shared_profile(group, 5), "en") == ""  # too few

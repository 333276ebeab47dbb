"""A member's personal link (issue 17.2): does its token bring the same person back, in
the same round and in the project's next one, with one respondent_id in the data; does a
wrong or withdrawn token open nothing; and does starting afresh make a new respondent?"""

from __future__ import annotations

import json

import pytest

from readiness.data import load
from readiness.exchange.report_data import from_sessions
from readiness.exchange.tabular import answer_rows
from readiness.store.sessions import (
    PERSONAL_TOKEN_BYTES,
    PersonalLinkRefused,
    create_session,
    join_session,
    join_with_personal_link,
    next_round,
    open_personal_link,
    personal_link_token,
    session_export,
    set_session_flags,
    start_afresh,
    token_opens,
)


def _ids(store, framework) -> dict[str, str]:
    answers = load(store, framework=framework).answers
    return answers.groupby("assessment_id")["respondent_id"].first().to_dict()


def test_the_personal_link_brings_the_same_respondent_into_the_next_round(store, mini):
    first, key = create_session(store, mini, project="Norrby", round_name="start")
    eva = join_session(store, mini, first.join_code, role="staff", display_name="Eva")
    other = join_session(store, mini, first.join_code, role="staff", display_name="Eva")
    token = personal_link_token(store, eva.id)
    assert len(token) >= PERSONAL_TOKEN_BYTES * 4 // 3 and PERSONAL_TOKEN_BYTES * 8 >= 128
    assert eva.id not in token and "Eva" not in token
    # Same round, another device: the link leads to her own answers.
    link = open_personal_link(store, token)
    assert (link.session.id, link.assessment_id) == (first.id, eva.id)
    assert join_with_personal_link(store, mini, token).id == eva.id
    # The next round: the link joins it as the same member, with her role and name.
    second = next_round(store, mini, first.id, key, "end")
    link = open_personal_link(store, token)
    assert (link.session.id, link.assessment_id, link.role) == (second.id, None, "staff")
    again = join_with_personal_link(store, mini, token)
    assert again.id != eva.id and store.session_id_of(again.id) == second.id
    assert join_with_personal_link(store, mini, token).id == again.id  # not twice
    assert token_opens(store, token, again.id) and not token_opens(store, token, other.id)
    for record in (eva, other, again):
        store.save_answer(mini, record.id, "alpha.one", 2)
    ids = _ids(store, mini)
    assert ids[eva.id] == ids[again.id] != ids[other.id]  # paired, never by the name
    # The token is nowhere in what leaves the store: reports, download, data.
    rows = answer_rows(mini, from_sessions(store, [first.id, second.id]), "en")
    export = json.dumps(session_export(store, mini, second.id, key), default=str)
    study = load(store, framework=mini)
    shown = " ".join([json.dumps(rows, default=str), export,
                      study.answers.to_csv(), study.scores.to_csv()])
    assert token not in shown


def test_a_wrong_or_foreign_token_opens_nothing_and_joins_no_one(store, framework):
    first, _key = create_session(store, framework, project="Norrby")
    member = join_session(store, framework, first.join_code, role="resident")
    token = personal_link_token(store, member.id)
    for wrong in ("", token[:-1], token + "x", "a" * 500, member.id):
        with pytest.raises(PersonalLinkRefused, match="opens nothing"):
            open_personal_link(store, wrong)
        with pytest.raises(PersonalLinkRefused):
            join_with_personal_link(store, framework, wrong)
    # A token of another store (another workbook) is as unknown here.
    assert not token_opens(store, ("y" if token[0] == "x" else "x") + token[1:], member.id)
    set_session_flags(store, first.id, _key, is_open=False)
    assert open_personal_link(store, token).assessment_id == member.id  # closed: her own


def test_starting_afresh_withdraws_the_link_and_gives_a_new_respondent(store, mini):
    first, key = create_session(store, mini, project="Norrby", round_name="start")
    ana = join_session(store, mini, first.join_code, role="resident")
    token = personal_link_token(store, ana.id)
    second_token = personal_link_token(store, ana.id)  # her second phone's copy
    second = next_round(store, mini, first.id, key, "end")
    assert start_afresh(store, ana.id) == 2
    for old in (token, second_token):
        with pytest.raises(PersonalLinkRefused):
            open_personal_link(store, old)
    fresh = join_session(store, mini, second.join_code, role="resident")
    new_token = personal_link_token(store, fresh.id)
    assert open_personal_link(store, new_token).assessment_id == fresh.id
    for record in (ana, fresh):
        store.save_answer(mini, record.id, "alpha.one", 3)
    ids = _ids(store, mini)
    assert ids[ana.id] != ids[fresh.id]  # old answers stay under the old pseudonym
    assert store.answers(ana.id)["alpha.one"].value == 3

"""The trainer's model and the panel bound to it."""

from __future__ import annotations

from readiness.store.exercises import find_exercise, start_exercise
from readiness.training.exercises import answers_to_finish
from readiness_widgets.frontend.bridge import PageBridge
from readiness_widgets.training.model import CaseExerciseModel, TrainerModel
from readiness_widgets.training.trainer import TrainerPanel


def test_the_panel_and_the_model_never_disagree(store, framework):
    model = TrainerModel(framework, store, "sv", "http://10.0.0.5:8866/")
    panel = TrainerPanel(model, PageBridge())
    assert panel.case_picker.value == model.case_id != ""
    panel.case_picker.value = "hotspot"
    assert model.case_id == "hotspot"
    model.set_state({"case_id": "askimsviken", "mode": "group"})
    assert panel.case_picker.value == "askimsviken" and panel.mode.value == "group"


def test_a_group_exercise_without_a_facilitator_view_shows_its_code_and_key(store, framework):
    """Outside the served page (the trainer's own notebook) the new session's code and key
    are shown on the panel, the key once."""
    model = TrainerModel(framework, store, "en", "/")
    panel = TrainerPanel(model, PageBridge())
    model.case_id, model.mode = "hotspot", "group"
    panel.go_button.click()
    assert model.session is not None and store.case_of(model.session.id) == "hotspot"
    assert model.session.display_code in panel.result.value
    assert model.session_key in panel.result.value


def test_an_exercise_alone_is_a_link_with_its_code_in_the_trainer_s_language(store, framework):
    model = TrainerModel(framework, store, "da", "http://10.0.0.5:8866/")
    model.set_state({"case_id": "hotspot", "release": "finished"})
    assert model.start() is None
    exercise = model.exercise
    assert model.exercise_link == f"http://10.0.0.5:8866/?case={exercise.id}&lang=da"
    assert find_exercise(store, exercise.id) == exercise
    assert exercise.case_id == "hotspot" and exercise.release == "finished"
    assert model.get_state()["exercise_link"] == model.exercise_link
    assert model.set_released(True) and model.exercise.released
    assert find_exercise(store, exercise.id).released  # stored, not only shown


def test_a_trainee_s_model_follows_the_trainer_s_release(store, framework):
    trainer = TrainerModel(framework, store, "en", "/")
    trainer.case_id = "hotspot"
    trainer.start()
    record = start_exercise(store, framework, "hotspot", exercise=trainer.exercise,
                            project="Hotspot", area="", role="staff", language="en")
    model = CaseExerciseModel(framework, store, trainer.case, record.id, "en")
    assert model.get_state() == {"release": "trainer", "released": False, "finished": False,
                                 "may_reveal": False, "problem": ""}
    need, items = answers_to_finish(framework), len(framework.gates) + len(framework.questions)
    assert not model.finish(need - 1)
    assert f"at least {need} of the {items}" in model.problem and not model.finished
    assert model.finish(need) and model.finished and not model.may_reveal
    trainer.set_released(True)
    model.refresh()
    assert model.released and model.may_reveal

"""The trainer's model and the panel bound to it."""

from __future__ import annotations

from readiness_widgets.frontend.bridge import PageBridge
from readiness_widgets.training.model import TrainerModel
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


def test_an_exercise_alone_is_a_link_in_the_trainer_s_language(store, framework):
    model = TrainerModel(framework, store, "da", "http://10.0.0.5:8866/")
    model.case_id = "hotspot"
    assert model.start() is None
    assert model.exercise_link == "http://10.0.0.5:8866/?case=hotspot&lang=da"
    assert model.get_state()["exercise_link"] == model.exercise_link

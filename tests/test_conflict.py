"""The is_conflict verdict: evidence by position, counter-evidence, and the model file it reads."""

from __future__ import annotations

import pytest

from tasks.tagging import tag_article

# Written for these tests (regression cases, not a quality figure: that is bench/train_verdict.py's).
WAR = (
    "Army shells rebel-held town, killing 30",
    "Government troops shelled the rebel-held town of Karbala overnight, killing at least 30 civilians, "
    "local officials said. Rebels fired rockets back at army positions and heavy fighting continued at "
    "dawn. The army said its artillery targeted militant positions. Residents fled the clashes as air "
    "strikes hit the market. Aid groups said hospitals were overwhelmed by the wounded.",
)
PRISON = (
    "Prison riot: six officers hurt",
    "Six prison officers were injured during disorder at a jail on Sunday. Inmates took over a wing of "
    "the prison and set fires, the prison service said. Riot-trained staff were deployed and the "
    "disorder ended after several hours. Police are investigating and prosecutors will decide on "
    "charges. The union said the jail was overcrowded and understaffed.",
)
HISTORY = (
    "Eighty years after the war, veterans remember the battle",
    "Veterans gathered on Sunday to mark the 80th anniversary of the battle, one of the bloodiest of the "
    "Second World War. Historians say thousands of soldiers died in the fighting. A memorial service "
    "was held and wreaths were laid at the monument. The museum opened an exhibition of wartime "
    "letters and photographs from the archives.",
)


def test_a_war_report_is_conflict_and_its_context_twins_are_not():
    assert tag_article(*WAR, "en").is_conflict
    for title, text in (PRISON, HISTORY):
        tagging = tag_article(title, text, "en")
        assert not tagging.is_conflict, title
        assert tagging.probability < tag_article(*WAR, "en").probability


def test_counter_evidence_lowers_the_probability_of_the_same_violent_words():
    violent = "Gunmen opened fire and killed five people, police said."
    court = (
        violent + " The court sentenced the defendant to life in prison after a trial; prosecutors had "
        "charged him with murder and the judge rejected his appeal."
    )
    assert tag_article("Five killed", court, "en").probability < tag_article("Five killed", violent, "en").probability


def test_an_armed_actor_beside_the_violence_is_evidence():
    title = "Village attacked, ten killed"
    by_soldiers = "Soldiers attacked the village at dawn and killed ten people, witnesses said."
    by_someone = "Someone attacked the village at dawn and killed ten people, witnesses said."
    assert tag_article(title, by_soldiers, "en").probability > tag_article(title, by_someone, "en").probability


def test_a_model_trained_on_other_features_is_refused(tmp_path, monkeypatch):
    import json

    import tasks.conflict as conflict

    stale = json.loads(conflict.MODEL_PATH.read_text(encoding="utf-8"))
    stale["features"] = stale["features"][:-1]
    path = tmp_path / "conflict_model.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setattr(conflict, "MODEL_PATH", path)
    conflict.model.cache_clear()
    try:
        with pytest.raises(ValueError, match="retrain"):
            conflict.model()
    finally:
        conflict.model.cache_clear()


@pytest.mark.parametrize("language", ["xx", None])
def test_a_language_without_its_own_calibration_still_reads_a_war_report(language):
    """An unknown or unsure language: every lexicon, and the n-gram model's offset for any language."""
    assert tag_article(*WAR, language).is_conflict

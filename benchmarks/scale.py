"""Benchmark: a study of 100,000 stored assessments, loaded and scored (issue 17.9).

1. Writes ``--n`` synthetic assessments (every question of the default framework and its
   gates, ``readiness.data.synthetic``) into a new SQLite store in batches
   (``readiness.store.batch.put_batches``, one transaction and one executemany per table
   for each 2,000; ``--store PATH`` keeps the store and reuses it on the next run).
2. Loads them into frames (``readiness.data.load``): time, peak memory while loading
   (tracemalloc: what Python and numpy allocated, above what was there before), the
   process's peak resident memory, and the frames' own size.
3. Scores the answers frame at once (``readiness.data.scores.scores_frame``, best of 3)
   and with the per-assessment Python loop (``score_profile`` for each assessment, rows
   into a frame, as ``load`` did before), on ``--loop`` assessments when that is fewer than
   all of them, extrapolated in proportion (the loop's time is linear in assessments).
4. Checks that both give the same scores, to the last bit, on the loop's assessments.

The goal: at once ≥ 20× the loop, and under 2 s for 100,000. The last line gives the ratio.

Run: ``.venv/bin/python benchmarks/scale.py`` (CI runs it with ``--n 2000``).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from readiness.data import load  # noqa: E402
from readiness.data.scores import scores_frame  # noqa: E402
from readiness.data.synthetic import synthetic_records  # noqa: E402
from readiness.framework.model import default_framework  # noqa: E402
from readiness.scoring.answers import score_profile  # noqa: E402
from readiness.store import open_store  # noqa: E402
from readiness.store.batch import BATCH, WholeAssessment, put_records  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def frame_mb(*frames: pd.DataFrame) -> float:
    return sum(frame.memory_usage(deep=True).sum() for frame in frames) / 2**20


def loop_scores(framework, assessments: pd.DataFrame, answers: dict[str, dict]) -> pd.DataFrame:
    """The per-assessment loop: the workbook's score_profile for each, one row per
    dimension."""
    rows = []
    for ids in assessments.to_dict("records"):
        for dimension in score_profile(framework, answers[ids["assessment_id"]]).dimensions:
            rows.append({**ids, "dimension_id": dimension.dimension_id,
                         "score": dimension.score, "band": dimension.band,
                         "answered": dimension.answered, "total": dimension.total,
                         "provisional": dimension.provisional})
    return pd.DataFrame(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="assessments in the store")
    parser.add_argument("--loop", type=int, default=10_000,
                        help="assessments the loop scores (extrapolated to --n)")
    parser.add_argument("--store", help="keep the store here and reuse it next time")
    options = parser.parse_args()
    framework = default_framework()
    n = options.n
    path = Path(options.store) if options.store else \
        Path(tempfile.mkdtemp(prefix="readiness-scale-")) / "study.sqlite3"

    store = open_store(str(path))
    existing = len(store.list_assessments())
    if existing not in (0, n):
        print(f"{path} holds {existing} assessments, not {n}: give another --store")
        return 1
    if not existing:
        made = written = 0.0
        records = synthetic_records(n, framework, projects=50)
        while True:
            start = time.perf_counter()
            batch = [WholeAssessment(record, answers)
                     for record, answers in islice(records, BATCH)]
            made += time.perf_counter() - start
            if not batch:
                break
            start = time.perf_counter()
            put_records(store, batch)
            written += time.perf_counter() - start
        print(f"stored {n} assessments ({len(framework.questions)} questions and "
              f"{len(framework.gates)} gates each) in {made + written:.1f} s: writing "
              f"{written:.1f} s ({BATCH} per transaction), making them up {made:.1f} s")
    else:
        print(f"reusing {path} ({n} assessments)")

    before = peak_mb()
    start = time.perf_counter()
    study = load(store, synthetic=True)
    untraced = time.perf_counter() - start
    after = peak_mb()  # the process's peak after one load
    del study
    tracemalloc.start()  # again, for the memory it takes (tracemalloc slows it)
    start = time.perf_counter()
    study = load(store, synthetic=True)
    loaded = time.perf_counter() - start
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    store.close()
    assert study.scores["assessment_id"].nunique() == n
    print(f"load: {n} assessments, {len(study.answers)} answers into frames in "
          f"{untraced:.1f} s ({loaded:.1f} s under tracemalloc); peak memory while loading "
          f"{traced:.0f} MB (tracemalloc), process peak {after:.0f} MB (before "
          f"{before:.0f} MB), frames {frame_mb(study.answers, study.scores, study.gates):.0f} MB")
    loaded = untraced

    at_once = []
    for _ in range(3):
        start = time.perf_counter()
        scores = scores_frame(study.answers, framework, gates=study.gates)
        at_once.append(time.perf_counter() - start)
    vectorised = min(at_once)
    print(f"at once: {len(scores)} scores in {vectorised:.2f} s "
          f"(best of 3: {', '.join(f'{t:.2f}' for t in at_once)})")

    m = min(options.loop, n)
    ids = scores["assessment_id"].drop_duplicates().iloc[:m]
    given = study.answers[study.answers["assessment_id"].isin(ids)]
    answers: dict[str, dict] = {key: {} for key in ids}
    for key, qid, level in zip(given["assessment_id"], given["question_id"],
                               given["level"].astype(object), strict=True):
        answers[key][qid] = "dont_know" if level is pd.NA else int(level)
    for key, gate, value in zip(study.gates["assessment_id"], study.gates["gate_id"],
                                study.gates["value"], strict=True):
        if key in answers:
            answers[key][gate] = value
    columns = [c for c in study.scores.columns if c in study.answers.columns]
    assessments = study.scores[columns].drop_duplicates("assessment_id")
    assessments = assessments[assessments["assessment_id"].isin(ids)]
    start = time.perf_counter()
    looped = loop_scores(framework, assessments, answers)
    loop_time = time.perf_counter() - start
    loop_full = loop_time * n / m
    how = "measured" if m == n else f"measured on {m}, × {n / m:g} for {n}"
    print(f"loop: {len(looped)} scores in {loop_time:.2f} s; {n} assessments: "
          f"{loop_full:.1f} s ({how})")

    sample = scores[scores["assessment_id"].isin(ids)].reset_index(drop=True)
    sample = sample.astype({c: object for c in sample.columns
                            if isinstance(sample[c].dtype, pd.CategoricalDtype)})
    pd.testing.assert_frame_equal(
        sample[list(looped.columns)].astype({"score": float}),
        looped.astype({"score": float, "band": object}), check_exact=True, check_dtype=False)
    same = (sample["score"].fillna(-1).to_numpy() == looped["score"].astype(float)
            .fillna(-1).to_numpy()).all()
    assert same
    print(f"same scores: {len(looped)} of {len(looped)} (assessment × dimension), exactly")
    print(f"ratios at once / loop for {n} assessments: {loop_full / vectorised:.1f}x faster "
          f"(goal >= 20x), at once {vectorised:.2f} s (goal < 2 s), load {loaded:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Training the matching classifiers on the labelled corpus (scikit-learn, only at training time).

    data = train(rows, rules())   # a model as plain data, deterministic for the same rows
    model.write(data)             # data/model.json.gz

Only features seen in titles of at least MIN_BODIES different bodies are kept: a word or pattern that one
council uses says nothing about the next one, so the model cannot learn it.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB
from threadpoolctl import threadpool_limits

from toerusting.catalogue import selectors as catalogue
from toerusting.matching import features as featuring
from toerusting.matching.corpus import LabelledRow
from toerusting.matching.model import FORMAT_VERSION
from toerusting.matching.rules import Rules

MIN_BODIES = 2
# The instrument classifier does not read the topic word lists' evidence: which policy field a title is
# about says little about the kind of decision, and with it the instrument scored lower in 12-group
# cross-validation (0.788 against 0.794 with the lexicon of 7 December, 0.791 against 0.793 before it).
TOPIC_RULES = ("r:topic_", "r:topfirst_")
# The feature that says a procedural pattern of data/procedural.tsv fits the title (features.py).
PROCEDURAL_RULE_FEATURE = "r:procedural"
# Inverse regularisation strengths, compared in grouped cross-validation on the corpus
# (bench/eval_matching.py --sweep), never on the evaluation set.
C_PROCEDURAL = 2.0
C_INSTRUMENT = 4.0
C_TOPICS = 4.0
# A secondary topic of a row counts as a weaker example of that topic.
TOPIC_RANK_WEIGHTS = (1.0, 0.5, 0.35, 0.25)
WEIGHT_DIGITS = 5
# The topic classifier adds a small share of a multinomial naive Bayes model's log-likelihoods (fitted on the
# same rows, centred per feature so that only the differences between topics count) to its weights: a
# product of the two models that stays one linear model. Naive Bayes trusts a word seen in a few rows of one
# topic more than the regularised logistic regression does, which helps on the many rare subject words. In
# cross-validation on 3,295 rows, primary topic without -> with (and precision@3, with the topic confidence
# moved to 0.60, see analysis.TOPIC_CONFIDENCE): 10 groups 0.869 -> 0.872 (0.902 -> 0.899), 12 groups
# 0.872 -> 0.877 (0.899 -> 0.900), 15 groups 0.869 -> 0.875 (0.900 -> 0.901). A share of 0.05-0.1 and a
# smoothing of 0.1-0.3 scored alike; 0.3 sharpened the probabilities and lowered primary topic (0.860-0.863).
# The instrument classifier takes a smaller share: instrument 10 groups 0.802 -> 0.802, 12 groups 0.798 ->
# 0.803, 15 groups 0.795 -> 0.802, precision@3 0.899 -> 0.901, 0.900 -> 0.901, 0.901 -> 0.902 (0.1 and 0.2
# scored no better on instrument and lowered precision@3). With both shares, primary topic 0.871, 0.877 and
# 0.874 (a feature the rows never have gets no weight from the share, see _blend_naive_bayes).
NB_TOPICS = 0.07
NB_INSTRUMENT = 0.05
NB_SMOOTHING = 0.1


# Features of the reviewable rules and of the title's structure are multiplied by these factors: a larger
# value needs a smaller weight, so regularisation trusts them more than a single word seen a few times.
SCALES = {"r": 1.0, "p": 2.0}
# The weight of the rules beside the classifier at prediction time (see model.Model.mix), compared in
# 12-group cross-validation on the corpus: instrument 0.0-0.5 scored 0.782-0.786 and the former 0.8 0.756;
# topics 0.3 scored 0.829 against 0.826 at 0.5 and 0.816 at 0.0. On 7 December instrument 0.5 scored 0.795
# against 0.792 in leave-one-body-out, but precision@3 0.898 against 0.902, so 0.35 stays; a reliability
# per alternative of a rule line (the words it fitted, shrunk towards the line's) and averaging the weights
# of models trained on parts of the bodies scored no better in 12 groups. "instrument_rare" applies to
# instruments with fewer than RARE_SUPPORT training rows (an interpellatie, an initiatiefvoorstel): a
# classifier cannot learn a class from a handful of rows, so the reviewable rule speaks for it.
# "instrument_code" applies to a code of a known kind in front of or behind the title ("M3", "AM1",
# "(MV4-2)"): the RIS's own label of the item, as plain as the word "motie", but a classifier cannot learn a
# council's code letters from the other councils. 10 / 12 / 15 groups, instrument at 0.35 -> 0.8: 0.792 ->
# 0.794, 0.793 -> 0.795, 0.792 -> 0.795, nothing else changed; the rows it put right are of three bodies.
MIX = {"procedural": 0.3, "instrument": 0.35, "instrument_code": 0.8, "instrument_rare": 0.8, "topics": 0.3}
RARE_SUPPORT = 15


@dataclass(frozen=True)
class Settings:
    c_procedural: float = C_PROCEDURAL
    c_instrument: float = C_INSTRUMENT
    c_topics: float = C_TOPICS
    min_bodies: int = MIN_BODIES
    scales: tuple[tuple[str, float], ...] = tuple(sorted(SCALES.items()))
    mix: tuple[tuple[str, float], ...] = tuple(sorted(MIX.items()))
    nb_topics: float = NB_TOPICS
    nb_instrument: float = NB_INSTRUMENT
    nb_smoothing: float = NB_SMOOTHING


def featurise(rows: Sequence[LabelledRow], rules_: Rules) -> list[dict[str, float]]:
    return [
        featuring.extract(row.title, rules_, body_type=row.body_type, meeting=row.meeting).features
        for row in rows
    ]


def _vocabulary(rows: Sequence[LabelledRow], feats: Sequence[dict[str, float]], min_bodies: int) -> list[str]:
    bodies: dict[str, set[str]] = defaultdict(set)
    for row, found in zip(rows, feats, strict=True):
        for name in found:
            bodies[name].add(row.body)
    # Structural and rule features are general by construction; words must be seen in several bodies.
    return sorted(
        name
        for name, seen in bodies.items()
        if (len(seen) >= min_bodies or name.startswith(("p:", "r:", "t:"))) and not name.startswith("i:")
    )


def _matrix(
    feats: Sequence[dict[str, float]], index: dict[str, int], scales: dict[str, float]
) -> sparse.csr_matrix:
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for number, found in enumerate(feats):
        for name, value in found.items():
            col = index.get(name)
            if col is not None:
                rows.append(number)
                cols.append(col)
                values.append(value * scales.get(name.partition(":")[0], 1.0))
    return sparse.csr_matrix((values, (rows, cols)), shape=(len(feats), len(index)), dtype=np.float64)


def _fit(x: Any, y: Sequence[str], weights: Sequence[float] | None, c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=1000, solver="lbfgs", tol=1e-4)
    # One BLAS thread: the problem is small, and threads only contend on a busy machine.
    with threadpool_limits(limits=1):
        model.fit(x, list(y), sample_weight=None if weights is None else np.asarray(weights))
    return model


def _blend_naive_bayes(
    model: LogisticRegression,
    x: Any,
    y: Sequence[str],
    weights: Sequence[float] | None,
    share: float,
    smoothing: float = NB_SMOOTHING,
) -> None:
    """Add `share` times a multinomial naive Bayes model's log-likelihoods, fitted on the same rows, to the
    fitted model's weights and biases (see NB_TOPICS), in place."""
    if share <= 0:
        return
    bayes = MultinomialNB(alpha=smoothing)
    bayes.fit(x, list(y), sample_weight=None if weights is None else np.asarray(weights))
    if list(bayes.classes_) != list(model.classes_):  # both sort the labels; a guard, not a case
        raise ValueError("naive Bayes and logistic regression disagree on the classes")
    log_likelihood = bayes.feature_log_prob_ - bayes.feature_log_prob_.mean(axis=0, keepdims=True)
    prior = bayes.class_log_prior_ - bayes.class_log_prior_.mean()
    # A feature these rows never have gets only smoothing, which differs by class size alone: no weight
    # (the instrument classifier's topic word list columns are such, see _without_columns).
    log_likelihood[:, np.asarray(x.sum(axis=0)).ravel() == 0] = 0.0
    if model.coef_.shape[0] == 1:  # two classes: one row of weights, for the second class against the first
        log_likelihood = log_likelihood[1:] - log_likelihood[:1]
        prior = prior[1:] - prior[:1]
    model.coef_ = model.coef_ + share * log_likelihood
    model.intercept_ = model.intercept_ + share * prior


def _export(model: LogisticRegression, logistic: bool) -> dict[str, Any]:
    coef = np.asarray(model.coef_)
    if logistic:
        coef = coef.reshape(1, -1)
    entries = [
        [int(feature), int(output), round(float(coef[output, feature]), WEIGHT_DIGITS)]
        for output in range(coef.shape[0])
        for feature in np.flatnonzero(np.abs(coef[output]) >= 10**-WEIGHT_DIGITS)
    ]
    entries.sort()
    return {
        "classes": [str(c) for c in model.classes_],
        "logistic": logistic,
        "bias": [round(float(b), WEIGHT_DIGITS) for b in np.atleast_1d(model.intercept_)],
        "weights": entries,
    }


def _without_rule(x: sparse.csr_matrix, labels: list[str], column: int | None) -> tuple[Any, list[str]]:
    """The rows, and each row on which the rule feature fired once more without it. A slot that a pattern
    names ("Rondvraag", "Schorsing") always comes with the pattern's evidence, so without the copies the
    classifier would learn little from the slot's own words and miss the phrasings no pattern knows
    ("Publieke rondvraag"), which are the ones an unseen council writes."""
    if column is None:
        return x, labels
    fired = np.flatnonzero(x[:, column].toarray().ravel())
    copies = x[fired].tolil()
    copies[:, column] = 0
    return sparse.vstack([x, copies.tocsr()], format="csr"), labels + [labels[i] for i in fired]


def _without_columns(x: sparse.csr_matrix, columns: list[int]) -> sparse.csr_matrix:
    """The rows with the given features left out (their weights then stay 0)."""
    keep = np.ones(x.shape[1])
    keep[columns] = 0.0
    return sparse.csr_matrix(x @ sparse.diags(keep))


def train(rows: Sequence[LabelledRow], rules_: Rules, settings: Settings = Settings()) -> dict[str, Any]:
    """The three classifiers as plain data (see model.py for the format)."""
    if not rows:
        raise ValueError("no rows to train on")
    feats = featurise(rows, rules_)
    return train_featurised(rows, feats, settings)


def instrument_rule_reliability(
    rows: Sequence[LabelledRow], feats: Sequence[dict[str, float]]
) -> dict[str, float]:
    """Per instrument rule line: how often the rows it fires on first carry its instrument, smoothed
    ((right + 1) / (fired + 2)), over substantive training rows. A rule that is nearly always right weighs
    more beside the classifier than a broad one ("...plan" for a policy framework)."""
    fired: dict[str, int] = defaultdict(int)
    right: dict[str, int] = defaultdict(int)
    for row, found in zip(rows, feats, strict=True):
        line = next((name.removeprefix("i:") for name in found if name.startswith("i:")), None)
        if row.procedural or line is None:
            continue
        code, _, _number = line.partition("@")
        fired[line] += 1
        right[line] += row.instrument == code
    return {line: round((right[line] + 1) / (fired[line] + 2), 4) for line in sorted(fired)}


def train_featurised(
    rows: Sequence[LabelledRow], feats: Sequence[dict[str, float]], settings: Settings = Settings()
) -> dict[str, Any]:
    names = _vocabulary(rows, feats, settings.min_bodies)
    index = {name: col for col, name in enumerate(names)}
    scales = dict(settings.scales)
    x = _matrix(feats, index, scales)

    x_procedural, y_procedural = _without_rule(
        x, ["yes" if r.procedural else "no" for r in rows], index.get(PROCEDURAL_RULE_FEATURE)
    )
    procedural = _fit(x_procedural, y_procedural, None, settings.c_procedural)

    substantive = [i for i, r in enumerate(rows) if not r.procedural]
    x_instrument = _without_columns(x[substantive], [index[n] for n in names if n.startswith(TOPIC_RULES)])
    instruments = [rows[i].instrument for i in substantive]
    instrument = _fit(x_instrument, instruments, None, settings.c_instrument)
    _blend_naive_bayes(
        instrument, x_instrument, instruments, None, settings.nb_instrument, settings.nb_smoothing
    )

    topic_rows: list[int] = []
    topic_labels: list[str] = []
    topic_weights: list[float] = []
    for i in substantive:
        for rank, code in enumerate(rows[i].topics[: len(TOPIC_RANK_WEIGHTS)]):
            topic_rows.append(i)
            topic_labels.append(code)
            topic_weights.append(TOPIC_RANK_WEIGHTS[rank])
    x_topics = x[topic_rows]
    topics = _fit(x_topics, topic_labels, topic_weights, settings.c_topics)
    _blend_naive_bayes(
        topics, x_topics, topic_labels, topic_weights, settings.nb_topics, settings.nb_smoothing
    )

    digest = hashlib.sha256()
    for row in sorted(rows, key=lambda r: r.id):
        digest.update(f"{row.id}\t{row.title}\t{','.join(row.topics)}\t{row.instrument}\n".encode())
    known_topics = {t.code for t in catalogue.TOPICS}
    return {
        "format": FORMAT_VERSION,
        "features": names,
        "scales": scales,
        "mix": dict(settings.mix),
        "instrument_rules": instrument_rule_reliability(rows, feats),
        "instrument_support": dict(sorted(Counter(rows[i].instrument for i in substantive).items())),
        "rare_support": RARE_SUPPORT,
        "procedural": _export(procedural, logistic=True),
        "instrument": _export(instrument, logistic=False),
        "topics": _export(topics, logistic=False),
        "meta": {
            "rows": len(rows),
            "bodies": len({r.body for r in rows}),
            "procedural_rows": sum(r.procedural for r in rows),
            "corpus_sha256": digest.hexdigest(),
            "settings": {**settings.__dict__, "scales": scales, "mix": dict(settings.mix)},
            "topics_without_examples": sorted(known_topics - set(topic_labels)),
        },
    }

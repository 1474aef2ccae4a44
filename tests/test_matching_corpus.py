"""The labelled corpus, the model trained on it, and the data files: no rule written for one title."""

from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from toerusting.dutch import fold
from toerusting.matching import audit, features, model, training
from toerusting.matching.corpus import CORPUS_DIR, CorpusError, read_corpus, read_file
from toerusting.matching.rules import DATA_DIR, rules

DEV_SET = CORPUS_DIR.parents[1] / "shared" / "eval" / "dev_agenda_items.tsv"
# Rules of procedural.tsv and instruments.tsv that fire in fewer than two bodies of the corpus, kept because
# the code definitions (corpus/codes/instruments.tsv) name exactly that use; each with its scope phrase.
RARE_BUT_DEFINED = {
    "instruments.tsv:15": "de afdoening of beantwoording van een motie",
}


@pytest.fixture(scope="module")
def corpus_rows() -> list:  # type: ignore[type-arg]
    return read_corpus()


def test_corpus_is_large_varied_and_labelled(corpus_rows: list) -> None:  # type: ignore[type-arg]
    bodies = {row.body for row in corpus_rows}
    assert len(corpus_rows) >= 800
    assert len(bodies) >= 50
    assert sum(row.procedural for row in corpus_rows) >= 200
    assert {row.body_type for row in corpus_rows} == {"gemeente", "provincie", "waterschap"}
    assert len({row.vendor for row in corpus_rows} - {"unknown", "website"}) >= 3
    assert all(row.source for row in corpus_rows), "every row names its source"
    per_body: dict[str, int] = {}
    for row in corpus_rows:
        per_body[row.body] = per_body.get(row.body, 0) + 1
    assert max(per_body.values()) <= 25, "no body dominates the corpus"
    # One name per body, or leave-one-body-out would keep part of a body in training.
    prefixed = sorted(
        b for b in bodies if b.startswith("Gemeente ") and b.removeprefix("Gemeente ") in bodies
    )
    assert prefixed == []


def test_no_title_of_the_evaluation_set_is_in_the_corpus(corpus_rows: list) -> None:  # type: ignore[type-arg]
    if not DEV_SET.exists():
        pytest.skip(f"the evaluation set is not beside the repository ({DEV_SET})")
    # Substantive titles only: "Opening" or "Vaststellen agenda" says nothing about a labelled subject.
    dev_titles = {
        fold(row.title).strip(" .") for row in read_file(DEV_SET, strict=False) if not row.procedural
    }
    overlap = [row.id for row in corpus_rows if fold(row.title).strip(" .") in dev_titles]
    assert overlap == []


def test_corpus_errors_name_file_and_line(tmp_path: Path) -> None:
    header = "\t".join(
        ("id", "body", "body_type", "vendor", "meeting_date", "meeting_type", "title", "topics", "instrument")
    )
    header += "\tprocedural\tsource\n"
    bad = tmp_path / "x.tsv"
    bad.write_text(
        header + "x1\tA\tgemeente\tgo\t2020\t\tOpening\tbestuur\tnone\tyes\thttps://a\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError, match=r"x.tsv:2: a procedural row has no topics"):
        read_corpus(tmp_path)
    bad.write_text(
        header + "x1\tA\tgemeente\tgo\t2020\t\tWoonvisie\twoningbouw\tnone\tno\thttps://a\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError, match=r"x.tsv:2: unknown topic code"):
        read_corpus(tmp_path)


def test_rules_fire_in_at_least_two_bodies(corpus_rows: list) -> None:  # type: ignore[type-arg]
    usage = audit.usage(corpus_rows, rules())
    thin = {
        key: sorted(usage.get(key, ()))
        for key in audit.all_rows(rules())
        if key.startswith(("procedural.tsv", "instruments.tsv")) and len(usage.get(key, ())) < 2
    }
    assert set(thin) <= set(RARE_BUT_DEFINED), thin


# Words an alternative may bring without evidence of its own: articles and prepositions.
FUNCTION_WORDS = frozenset(
    {"de", "het", "een", "van", "voor", "door", "met", "uit", "vanuit", "over", "op", "tot", "om", "bij"}
    | {"aan", "te", "en", "of", "in", "ter", "inzake", "naar", "na", "als", "per", "tegen", "onder"}
    | {"tijdens", "vanaf", "namens", "zonder"}
)
LINKS = ("", "s", "e", "en", "-")  # between the parts of a compound: raad-s-vergadering


def _words(pattern: str) -> set[str]:
    return set(re.findall(r"[a-z]{2,}", re.sub(r"\\[a-zA-Z]", " ", pattern)))


def _a_form_of(word: str, listed: set[str]) -> bool:
    """The word itself, or another ending of a listed word: what they share is at least four letters and
    neither has more than four letters after it ("insprekers", "inspreken"; "installatie", "installeren")."""
    if word in listed:
        return True
    for other in listed:
        shared = next(
            (i for i, (x, y) in enumerate(zip(word, other, strict=False)) if x != y),
            min(len(word), len(other)),
        )
        if shared >= 4 and len(word) - shared <= 4 and len(other) - shared <= 4:
            return True
    return False


def _known(word: str, listed: set[str]) -> bool:
    """A listed word in some form, or a compound of such words ("ontwerp|agenda", "onderzoek|s|commissie")."""
    if _a_form_of(word, listed):
        return True
    for cut in range(4, len(word) - 3):
        head, rest = word[:cut], word[cut:]
        if head in listed or _a_form_of(head, listed):
            for link in LINKS:
                if rest.startswith(link) and len(rest) - len(link) >= 4 and _known(rest[len(link) :], listed):
                    return True
    return False


def test_alternatives_that_bring_a_word_fire_in_two_bodies(corpus_rows: list) -> None:  # type: ignore[type-arg]
    """An alternative inside a pattern ("welkom|welkomstwoord", "(het )?") that fires on the titles of one
    body only, where a title word it fits is neither an article or preposition, nor a form or compound of
    words elsewhere in the two files, nor a word of the code definitions, was written for that body's
    titles: in leave-one-body-out it would score a title with knowledge of that very title. One that fires
    in no body cannot raise a score."""
    defined: set[str] = set()
    for name in ("topics.tsv", "instruments.tsv"):
        with (CORPUS_DIR / "codes" / name).open(encoding="utf-8") as handle:
            rows = csv.DictReader(handle, delimiter="\t")
            defined |= _words(fold(" ".join(row["scope"] + " " + row["label_nl"] for row in rows)))
    # The patterns of both files (not their reasons and phrases), per line.
    patterns: dict[tuple[str, int], str] = {}
    for name, column in (("procedural.tsv", 0), ("instruments.tsv", 1)):
        for number, line in enumerate((DATA_DIR / name).read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("@"):
                patterns[(name, number)] = line.partition("=")[2]
            elif line.strip() and not line.startswith("#"):
                patterns[(name, number)] = line.split("\t")[column]
    thin = []
    for alternative, bodies in audit.alternative_usage(corpus_rows, rules()):
        if len(bodies) != 1:
            continue
        # Words elsewhere: every other line of both files, and this pattern without the alternative.
        first, last = alternative.span
        elsewhere = _words(alternative.written[:first] + " " + alternative.written[last:]) | defined
        for where, pattern in patterns.items():
            if where != (alternative.file, alternative.line):
                elsewhere |= _words(pattern)
        (words,) = bodies.values()
        new = sorted(w for w in words if len(w) > 1 and w not in FUNCTION_WORDS and not _known(w, elsewhere))
        if new:
            thin.append((alternative.file, alternative.line, alternative.text, new, sorted(bodies)))
    assert thin == [], "\n".join(map(str, thin))


def test_alternatives_are_read_from_the_pattern_as_written() -> None:
    pattern = r"(a|b(c|d)?)\b(?!x|(y|z))[(|]e|f(?:g|h)*"
    found = {(pattern[a:b], group.quantifier) for group in audit.groups(pattern) for a, b in group.spans}
    # The lookahead's and the character class's '|' separate nothing; the non-capturing group does.
    assert found == {
        ("a", ""),
        ("b(c|d)?", ""),
        ("c", "?"),
        ("d", "?"),
        ("g", "*"),
        ("h", "*"),
        (r"(a|b(c|d)?)\b(?!x|(y|z))[(|]e", ""),
        ("f(?:g|h)*", ""),
    }


def test_a_narrowed_pattern_fits_only_through_its_alternative() -> None:
    pattern = r"x((de |het )?(a|b)|c)*(y )?"
    narrowed = {pattern[a:b]: re.compile(n) for (a, b), n in audit._narrowings(pattern)}
    assert narrowed["het "].fullmatch("xcchet a").group("alt") == "het "
    assert not narrowed["het "].fullmatch("xcde a")
    assert not narrowed["c"].fullmatch("xa")
    assert narrowed["(y )?"].fullmatch("xay ") and not narrowed["(y )?"].fullmatch("xa")
    # A macro is narrowed in one place at a time; the groups around that place keep only it.
    places = list(audit._macro_places("a(\x00|q)\x00b", "N", "O"))
    assert [re.fullmatch(p, "aNOb") is not None for p in places] == [True, False]
    assert [re.fullmatch(p, "aqNb") is not None for p in places] == [False, True]
    assert not any(re.fullmatch(p, "aqOb") for p in places)


def test_no_vocabulary_serves_only_the_evaluation_set(corpus_rows: list) -> None:  # type: ignore[type-arg]
    """A word or abbreviation that fires on an evaluation title must also fire in two bodies of the corpus,
    unless the code definitions name it: otherwise it may have been written for that title."""
    if not DEV_SET.exists():
        pytest.skip(f"the evaluation set is not beside the repository ({DEV_SET})")
    with (CORPUS_DIR / "codes" / "topics.tsv").open(encoding="utf-8") as handle:
        scope = fold(" ".join(row["scope"] for row in csv.DictReader(handle, delimiter="\t")))
    usage = audit.usage(corpus_rows, rules())
    on_dev = audit.usage(read_file(DEV_SET, strict=False), rules())
    suspicious = sorted(
        key
        for key in on_dev
        if key.startswith(("topics.tsv", "thesaurus.tsv"))
        and len(usage.get(key, ())) < 2
        and fold(key.rsplit(":", 1)[-1]) not in scope
    )
    assert suspicious == []


def test_training_is_deterministic_and_the_shipped_model_is_current(
    corpus_rows: list,  # type: ignore[type-arg]
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    data = training.train(corpus_rows, rules())
    model.write(data, first)
    model.write(training.train(corpus_rows, rules()), second)
    assert first.read_bytes() == second.read_bytes()
    with gzip.open(model.MODEL_PATH, "rt", encoding="utf-8") as handle:
        shipped = json.load(handle)
    with gzip.open(first, "rt", encoding="utf-8") as handle:
        fresh = json.load(handle)
    hint = "run `toerusting train_matching` after changing corpus or data files"
    # The same corpus, features, classes and settings; the weights the same up to the last rounded digit,
    # which another CPU's floating-point arithmetic may move (seen between machines: 1e-5 on a few weights).
    for part in ("procedural", "instrument", "topics"):
        ours, theirs = fresh.pop(part), shipped.pop(part)
        assert ours["classes"] == theirs["classes"], hint
        assert ours["bias"] == pytest.approx(theirs["bias"], abs=2 * 10**-training.WEIGHT_DIGITS), hint
        weights = {(row, output): value for row, output, value in ours["weights"]}
        shipped_weights = {(row, output): value for row, output, value in theirs["weights"]}
        drift = max(
            abs(weights.get(key, 0.0) - shipped_weights.get(key, 0.0))
            for key in weights.keys() | shipped_weights.keys()
        )
        assert drift <= 2 * 10**-training.WEIGHT_DIGITS, f"{part}: weights differ by {drift}; {hint}"
    assert fresh == shipped, hint


def test_features_seen_in_one_body_only_are_not_learned(corpus_rows: list) -> None:  # type: ignore[type-arg]
    one_body = [row for row in corpus_rows if row.body == corpus_rows[0].body]
    others = [row for row in corpus_rows if row.body != corpus_rows[0].body][:200]
    data = training.train([*one_body, *others], rules())
    feats = training.featurise(one_body, rules())
    only_there = {name for found in feats for name in found if name.startswith("s:")} - {
        name for found in training.featurise(others, rules()) for name in found
    }
    assert only_there, "the body has words of its own"
    assert not only_there & set(data["features"])


@pytest.mark.parametrize(
    "title", ["Rondvraag", "Sluiting", "Vaststellen agenda", "Ingekomen stukken", "Spreekrecht burgers"]
)
def test_the_procedural_classifier_knows_the_slots_by_their_words_too(title: str) -> None:
    # Training sees each row a pattern fits once more without the pattern's feature (training._without_rule),
    # so the classifier alone is sure of a standard slot; a phrasing no pattern knows then still counts.
    found = dict(features.extract(title, rules()).features)
    assert found.pop(training.PROCEDURAL_RULE_FEATURE) == 1.0
    shipped = model.load()
    rows, values, _names = shipped.encode(found)
    assert shipped.procedural.probabilities(rows, values)[0] >= 0.95


def test_without_rule_adds_a_copy_of_each_row_the_rule_fired_on() -> None:
    x = sparse.csr_matrix(np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 2.0]]))
    more, labels = training._without_rule(x, ["yes", "no", "yes"], 1)
    assert labels == ["yes", "no", "yes", "yes", "yes"]
    assert more.toarray().tolist() == [[1.0, 1.0], [1.0, 0.0], [0.0, 2.0], [1.0, 0.0], [0.0, 0.0]]
    assert training._without_rule(x, ["yes", "no", "yes"], None)[0] is x


def test_the_instrument_classifier_does_not_read_the_topic_word_lists() -> None:
    shipped = model.load()
    topic_rules = [col for name, col in shipped.features.items() if name.startswith(training.TOPIC_RULES)]
    assert topic_rules
    assert shipped.topics.weights[topic_rules].any()  # the topic classifier does read them
    assert not shipped.instrument.weights[topic_rules].any()


def test_without_columns_leaves_the_other_features_as_they_were() -> None:
    x = sparse.csr_matrix(np.array([[1.0, 2.0, 3.0], [0.0, 4.0, 5.0]]))
    assert training._without_columns(x, [1]).toarray().tolist() == [[1.0, 0.0, 3.0], [0.0, 0.0, 5.0]]
    assert training._without_columns(x, []).toarray().tolist() == x.toarray().tolist()


def test_the_topic_and_instrument_models_take_a_share_of_naive_bayes() -> None:
    """A word seen in one class's rows only counts more for that class with the naive Bayes share than the
    regularised logistic regression alone gives it (topics with row weights, instruments without); without
    the share the weights stay as fitted."""
    # Columns: a shared word, a word only in "wonen" rows, one only in "zorg" rows, one only in "onderwijs".
    x = sparse.csr_matrix(
        np.array([[1, 1, 0, 0], [1, 0, 0, 0], [1, 0, 1, 0], [1, 0, 0, 0], [1, 0, 0, 1], [0, 0, 0, 1]], float)
    )
    labels = ["wonen", "wonen", "zorg", "zorg", "onderwijs", "onderwijs"]
    weights = [1.0] * len(labels)

    plain = training._fit(x, labels, weights, training.C_TOPICS)
    fitted = plain.coef_.copy(), plain.intercept_.copy()
    training._blend_naive_bayes(plain, x, labels, weights, 0.0)
    assert (plain.coef_ == fitted[0]).all() and (plain.intercept_ == fitted[1]).all()

    training._blend_naive_bayes(plain, x, labels, weights, 0.5)
    wonen, zorg = list(plain.classes_).index("wonen"), list(plain.classes_).index("zorg")
    assert plain.coef_.shape == fitted[0].shape
    assert plain.coef_[wonen, 1] - plain.coef_[zorg, 1] > fitted[0][wonen, 1] - fitted[0][zorg, 1]

    # A column no row has (the instrument classifier's topic word lists) gains no weight from the share.
    unseen = sparse.hstack([x, sparse.csr_matrix((x.shape[0], 1))]).tocsr()
    model_ = training._fit(unseen, labels, weights, training.C_TOPICS)
    training._blend_naive_bayes(model_, unseen, labels, weights, 0.5)
    assert not model_.coef_[:, -1].any()

    # Two classes: scikit-learn keeps one row of weights (for the second class), and so does the blend.
    pair = training._fit(x[:4], labels[:4], weights[:4], training.C_TOPICS)
    before = pair.coef_.copy()
    training._blend_naive_bayes(pair, x[:4], labels[:4], None, 0.5)
    assert pair.coef_.shape == before.shape == (1, 4)
    assert pair.coef_[0, 2] - before[0, 2] > 0  # the "zorg" word, for "zorg" (the second class)


def test_a_broken_model_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "model.json.gz"
    path.write_bytes(b"not gzip")
    with pytest.raises(model.ModelError, match=r"model\.json\.gz: not a gzipped JSON model file"):
        model.load(path)
    with pytest.raises(model.ModelError, match="no model file"):
        model.load(tmp_path / "missing.json.gz")


def test_the_held_out_set_is_apart_from_the_corpus_and_the_evaluation_set(
    corpus_rows: list,  # type: ignore[type-arg]
) -> None:
    """The held-out rows are of other bodies and other titles (short procedural ones such as "Rondvraag"
    are the same everywhere), and training never reads them."""
    held_out = read_file(CORPUS_DIR / "holdout" / "holdout.tsv")
    assert len(held_out) >= 150
    assert not {r.body for r in held_out} & {r.body for r in corpus_rows}
    assert not {r.id for r in held_out} & {r.id for r in corpus_rows}
    substantive = {fold(r.title) for r in held_out if not r.procedural}
    assert not substantive & {fold(r.title) for r in corpus_rows}
    assert not {r.id for r in held_out} & {r.id for r in read_corpus()}  # the folder is not read
    if DEV_SET.exists():
        assert not {fold(r.title) for r in held_out} & {
            fold(r.title) for r in read_file(DEV_SET, strict=False)
        }


def test_the_topic_lexicon_fires_no_more_on_the_evaluation_sets_than_on_the_corpus(
    corpus_rows: list,  # type: ignore[type-arg]
) -> None:
    """topic_lexicon.tsv was written from knowledge of the policy fields, without labelled titles, so it is
    exempt from the "two bodies" rule that guards topics.tsv. What is checked instead: a word list written
    for the evaluation titles would fire on them far more often than on the corpus; this one may not fire
    on a larger share of the dev or held-out titles than on the corpus' titles, beyond sampling noise."""
    current = rules()
    assert sum(term.source == "topic_lexicon.tsv" for term in current.topic_terms) >= 1500

    def share(rows: list) -> float:  # type: ignore[type-arg]
        substantive = [r for r in rows if not r.procedural]
        hit = sum(
            any(key.startswith("topic_lexicon.tsv:") for key in audit.fired(r.title, current))
            for r in substantive
        )
        return hit / len(substantive)

    corpus_share = share(corpus_rows)
    assert share(read_file(CORPUS_DIR / "holdout" / "holdout.tsv")) <= corpus_share + 0.15
    if DEV_SET.exists():
        assert share(read_file(DEV_SET, strict=False)) <= corpus_share + 0.15


@pytest.mark.parametrize(
    "word",
    [
        "Voorstel",
        "Opening",
        "Beleid",
        "Stemming",
        "Leden",
        "Vergadering",
        "Besluit",
        "Brief",
        "Evaluatie",
        "Nota",
    ],
)
def test_no_lexicon_word_fires_on_a_word_of_the_agenda_itself(word: str) -> None:
    """Terms are compared after stemming, so a term whose stem is that of a common agenda word fires on
    every title with that word: "voorstellingen" (culture) on every voorstel, "openbaarheid" on every
    opening, "begeleiding" (care) on beleid."""
    fired = {key for key in audit.fired(word, rules()) if key.startswith("topic_lexicon.tsv:")}
    assert fired == set()

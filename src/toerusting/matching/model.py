"""The trained classifiers of the matching engine: linear models over the features of `features.py`.

The model file (data/model.json.gz) is written by `toerusting train_matching` from the labelled corpus and
read once per process. Three models share one feature list:

- procedural: one logistic output (the probability that the item runs the meeting itself);
- instrument: a softmax over the 18 instrument codes and "none";
- topics: a softmax over the 26 topic codes; the first topic is the most probable one.

Prediction is a sparse dot product in NumPy: no scikit-learn at run time.
"""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_PATH = Path(__file__).resolve().parent / "data" / "model.json.gz"
FORMAT_VERSION = 1

Vector = npt.NDArray[np.float64]


class ModelError(ValueError):
    """The model file is missing or not of the expected shape; the message names the file."""


@dataclass(frozen=True)
class LinearModel:
    name: str
    classes: tuple[str, ...]
    bias: Vector  # one per class (one value for a logistic model)
    weights: Vector  # features x outputs
    logistic: bool  # one output through a sigmoid instead of a softmax over classes

    def probabilities(self, rows: list[int], values: list[float]) -> Vector:
        scores: Vector = self.bias.copy()
        if rows:
            scores = scores + np.asarray(values) @ self.weights[rows]
        if self.logistic:
            return np.asarray(1.0 / (1.0 + np.exp(-scores)), dtype=np.float64)
        shifted = np.exp(scores - scores.max())
        return np.asarray(shifted / shifted.sum(), dtype=np.float64)

    def contributions(self, rows: list[int], values: list[float], output: int) -> Vector:
        """Per feature: how much it added to one output's score (for explanations)."""
        if not rows:
            return np.zeros(0)
        return np.asarray(values) * self.weights[rows, output]


@dataclass(frozen=True)
class Model:
    features: dict[str, int]
    procedural: LinearModel
    instrument: LinearModel
    topics: LinearModel
    meta: dict[str, Any]
    scales: dict[str, float]  # per feature kind ("r", "p"): the factor training applied to its values
    # How much the reviewable rules weigh beside the classifier, per decision (procedural, instrument,
    # topics): p = (1 - mix) * classifier + mix * rule, where a rule has spoken.
    mix: dict[str, float]
    # Per instrument rule ("motie@10"): how often it was right on the training rows (smoothed).
    instrument_rules: dict[str, float]
    # Per instrument: its substantive training rows; below `rare_support` the rules weigh "instrument_rare".
    instrument_support: dict[str, int]
    rare_support: int

    def instrument_mix(self, code: str, *, by_code: bool = False) -> float:
        """How much an instrument rule for `code` weighs beside the classifier (before its reliability);
        `by_code`: the rule is a code in front of or behind the title ("M12"), not a line of the rules."""
        if by_code and "instrument_code" in self.mix:
            return self.mix["instrument_code"]
        if self.instrument_support.get(code, 0) < self.rare_support:
            return self.mix.get("instrument_rare", self.mix.get("instrument", 0.0))
        return self.mix.get("instrument", 0.0)

    def encode(self, features: dict[str, float]) -> tuple[list[int], list[float], list[str]]:
        """The rows and values of the known features (unknown ones are ignored), and their names."""
        rows: list[int] = []
        values: list[float] = []
        names: list[str] = []
        for name, value in features.items():
            row = self.features.get(name)
            if row is not None:
                rows.append(row)
                values.append(value * self.scales.get(name.partition(":")[0], 1.0))
                names.append(name)
        return rows, values, names


def _linear(name: str, data: dict[str, Any], n_features: int, source: Path) -> LinearModel:
    try:
        classes = tuple(str(c) for c in data["classes"])
        logistic = bool(data["logistic"])
        outputs = 1 if logistic else len(classes)
        bias = np.asarray(data["bias"], dtype=np.float64)
        weights = np.zeros((n_features, outputs), dtype=np.float64)
        for row, output, value in data["weights"]:
            weights[row, output] = value
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ModelError(f"{source}: model {name!r} is malformed: {exc!r}") from exc
    if bias.shape != (outputs,):
        raise ModelError(f"{source}: model {name!r} has {bias.shape} biases for {outputs} outputs")
    return LinearModel(name, classes, bias, weights, logistic)


def from_dict(data: dict[str, Any], source: Path = MODEL_PATH) -> Model:
    if data.get("format") != FORMAT_VERSION:
        raise ModelError(f"{source}: model format {data.get('format')!r}, expected {FORMAT_VERSION}")
    names = [str(name) for name in data.get("features", [])]
    n = len(names)
    return Model(
        features={name: row for row, name in enumerate(names)},
        procedural=_linear("procedural", data["procedural"], n, source),
        instrument=_linear("instrument", data["instrument"], n, source),
        topics=_linear("topics", data["topics"], n, source),
        meta=dict(data.get("meta", {})),
        scales={str(k): float(v) for k, v in data.get("scales", {}).items()},
        mix={str(k): float(v) for k, v in data.get("mix", {}).items()},
        instrument_rules={str(k): float(v) for k, v in data.get("instrument_rules", {}).items()},
        instrument_support={str(k): int(v) for k, v in data.get("instrument_support", {}).items()},
        rare_support=int(data.get("rare_support", 0)),
    )


def load(path: Path = MODEL_PATH) -> Model:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError as exc:
        raise ModelError(f"{path}: no model file; train one with `toerusting train_matching`") from exc
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path}: not a gzipped JSON model file: {exc}") from exc
    return from_dict(data, path)


def write(data: dict[str, Any], path: Path = MODEL_PATH) -> None:
    """Deterministic: the same corpus and settings give the same bytes (no timestamp in the gzip header)."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle:
        handle.write(payload)


_lock = threading.Lock()
_model: Model | None = None
_shipped = False  # the current model is the one read from MODEL_PATH, not one given by use()


def current() -> Model:
    """The model of this process, read on first use."""
    global _model, _shipped
    with _lock:
        if _model is None:
            _model = load()
            _shipped = True
        return _model


def is_shipped() -> bool:
    """Whether this process analyses with the model file (as another process that reads it would)."""
    with _lock:
        return _model is None or _shipped


def use(model: Model | None) -> None:
    """Replace the process's model (evaluation folds, tests); None reads the file again on next use."""
    global _model, _shipped
    with _lock:
        _model = model
        _shipped = False

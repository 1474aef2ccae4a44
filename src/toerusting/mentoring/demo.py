"""The demo mentoring (content/demo/mentoring/*.yaml): wishes, pairs with their meetings, and
train-de-trainer tracks. Every file is read and checked first; then the services write it in one
transaction. Running it again adds only pairs and tracks that are not there yet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from toerusting.contentfiles import ContentError, Node, Problem, Reader, load_yaml
from toerusting.mentoring import services
from toerusting.mentoring.models import STEP_ORDER, MentorPair, PairStatus, TrackKind, TrainerTrack
from toerusting.organisations import selectors as organisation_selectors

STEPS = [str(kind) for kind in STEP_ORDER]


@dataclass
class PairRecord:
    node: Node
    mentor: str
    mentee: str
    status: str
    reason: str
    meetings: list[tuple[dt.date, str]] = field(default_factory=list)


@dataclass
class TrackRecord:
    node: Node
    person: str
    kind: str
    subject: str
    planned: dict[str, dt.date | None]
    done: list[dt.date]


@dataclass
class MentoringFile:
    path: Path
    organisation: str
    griffie: str
    wishes: list[tuple[Node, str, bool]]
    pairs: list[PairRecord]
    tracks: list[TrackRecord]


def read_mentoring_file(path: Path) -> MentoringFile:
    root = load_yaml(path)
    r = Reader()
    r.check_keys(root, {"organisatie", "griffie", "wensen", "koppels", "trajecten"}, "the file")
    wishes = []
    for node in r.nodes(root, "wensen", required=False):
        r.check_keys(node, {"persoon", "andere_fractie"}, "a wish")
        wishes.append((node, r.key(node, "persoon"), r.boolean(node, "andere_fractie")))
    pairs = []
    for node in r.nodes(root, "koppels", required=False):
        r.check_keys(node, {"mentor", "nieuw", "status", "reden", "gesprekken"}, "a pair")
        record = PairRecord(
            node,
            r.key(node, "mentor"),
            r.key(node, "nieuw"),
            r.choice(node, "status", {str(v) for v in PairStatus.values}),
            r.text(node, "reden", required=False),
        )
        for meeting in r.nodes(node, "gesprekken", required=False):
            r.check_keys(meeting, {"datum", "notitie"}, "a meeting")
            record.meetings.append(
                (r.date(meeting, "datum") or dt.date(2000, 1, 1), r.text(meeting, "notitie", required=False))
            )
        if record.meetings and record.status != PairStatus.ACTIVE:
            r.problem(node, "gesprekken", "only an active pair has meetings")
        pairs.append(record)
    tracks = []
    for node in r.nodes(root, "trajecten", required=False):
        r.check_keys(node, {"persoon", "soort", "onderwerp", "stappen"}, "a track")
        planned: dict[str, dt.date | None] = {}
        done: list[dt.date] = []
        for step in r.nodes(node, "stappen"):
            r.check_keys(step, {"stap", "gepland", "klaar"}, "a step")
            kind = r.choice(step, "stap", set(STEPS))
            planned[kind] = r.date(step, "gepland", required=False)
            finished = r.date(step, "klaar", required=False)
            if finished is not None:
                if not kind or len(done) != STEPS.index(kind):
                    r.problem(step, "klaar", "steps are signed off in their order")
                done.append(finished)
        tracks.append(
            TrackRecord(
                node,
                r.key(node, "persoon"),
                r.choice(node, "soort", {str(v) for v in TrackKind.values}),
                r.text(node, "onderwerp", max_length=200),
                planned,
                done,
            )
        )
    organisation = r.key(root, "organisatie")
    griffie = r.text(root, "griffie")
    r.raise_if_any()
    return MentoringFile(path, organisation, griffie, wishes, pairs, tracks)


@transaction.atomic
def load_mentoring(data: MentoringFile) -> tuple[int, int]:
    """Write a checked file through the services. Returns (new pairs, new tracks)."""
    organisation = organisation_selectors.organisation_by_slug(data.organisation)
    if organisation is None:
        raise ContentError(
            [
                Problem(
                    data.path, 1, "organisatie", f"no organisation {data.organisation!r}; run load_demo first"
                )
            ]
        )
    griffie = organisation_selectors.user_by_username(data.griffie)
    if griffie is None:
        raise ContentError(
            [Problem(data.path, 1, "griffie", f"no account {data.griffie!r}; run load_demo first")]
        )
    wanted = {key for _node, key, _other in data.wishes}
    wanted |= (
        {p.mentor for p in data.pairs} | {p.mentee for p in data.pairs} | {t.person for t in data.tracks}
    )
    people = organisation_selectors.people_by_key(wanted)
    problems = [
        Problem(data.path, 1, "persoon", f"no person {key!r}") for key in sorted(wanted - set(people))
    ]
    if problems:
        raise ContentError(problems)
    for _node, key, other in data.wishes:
        services.set_wish(organisation, people[key], other)
    new_pairs = 0
    for record in data.pairs:
        mentor, mentee = people[record.mentor], people[record.mentee]
        if MentorPair.objects.filter(organisation=organisation, mentor=mentor, mentee=mentee).exists():
            continue
        try:
            pair = services.propose_pair(organisation, mentor, mentee, griffie)
            if record.status in (PairStatus.ACTIVE, PairStatus.ENDED):
                pair = services.respond(pair, accept=True)
            elif record.status == PairStatus.DECLINED:
                pair = services.respond(pair, accept=False, reason=record.reason)
            for day, note in record.meetings:
                services.log_meeting(pair, mentee.user, day, note)
            if record.status == PairStatus.ENDED:
                services.end_pair(pair)
        except services.MentoringError as exc:
            raise ContentError(
                [Problem(record.node.path, record.node.line_of("status"), "status", str(exc))]
            ) from exc
        new_pairs += 1
    new_tracks = 0
    for track_record in data.tracks:
        person = people[track_record.person]
        if TrainerTrack.objects.filter(
            organisation=organisation, person=person, subject=track_record.subject
        ).exists():
            continue
        try:
            track = services.start_track(
                organisation, person, track_record.kind, track_record.subject, track_record.planned
            )
            for day in track_record.done:
                services.sign_off_step(track, griffie, day)
        except services.MentoringError as exc:
            raise ContentError(
                [Problem(track_record.node.path, track_record.node.line_of("stappen"), "stappen", str(exc))]
            ) from exc
        new_tracks += 1
    return new_pairs, new_tracks

"""Writes on agenda data: the sync of meetings from any source, the push API's actions, tokens, the demo.

Every source ends up in `upsert_meeting`, one transaction per meeting, keyed on (organisation, source,
source_id): a new meeting is created with its agenda tree; a meeting whose fingerprint did not change is
left alone (no writes); a changed meeting is updated in place: items keep their rows (matched on their
source id) while titles, numbers, order and parents change, new items are added and items that are gone
are deleted. A meeting that fails is reported and the others go on. Live syncs keep a cursor per
organisation and source, and never move it past a meeting that failed.

The package is split by concern: `meetings` (the upsert of one meeting), `sync` (applying entries, the
summary), `files` (import), `gremia` (naming a source's gremia), `live` (live sync), `push` (the push API
and its tokens), `demo`. Other apps and the agenda's own views, API and commands import from here.
"""

from toerusting.agenda.services.demo import load_demo_agenda
from toerusting.agenda.services.files import import_file, read_file
from toerusting.agenda.services.gremia import UnknownSourceGremium, name_source_gremium, source_gremia
from toerusting.agenda.services.live import sync_organisation
from toerusting.agenda.services.meetings import (
    CREATED,
    DELETED,
    FAILED,
    UNCHANGED,
    UPDATED,
    GremiumIndex,
    cancel_meeting,
    delete_meeting,
    meeting_type_and_phase,
    upsert_meeting,
)
from toerusting.agenda.services.push import (
    TOKEN_PREFIX,
    issue_push_token,
    organisation_for_token,
    push_meeting,
    revoke_push_token,
)
from toerusting.agenda.services.sync import (
    Progress,
    SyncSummary,
    UnknownOrganisation,
    apply_entries,
    get_organisation,
    organisation_model,
)

__all__ = [
    "CREATED",
    "DELETED",
    "FAILED",
    "TOKEN_PREFIX",
    "UNCHANGED",
    "UPDATED",
    "GremiumIndex",
    "Progress",
    "SyncSummary",
    "UnknownOrganisation",
    "UnknownSourceGremium",
    "apply_entries",
    "cancel_meeting",
    "delete_meeting",
    "get_organisation",
    "import_file",
    "issue_push_token",
    "load_demo_agenda",
    "meeting_type_and_phase",
    "name_source_gremium",
    "organisation_for_token",
    "organisation_model",
    "push_meeting",
    "read_file",
    "revoke_push_token",
    "source_gremia",
    "sync_organisation",
    "upsert_meeting",
]

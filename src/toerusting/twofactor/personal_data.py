"""The second login step's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase").

Only facts about the step are shown: never the app's key, a passkey's public key or the recovery codes,
which are secrets (the codes kept only as a keyed hash)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.personaldata import Section, section
from toerusting.twofactor.models import EnrolmentDemand, Passkey, RecoveryCode, TotpDevice


def export(user: Any) -> list[Section]:
    """The hook "personal_data": whether an authenticator app is set up, the recovery codes' use, and a
    pending demand to set it up again."""
    return [
        section(
            "twofactor.totpdevice",
            _("Authenticator app"),
            (
                {_("Set up on"): device.created_at, _("Confirmed on"): device.confirmed_at}
                for device in TotpDevice.objects.filter(user_id=user.pk)
            ),
        ),
        section(
            "twofactor.recoverycode",
            _("Recovery codes"),
            (
                {_("Recovery code"): number, _("Used on"): code.used_at}
                for number, code in enumerate(RecoveryCode.objects.filter(user_id=user.pk).order_by("pk"), 1)
            ),
        ),
        section(
            "twofactor.passkey",
            _("Passkeys"),
            (
                {
                    _("Name"): passkey.name,
                    _("Added on"): passkey.created_at,
                    _("Last used"): passkey.last_used_at,
                    _("Blocked as a possible copy on"): passkey.clone_warning_at,
                }
                for passkey in Passkey.objects.filter(user_id=user.pk)
            ),
        ),
        section(
            "twofactor.enrolmentdemand",
            _("Asked to set up the second login step again"),
            ({_("Since"): demand.created_at} for demand in EnrolmentDemand.objects.filter(user_id=user.pk)),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The hook "personal_data_erase": the app, the codes and a pending demand go with the account; none of
    it belongs to one organisation."""
    if organisation is not None:
        return {}
    return {
        "twofactor.totpdevice": TotpDevice.objects.filter(user_id=user.pk).delete()[0],
        "twofactor.recoverycode": RecoveryCode.objects.filter(user_id=user.pk).delete()[0],
        "twofactor.passkey": Passkey.objects.filter(user_id=user.pk).delete()[0],
        "twofactor.enrolmentdemand": EnrolmentDemand.objects.filter(user_id=user.pk).delete()[0],
    }

"""The one-line reason of a recommendation, kept as data and written in the reader's language.

The engine stores what a reason is made of (`Why`: the topic and instrument that fitted, the words of the
title that showed the topic, and the bodies it names); pages render it with `render`, in Dutch or English.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

# "<instrument> about <topic>": what the council is asked to do, as a noun phrase.
INSTRUMENT_PHRASES = {
    "zienswijze": gettext_lazy("a view (zienswijze) of the council"),
    "wensen_bedenkingen": gettext_lazy("wishes and objections on a decision the executive intends to take"),
    "motie": gettext_lazy("a motion"),
    "amendement": gettext_lazy("an amendment"),
    "initiatiefvoorstel": gettext_lazy("a proposal by members themselves"),
    "interpellatie": gettext_lazy("an interpellation"),
    "vragen": gettext_lazy("questions to the executive"),
    "geheimhouding": gettext_lazy("a decision on secrecy"),
    "benoeming": gettext_lazy("an appointment or installation"),
    "verordening": gettext_lazy("a by-law"),
    "pc_document": gettext_lazy("a planning & control document"),
    "krediet": gettext_lazy("a request for a budget"),
    "ruimtelijk_besluit": gettext_lazy("a spatial planning decision"),
    "beleidskader": gettext_lazy("a policy framework"),
    "onderzoek": gettext_lazy("a study or audit report"),
    "informatie": gettext_lazy("information for the council"),
    "petitie": gettext_lazy("a petition or citizens' initiative"),
    "bezwaar": gettext_lazy("a decision on an objection"),
}
TOPIC_PHRASES = {
    "financien": gettext_lazy("finances and planning & control"),
    "belastingen": gettext_lazy("local taxes and charges"),
    "ruimte": gettext_lazy("spatial planning and the Environment Act"),
    "wonen": gettext_lazy("housing"),
    "grondbeleid": gettext_lazy("land policy and property"),
    "zorg": gettext_lazy("social support, care and welfare"),
    "jeugd": gettext_lazy("youth and youth care"),
    "werk_inkomen": gettext_lazy("work, income and poverty"),
    "onderwijs": gettext_lazy("education"),
    "gezondheid": gettext_lazy("public health and prevention"),
    "veiligheid": gettext_lazy("safety and public order"),
    "asiel_integratie": gettext_lazy("asylum, reception and integration"),
    "energie_klimaat": gettext_lazy("energy and climate"),
    "duurzaamheid": gettext_lazy("sustainability, nature and climate adaptation"),
    "afval": gettext_lazy("waste and resources"),
    "milieu": gettext_lazy("environment, permits and the environmental service"),
    "mobiliteit": gettext_lazy("traffic and mobility"),
    "openbare_ruimte": gettext_lazy("public space and its upkeep"),
    "economie": gettext_lazy("economy, business and tourism"),
    "cultuur_sport": gettext_lazy("culture, sport and recreation"),
    "regionale_samenwerking": gettext_lazy("regional cooperation and joint arrangements"),
    "bestuur": gettext_lazy("governance and the council itself"),
    "integriteit": gettext_lazy("integrity"),
    "participatie": gettext_lazy("participation and residents' say"),
    "dienstverlening": gettext_lazy("public services, information and digitalisation"),
    "weerbaarheid": gettext_lazy("the resilience of office holders"),
}


@dataclass(frozen=True)
class Why:
    topic: str = ""  # the agenda item's first topic, when the catalogue item carries it
    instrument: str = ""  # the agenda item's instrument, when the catalogue item carries it
    words: tuple[str, ...] = ()  # words of the title that showed the topic ("rioolheffing")
    bodies: tuple[str, ...] = ()  # bodies the title names ("GGD")

    def as_data(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "instrument": self.instrument,
            "words": list(self.words),
            "bodies": list(self.bodies),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Why:
        data = data or {}
        return cls(
            topic=str(data.get("topic") or ""),
            instrument=str(data.get("instrument") or ""),
            words=tuple(str(w) for w in data.get("words") or ()),
            bodies=tuple(str(b) for b in data.get("bodies") or ()),
        )


def render(why: Why) -> str:
    """The reason in the active language: specific (the words and bodies of the title), one line."""
    detail_parts = [*why.bodies[:2], *(w for w in why.words[:2] if w not in why.bodies)]
    detail = f" ({', '.join(detail_parts)})" if detail_parts else ""
    topic = TOPIC_PHRASES.get(why.topic)
    instrument = INSTRUMENT_PHRASES.get(why.instrument)
    if instrument and topic:
        return _("This agenda item is %(instrument)s about %(topic)s%(detail)s.") % {
            "instrument": instrument,
            "topic": topic,
            "detail": detail,
        }
    if instrument:
        return _("This agenda item is %(instrument)s%(detail)s.") % {
            "instrument": instrument,
            "detail": detail,
        }
    if topic:
        return _("This agenda item is about %(topic)s%(detail)s.") % {"topic": topic, "detail": detail}
    return _("This fits the kind of decision on the agenda.")


@lru_cache(maxsize=8192)
def render_dutch(why: Why) -> str:
    """The reason in Dutch, as stored beside its data (exports, the admin). Remembered: switching the
    language costs more than the rest of the ranking, and agendas repeat their reasons."""
    with override("nl"):
        return render(why)

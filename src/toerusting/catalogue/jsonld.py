"""The public catalogue as schema.org JSON-LD: a `Course` per item (with a `CourseInstance` per dated
session), on each public item page and as one feed (/catalogus/feed.jsonld).

The shape is the one toerusting.providers reads from providers' feeds, so the two are tested against each
other (a round trip). Vocabulary codes travel as `DefinedTerm.termCode` with the Dutch name beside them.
"""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from toerusting.catalogue import taxonomy
from toerusting.catalogue.models import LearningItem

SCHEMA = "https://schema.org"
# courseMode values for our formats (schema.org leaves the values open; these are the common ones).
COURSE_MODE = {"online": "online", "op_locatie": "onsite", "blended": "blended"}
TERM_SETS = {
    "onderwerp": taxonomy.TOPICS,
    "instrument": taxonomy.INSTRUMENTS,
    "competentie": taxonomy.COMPETENCIES,
}


def _term(code: str, terms: tuple[taxonomy.Term, ...], term_set: str) -> dict[str, str]:
    return {
        "@type": "DefinedTerm",
        "termCode": code,
        "name": taxonomy.by_code(terms)[code].nl,
        "inDefinedTermSet": term_set,
    }


def course(item: LearningItem, site_url: str) -> dict[str, Any]:
    """One item as a schema.org Course (the item's topics, instruments, audience and sessions read)."""
    page = site_url.rstrip("/") + reverse("catalogue:item", kwargs={"slug": item.slug})
    data: dict[str, Any] = {
        "@type": "Course",
        "@id": page,
        "identifier": item.slug,
        "url": page,
        "name": item.title,
        "abstract": item.summary,
        "description": item.body_text or item.summary,
        "inLanguage": "nl",
        "provider": {"@type": "Organization", "name": item.provider_name},
        "learningResourceType": item.kind,
        "educationalLevel": item.level,
        "educationalUse": item.rubric,
        "timeRequired": f"PT{item.duration_minutes}M",
        "about": [_term(t.topic_id, taxonomy.TOPICS, "onderwerp") for t in item.item_topics.all()]
        + [_term(i.code, taxonomy.INSTRUMENTS, "instrument") for i in item.instruments.all()],
        "teaches": [_term(c.code, taxonomy.COMPETENCIES, "competentie") for c in item.competencies.all()],
        "audience": [
            {
                "@type": "Audience",
                "audienceType": a.code,
                "name": taxonomy.by_code(taxonomy.AUDIENCES)[a.code].nl,
            }
            for a in item.audience.all()
        ],
        "isAccessibleForFree": not item.cost_eur,
        "offers": {
            "@type": "Offer",
            "price": f"{item.cost_eur:.2f}",
            "priceCurrency": "EUR",
            "category": "Paid" if item.cost_eur else "Free",
        },
    }
    if item.url:
        data["sameAs"] = item.url
    sessions = list(item.sessions.all())
    if sessions:
        data["hasCourseInstance"] = [
            {
                "@type": "CourseInstance",
                "courseMode": COURSE_MODE[item.format],
                "startDate": timezone.localtime(session.starts_at).isoformat(),
                "endDate": timezone.localtime(session.ends_at).isoformat(),
                "location": {"@type": "Place", "name": session.location},
                **({"maximumAttendeeCapacity": session.places} if session.places else {}),
            }
            for session in sessions
        ]
    else:
        data["hasCourseInstance"] = [{"@type": "CourseInstance", "courseMode": COURSE_MODE[item.format]}]
    return data


def document(courses: list[dict[str, Any]]) -> dict[str, Any]:
    return {"@context": SCHEMA, "@graph": courses}


def script_tag(item: LearningItem, site_url: str) -> SafeString:
    """The `<script type="application/ld+json">` of an item page; <, > and & are escaped inside the JSON
    so that no text of the item can end the script element."""
    text = json.dumps({"@context": SCHEMA, **course(item, site_url)}, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above

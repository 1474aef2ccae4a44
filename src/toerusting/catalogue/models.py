"""The learning catalogue: items of many kinds, their tags, micro-module content, sessions and endorsements.

Items come from text files under content/catalogue/ (national catalogue) or are made by a griffie for its
own organisation through forms. Vocabularies are fixed codes (taxonomy.py), stored as small tables so that
filters and facet counts are plain joins.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from toerusting.catalogue import taxonomy


class Topic(models.Model):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["code"]

    def __str__(self) -> str:
        return taxonomy.by_code(taxonomy.TOPICS)[self.code].label


class Instrument(models.Model):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("council instrument")
        verbose_name_plural = _("council instruments")
        ordering = ["code"]

    def __str__(self) -> str:
        return taxonomy.by_code(taxonomy.INSTRUMENTS)[self.code].label


class Competency(models.Model):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["code"]

    def __str__(self) -> str:
        return taxonomy.by_code(taxonomy.COMPETENCIES)[self.code].label


class AudienceRole(models.Model):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("audience role")
        verbose_name_plural = _("audience roles")
        ordering = ["code"]

    def __str__(self) -> str:
        return taxonomy.by_code(taxonomy.AUDIENCES)[self.code].label


class LearningItemQuerySet(models.QuerySet["LearningItem"]):
    def published(self) -> LearningItemQuerySet:
        return self.filter(is_published=True)

    def national(self) -> LearningItemQuerySet:
        return self.filter(organisation__isnull=True)


class LearningItem(models.Model):
    """One thing to learn from: a micro-module, a clip, a guide, a training, an intervision track ..."""

    slug = models.SlugField(_("key"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=taxonomy.choices(taxonomy.KINDS))
    provider = models.CharField(_("provider"), max_length=30, choices=taxonomy.choices(taxonomy.PROVIDERS))
    topics = models.ManyToManyField(
        Topic, through="ItemTopic", related_name="items", verbose_name=_("topics")
    )
    instruments = models.ManyToManyField(
        Instrument, blank=True, related_name="items", verbose_name=_("council instruments")
    )
    competencies = models.ManyToManyField(
        Competency, blank=True, related_name="items", verbose_name=_("competencies")
    )
    audience = models.ManyToManyField(AudienceRole, related_name="items", verbose_name=_("audience"))
    rubric = models.CharField(_("rubric"), max_length=20, choices=taxonomy.choices(taxonomy.RUBRICS))
    level = models.CharField(_("level"), max_length=20, choices=taxonomy.choices(taxonomy.LEVELS))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    format = models.CharField(_("format"), max_length=20, choices=taxonomy.choices(taxonomy.FORMATS))
    non_partisan = models.BooleanField(
        _("non-partisan"),
        default=True,
        help_text=_("Not party-political training: the municipality may pay for it."),
    )
    cost_eur = models.DecimalField(_("cost in euros"), max_digits=8, decimal_places=2, default=0)
    language_level = models.CharField(
        _("language level"), max_length=2, choices=[(v, v) for v in taxonomy.LANGUAGE_LEVELS], default="B1"
    )
    url = models.URLField(_("web address"), blank=True)
    body_html = models.TextField(_("text"), blank=True)
    body_text = models.TextField(editable=False, blank=True)
    reflection_prompt = models.TextField(_("reflection question"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="learning_items",
        verbose_name=_("organisation"),
        help_text=_("Empty for the national catalogue; set for a griffie's own offer."),
    )
    source_path = models.CharField(_("content file"), max_length=300, blank=True)
    # Items that a learning provider maintains itself (toerusting.providers): who offers it, where the data
    # came from ("form" or the feed's address) and when it was last checked; withdrawn_at when the provider
    # took it out of its offer (the item is unpublished, never deleted).
    offered_by = models.CharField(_("offered by"), max_length=200, blank=True)
    source_url = models.CharField(_("source of the data"), max_length=500, blank=True)
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LearningItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning item")
        verbose_name_plural = _("learning items")
        ordering = ["duration_minutes", "title"]
        indexes = [models.Index(fields=["is_published", "kind"]), models.Index(fields=["duration_minutes"])]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="item_duration_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_micro_module(self) -> bool:
        return self.kind == "micro_module"

    @property
    def is_example(self) -> bool:
        """A national item of our own (griffie, Toerusting) of a kind that needs a recording, a course or a
        person (a kennisclip, webinar, podcast, e-learning, training, intervisie or mentoring): it describes
        a kind of offer that a griffie can organise or buy, it is not offered here itself. Pages say so."""
        return (
            self.organisation_id is None
            and self.provider in taxonomy.OWN_PROVIDERS
            and self.kind in taxonomy.EXAMPLE_KINDS
        )

    @property
    def kind_label(self) -> str:
        return taxonomy.by_code(taxonomy.KINDS)[self.kind].label

    @property
    def provider_label(self) -> str:
        return taxonomy.by_code(taxonomy.PROVIDERS)[self.provider].label

    @property
    def provider_name(self) -> str:
        """Who offers it, naming the organisation: an organisation's own item is its griffie's; a national
        griffie item is a kind of offer that the reader's own griffie can organise."""
        if self.offered_by:
            return self.offered_by
        organisation = self.organisation
        if organisation is not None:
            if self.provider == "griffie":
                return str(_("The griffie of %(organisation)s")) % {"organisation": organisation.name}
            return f"{self.provider_label}, {organisation.name}"
        if self.provider == "griffie":
            return str(_("Your own griffie (it can organise this)"))
        if self.provider not in taxonomy.OWN_PROVIDERS and self.source_path:
            # National content files are written by Toerusting; the association named is the kind of
            # offer it describes, not an offer that association published here.
            return str(_("Written by Toerusting (not an offer of %(provider)s itself)")) % {
                "provider": self.provider_label
            }
        return self.provider_label

    @property
    def is_from_provider(self) -> bool:
        """Maintained by a learning provider itself (form or feed), not written by Toerusting."""
        return bool(self.offered_by)

    @property
    def source_is_form(self) -> bool:
        return self.source_url == "form"

    @property
    def format_label(self) -> str:
        return taxonomy.by_code(taxonomy.FORMATS)[self.format].label

    @property
    def rubric_label(self) -> str:
        return taxonomy.by_code(taxonomy.RUBRICS)[self.rubric].label

    @property
    def level_label(self) -> str:
        return taxonomy.by_code(taxonomy.LEVELS)[self.level].label


class ItemTopic(models.Model):
    """A topic of an item, ranked: rank 0 is the main topic."""

    item = models.ForeignKey(LearningItem, on_delete=models.CASCADE, related_name="item_topics")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="item_topics")
    rank = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["item", "topic"], name="item_topic_unique")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.topic_id} ({self.rank})"


class SearchDocument(models.Model):
    """An item as catalogue search indexes it: the analysed words of each field (see search.py)."""

    item = models.OneToOneField(
        LearningItem, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField()
    summary = models.TextField()
    body = models.TextField()
    tags = models.TextField()

    def __str__(self) -> str:
        return str(self.item_id)


class SearchWord(models.Model):
    """A word that occurs in an item (with its stem): the vocabulary that typos are corrected against."""

    item = models.ForeignKey(LearningItem, on_delete=models.CASCADE, related_name="search_words")
    word = models.CharField(max_length=60)
    stem = models.CharField(max_length=60)

    class Meta:
        indexes = [models.Index(fields=["word"]), models.Index(fields=["stem"])]

    def __str__(self) -> str:
        return self.word


class ModuleSection(models.Model):
    """A short section of reading in a micro-module."""

    item = models.ForeignKey(LearningItem, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=200)
    body_html = models.TextField(_("text"))

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["item", "order"], name="section_order_unique")]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A multiple-choice question in a micro-module, with feedback per answer."""

    item = models.ForeignKey(LearningItem, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    prompt = models.TextField(_("question"))

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["item", "order"], name="question_order_unique")]

    def __str__(self) -> str:
        return self.prompt


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField()
    text = models.TextField(_("answer"))
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(_("feedback"))

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["question", "order"], name="option_order_unique")]

    def __str__(self) -> str:
        return self.text


class Case(models.Model):
    """The dilemma case of a micro-module, with questions to discuss."""

    item = models.OneToOneField(LearningItem, on_delete=models.CASCADE, related_name="case")
    title = models.CharField(_("title"), max_length=200)
    situation_html = models.TextField(_("situation"))
    discussion_questions = models.JSONField(_("discussion questions"), default=list)

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """A dated session of an in-person training or intervision round."""

    item = models.ForeignKey(LearningItem, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=200)
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.starts_at:%Y-%m-%d %H:%M}"


class Endorsement(models.Model):
    """Word of mouth: a member found an item useful. Others see counts; the name only if shown."""

    item = models.ForeignKey(LearningItem, on_delete=models.CASCADE, related_name="endorsements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements")
    note = models.CharField(_("note"), max_length=200, blank=True)
    show_name = models.BooleanField(_("show my name to colleagues"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="one_endorsement_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.item_id}"


class ColleagueTip(models.Model):
    """A member sends an item to a colleague in the same organisation."""

    item = models.ForeignKey(LearningItem, on_delete=models.CASCADE, related_name="colleague_tips")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="received_tips"
    )
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    message = models.CharField(_("message"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tip from a colleague")
        verbose_name_plural = _("tips from colleagues")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.recipient_id}: {self.item_id}"

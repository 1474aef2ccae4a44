"""Organisations (tenants) and who holds which office in them.

Organisation: a gemeente, provincie or waterschap. Body: its representative body (gemeenteraad, Provinciale
Staten, algemeen bestuur) and its gremia (commissies, presidium, auditcommissie, college/GS/DB).
CouncilTerm: a zittingsperiode. Fractie: a group elected on one list, within one term. Person and Functie:
a person holds a role in a body for a period; a person can hold several functies at once, also in
different organisations, and move between them.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("municipality (gemeente)")
    PROVINCIE = "provincie", _("province (provincie)")
    WATERSCHAP = "waterschap", _("water authority (waterschap)")


# The representative body of each kind of organisation.
REPRESENTATIVE_BODY = {
    OrganisationKind.GEMEENTE: "raad",
    OrganisationKind.PROVINCIE: "provinciale_staten",
    OrganisationKind.WATERSCHAP: "algemeen_bestuur",
}
# The executive body of each kind of organisation.
EXECUTIVE_BODY = {
    OrganisationKind.GEMEENTE: "college",
    OrganisationKind.PROVINCIE: "gedeputeerde_staten",
    OrganisationKind.WATERSCHAP: "dagelijks_bestuur",
}

THEME_TOKEN_NAME = re.compile(r"--(?:utrecht|toerusting)-[a-z0-9-]{1,80}")
THEME_TOKEN_VALUE = re.compile(r"[#%(),.\-\w\s\"'/]{1,200}")


def validate_theme(value: object) -> None:
    """A theme is a flat mapping of design-token names to safe CSS values."""
    if not isinstance(value, dict):
        raise ValidationError(_("The theme must be a mapping of design tokens to values."))
    for name, token_value in value.items():
        if not isinstance(name, str) or not THEME_TOKEN_NAME.fullmatch(name):
            raise ValidationError(
                _("%(name)s is not a design token name (for example --utrecht-color-blue-40)."),
                params={"name": name},
            )
        if not isinstance(token_value, str) or not THEME_TOKEN_VALUE.fullmatch(token_value):
            raise ValidationError(_("The value of %(name)s is not a plain CSS value."), params={"name": name})


class Organisation(models.Model):
    """A tenant: one gemeente, provincie or waterschap."""

    slug = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        help_text=_("GM + 4 digits for a municipality, PV + 2 for a province, WS + 4 for a water authority."),
    )
    tooi_code = models.CharField(
        _("TOOI code"), max_length=6, unique=True, help_text=_("For example gm0363.")
    )
    inhabitants = models.PositiveIntegerField(_("inhabitants"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    theme = models.JSONField(
        _("theme"),
        default=dict,
        blank=True,
        validators=[validate_theme],
        help_text=_("Design tokens that override the default theme, as a JSON mapping."),
    )
    # Whether there is a logo, and a counter bumped whenever the griffie sets one (never reset): the header
    # links the logo by its version, so browsers may keep it for a year. The image itself is in
    # OrganisationLogo, read only when it is served.
    has_logo = models.BooleanField(_("has a logo"), default=False, editable=False)
    logo_version = models.PositiveIntegerField(_("logo version"), default=0, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cbs_code__regex=r"^(GM[0-9]{4}|PV[0-9]{2}|WS[0-9]{4})$"),
                name="organisation_cbs_code_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tooi_uri(self) -> str:
        """The TOOI identifier URI of this organisation."""
        return f"https://identifier.overheid.nl/tooi/id/{self.kind}/{self.tooi_code}"

    def clean(self) -> None:
        problem = cbs_code_problem(self.kind, self.cbs_code)
        if problem:
            raise ValidationError({"cbs_code": problem})
        if self.cbs_code and self.tooi_code and self.tooi_code != self.cbs_code.lower():
            raise ValidationError({"tooi_code": _("The TOOI code is the CBS code in lower case.")})


CBS_CODE_FORMAT = {"gemeente": ("GM", 4), "provincie": ("PV", 2), "waterschap": ("WS", 4)}


def cbs_code_problem(kind: str, code: str) -> str:
    """Why a CBS code does not fit the kind of organisation ('' when it fits)."""
    prefix, digits = CBS_CODE_FORMAT.get(kind, ("", 0))
    if not prefix or (code.startswith(prefix) and code[2:].isdigit() and len(code) == 2 + digits):
        return ""
    return str(
        _("%(code)s is not a %(kind)s code (%(prefix)s followed by %(digits)d digits).")
        % {"code": code, "kind": kind, "prefix": prefix, "digits": digits}
    )


class BodyKind(models.TextChoices):
    RAAD = "raad", _("municipal council (gemeenteraad)")
    PROVINCIALE_STATEN = "provinciale_staten", _("Provincial Council (Provinciale Staten)")
    ALGEMEEN_BESTUUR = "algemeen_bestuur", _("general board (algemeen bestuur)")
    COMMISSIE = "commissie", _("committee (commissie)")
    PRESIDIUM = "presidium", _("presidium")
    AGENDACOMMISSIE = "agendacommissie", _("agenda committee (agendacommissie)")
    AUDITCOMMISSIE = "auditcommissie", _("audit committee (auditcommissie)")
    COLLEGE = "college", _("municipal executive (college van B&W)")
    GEDEPUTEERDE_STATEN = "gedeputeerde_staten", _("provincial executive (Gedeputeerde Staten)")
    DAGELIJKS_BESTUUR = "dagelijks_bestuur", _("executive board (dagelijks bestuur)")


REPRESENTATIVE_KINDS = {"raad", "provinciale_staten", "algemeen_bestuur"}
EXECUTIVE_KINDS = {"college", "gedeputeerde_staten", "dagelijks_bestuur"}
BODY_KINDS_FOR = {
    OrganisationKind.GEMEENTE: {
        "raad",
        "commissie",
        "presidium",
        "agendacommissie",
        "auditcommissie",
        "college",
    },
    OrganisationKind.PROVINCIE: {
        "provinciale_staten",
        "commissie",
        "presidium",
        "agendacommissie",
        "auditcommissie",
        "gedeputeerde_staten",
    },
    OrganisationKind.WATERSCHAP: {
        "algemeen_bestuur",
        "commissie",
        "presidium",
        "agendacommissie",
        "auditcommissie",
        "dagelijks_bestuur",
    },
}


class BobPhase(models.TextChoices):
    """The phase of the BOB meeting model a commissie serves."""

    BEELDVORMEND = "beeldvormend", _("forming a picture (beeldvormend)")
    OORDEELSVORMEND = "oordeelsvormend", _("forming an opinion (oordeelsvormend)")
    BESLUITVORMEND = "besluitvormend", _("deciding (besluitvormend)")


class Body(models.Model):
    """The representative body or one of the gremia of an organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="bodies",
        verbose_name=_("organisation"),
    )
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    bob_phase = models.CharField(_("BOB phase"), max_length=20, choices=BobPhase.choices, blank=True)
    seats = models.PositiveSmallIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Only for the representative body.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("body or gremium")
        verbose_name_plural = _("bodies and gremia")
        ordering = ["organisation", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="body_key_unique_per_organisation"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(kind__in=sorted(REPRESENTATIVE_KINDS)),
                name="one_representative_body_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_representative(self) -> bool:
        return self.kind in REPRESENTATIVE_KINDS

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if self.organisation_id and self.kind not in BODY_KINDS_FOR[OrganisationKind(self.organisation.kind)]:
            errors["kind"] = _("A %(organisation)s has no body of this kind.") % {
                "organisation": self.organisation.get_kind_display()
            }
        if self.bob_phase and self.kind != BodyKind.COMMISSIE:
            errors["bob_phase"] = _("Only a committee has a BOB phase.")
        if self.seats is not None and not self.is_representative:
            errors["seats"] = _("Only the representative body has seats.")
        if self.is_representative and self.seats is not None and self.seats % 2 == 0:
            errors["seats"] = _("A representative body has an odd number of seats.")
        if errors:
            raise ValidationError(errors)


class CouncilTerm(models.Model):
    """A zittingsperiode: from installation to the installation of the next body."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="terms", verbose_name=_("organisation")
    )
    key = models.SlugField(_("key"), max_length=20, help_text=_("For example 2026-2030."))
    election_date = models.DateField(_("election date"))
    installation_date = models.DateField(_("installation date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("council term")
        verbose_name_plural = _("council terms")
        ordering = ["organisation", "installation_date"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="term_key_unique_per_organisation"),
            models.CheckConstraint(
                condition=Q(election_date__lte=models.F("installation_date"))
                & Q(installation_date__lt=models.F("end_date")),
                name="term_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.key}"


class PartyKind(models.TextChoices):
    LOKAAL = "lokaal", _("local party (lokaal)")
    LANDELIJK = "landelijk", _("national party (landelijk)")
    PROVINCIAAL = "provinciaal", _("provincial party (provinciaal)")
    COMBINATIE = "combinatie", _("joint list (combinatie)")
    GEBORGD = "geborgd", _("guaranteed seats (geborgde zetels)")


class Fractie(models.Model):
    """Members elected on one list, within one term. An afsplitsing points to the fractie it left."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="fracties",
        verbose_name=_("organisation"),
    )
    term = models.ForeignKey(
        CouncilTerm,
        on_delete=models.CASCADE,
        related_name="fracties",
        verbose_name=_("council term"),
    )
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    party_kind = models.CharField(_("kind of party"), max_length=20, choices=PartyKind.choices)
    seats = models.PositiveSmallIntegerField(_("seats won at the election"), default=0)
    split_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="splits",
        verbose_name=_("split off from"),
    )
    split_date = models.DateField(_("date of the split"), null=True, blank=True)

    class Meta:
        verbose_name = _("fractie")
        verbose_name_plural = _("fracties")
        ordering = ["organisation", "term", "-seats", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "term", "key"], name="fractie_key_unique_per_term"
            ),
            models.CheckConstraint(
                condition=Q(split_from__isnull=True) | Q(split_date__isnull=False),
                name="fractie_split_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.term_id and self.organisation_id and self.term.organisation_id != self.organisation_id:
            raise ValidationError({"term": _("The term belongs to another organisation.")})
        if self.split_from is not None and self.split_from.organisation_id != self.organisation_id:
            raise ValidationError({"split_from": _("A fractie can only split off within its own council.")})


class Person(models.Model):
    """A human being who holds or held one or more functies; optionally linked to a login."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    given_name = models.CharField(_("given name"), max_length=100)
    initials = models.CharField(_("initials"), max_length=20, blank=True)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    family_name = models.CharField(_("family name"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.tussenvoegsel, self.family_name) if part)


class Role(models.TextChoices):
    RAADSLID = "raadslid", _("council member (raadslid)")
    BURGERLID = "burgerlid", _("committee member (burgerlid)")
    FRACTIEVOORZITTER = "fractievoorzitter", _("group leader (fractievoorzitter)")
    WETHOUDER = "wethouder", _("alderman (wethouder)")
    BURGEMEESTER = "burgemeester", _("mayor (burgemeester)")
    GRIFFIER = "griffier", _("clerk of the council (griffier)")
    GRIFFIEMEDEWERKER = "griffiemedewerker", _("council clerk's office (griffiemedewerker)")
    GEMEENTESECRETARIS = "gemeentesecretaris", _("municipal secretary (gemeentesecretaris)")
    STATENLID = "statenlid", _("member of the Provincial Council (Statenlid)")
    GEDEPUTEERDE = "gedeputeerde", _("provincial executive (gedeputeerde)")
    COMMISSARIS_VAN_DE_KONING = (
        "commissaris_van_de_koning",
        _("King's Commissioner (commissaris van de Koning)"),
    )
    AB_LID = "ab_lid", _("general board member (AB-lid)")
    DB_LID = "db_lid", _("executive board member (DB-lid, heemraad)")
    DIJKGRAAF = "dijkgraaf", _("chair of the water authority (dijkgraaf)")
    SECRETARIS_DIRECTEUR = "secretaris_directeur", _("secretary-director (secretaris-directeur)")
    VOORZITTER = "voorzitter", _("chair (voorzitter)")
    LID = "lid", _("member (lid)")


ROLES_FOR_KIND = {
    OrganisationKind.GEMEENTE: {
        "raadslid",
        "burgerlid",
        "fractievoorzitter",
        "wethouder",
        "burgemeester",
        "griffier",
        "griffiemedewerker",
        "gemeentesecretaris",
        "voorzitter",
        "lid",
    },
    OrganisationKind.PROVINCIE: {
        "statenlid",
        "burgerlid",
        "fractievoorzitter",
        "gedeputeerde",
        "commissaris_van_de_koning",
        "griffier",
        "griffiemedewerker",
        "voorzitter",
        "lid",
    },
    OrganisationKind.WATERSCHAP: {
        "ab_lid",
        "db_lid",
        "dijkgraaf",
        "fractievoorzitter",
        "secretaris_directeur",
        "griffier",
        "griffiemedewerker",
        "burgerlid",
        "voorzitter",
        "lid",
    },
}
# Roles that sit for a fractie.
FRACTIE_ROLES = {"raadslid", "statenlid", "ab_lid", "fractievoorzitter"}
# Elected members of the representative body.
ELECTED_ROLES = {"raadslid", "statenlid", "ab_lid"}


class FunctieQuerySet(models.QuerySet["Functie"]):
    def current(self, day: dt.date | None = None) -> FunctieQuerySet:
        """Functies held on the given day (today by default)."""
        day = day or dt.date.today()
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gt=day))

    def not_ended(self, day: dt.date | None = None) -> FunctieQuerySet:
        """Functies held now or starting later: they give access to the organisation."""
        day = day or dt.date.today()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=day))


class Functie(models.Model):
    """A person holds a role in a body of an organisation for a period (end date exclusive)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="functies", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="functies",
        verbose_name=_("organisation"),
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="functies", verbose_name=_("body"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    fractie = models.ForeignKey(
        Fractie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="functies",
        verbose_name=_("fractie"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)

    objects = FunctieQuerySet.as_manager()

    class Meta:
        verbose_name = _("functie")
        verbose_name_plural = _("functies")
        ordering = ["organisation", "person", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__lt=models.F("end_date")),
                name="functie_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["person", "body", "role", "start_date"], name="functie_unique_start"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()}, {self.body}"

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if self.body_id and self.organisation_id and self.body.organisation_id != self.organisation_id:
            errors["body"] = _("The body belongs to another organisation.")
        if self.organisation_id and self.role not in ROLES_FOR_KIND[OrganisationKind(self.organisation.kind)]:
            errors["role"] = _("This role does not exist in a %(kind)s.") % {
                "kind": self.organisation.get_kind_display()
            }
        if self.role in FRACTIE_ROLES and not self.fractie_id:
            errors["fractie"] = _("This role is held for a fractie: choose one.")
        fractie = self.fractie if self.fractie_id else None
        if fractie is not None:
            if fractie.organisation_id != self.organisation_id:
                errors["fractie"] = _("The fractie belongs to another organisation.")
            elif self.start_date and not (
                fractie.term.installation_date <= self.start_date < fractie.term.end_date
            ):
                errors["fractie"] = _("The fractie belongs to a term that does not cover the start date.")
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("The end must be after the start.")
        if errors:
            raise ValidationError(errors)


class OrganisationLogo(models.Model):
    """The organisation's logo for the page header, kept in the database so that every app node serves it
    (no shared media storage needed). Checked by services.set_logo: PNG, JPEG, WebP or a plain SVG, small."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="logo", verbose_name=_("organisation")
    )
    content_type = models.CharField(_("content type"), max_length=40)
    data = models.BinaryField(_("image"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("logo")
        verbose_name_plural = _("logos")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.content_type})"

"""Django admin for organisation data; for platform operators (superusers)."""

from __future__ import annotations

from django.contrib import admin

from toerusting.organisations.models import (
    Body,
    CouncilTerm,
    Fractie,
    Functie,
    Organisation,
    Person,
)


class BodyInline(admin.TabularInline[Body, Organisation]):
    model = Body
    extra = 0
    fields = ("key", "kind", "name", "bob_phase", "seats")


class CouncilTermInline(admin.TabularInline[CouncilTerm, Organisation]):
    model = CouncilTerm
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "cbs_code", "inhabitants")
    list_filter = ("kind",)
    search_fields = ("name", "cbs_code", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [BodyInline, CouncilTermInline]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin[Body]):
    list_display = ("name", "organisation", "kind", "bob_phase", "seats")
    list_filter = ("kind", "bob_phase", "organisation")
    search_fields = ("name", "organisation__name")


@admin.register(CouncilTerm)
class CouncilTermAdmin(admin.ModelAdmin[CouncilTerm]):
    list_display = ("organisation", "key", "election_date", "installation_date", "end_date")
    list_filter = ("organisation",)


@admin.register(Fractie)
class FractieAdmin(admin.ModelAdmin[Fractie]):
    list_display = ("name", "organisation", "term", "party_kind", "seats", "split_from")
    list_filter = ("party_kind", "organisation")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("split_from",)


class FunctieInline(admin.TabularInline[Functie, Person]):
    model = Functie
    extra = 0
    fields = ("organisation", "body", "role", "fractie", "start_date", "end_date")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ("family_name", "tussenvoegsel", "given_name", "initials", "user")
    search_fields = ("family_name", "given_name", "key")
    prepopulated_fields = {"key": ("given_name", "family_name")}
    autocomplete_fields = ("user",)
    inlines = [FunctieInline]


@admin.register(Functie)
class FunctieAdmin(admin.ModelAdmin[Functie]):
    list_display = ("person", "role", "body", "fractie", "start_date", "end_date")
    list_filter = ("role", "organisation")
    search_fields = ("person__family_name", "person__given_name")
    autocomplete_fields = ("person", "fractie")

"""Django admin for learning networks: the operator sets up a network and names its coordinator here;
everything else happens on the network's pages. Message texts are left out: members moderate them."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from toerusting.networks import services
from toerusting.networks.models import Event, Membership, Network


class MembershipInline(admin.TabularInline[Membership, Network]):
    model = Membership
    extra = 0
    raw_id_fields = ("user", "organisation")
    fields = ("user", "organisation", "status")


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin[Network]):
    list_display = ("name", "coordinator", "join_policy")
    raw_id_fields = ("coordinator",)
    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: Network, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        services.ensure_coordinator_is_member(obj)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ("title", "network", "starts_at", "capacity")
    raw_id_fields = ("network",)

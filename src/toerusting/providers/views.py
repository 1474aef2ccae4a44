"""Pages of learning providers (their own offer, their feed) and the operator's moderation queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from toerusting.organisations.permissions import require_operator
from toerusting.providers import selectors, services
from toerusting.providers.forms import FeedForm, ProviderItemForm, RejectForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    providers = list(selectors.providers_for_user(request.user))
    if len(providers) == 1:
        return redirect("providers:offer", provider=providers[0].slug)
    return render(request, "providers/home.html", {"providers": providers})


@login_required
def offer(request: HttpRequest, provider: str) -> HttpResponse:
    found = selectors.provider_for_staff(request.user, provider)
    return render(
        request,
        "providers/offer.html",
        {"provider": found, "items": selectors.items_of(found), "feed_form": _feed_form(found)},
    )


def _feed_form(provider: object) -> FeedForm:
    return FeedForm(
        initial={"feed_url": provider.feed_url, "feed_format": provider.feed_format}  # type: ignore[attr-defined]
    )


OUTCOME_MESSAGES = {
    services.Outcome.PUBLISHED: gettext_lazy("Saved and published in the catalogue."),
    services.Outcome.PENDING: gettext_lazy(
        "Saved. A new item, or a change of audience or price, is checked by the operator first; until then "
        "the catalogue shows the last approved version."
    ),
    services.Outcome.UNCHANGED: gettext_lazy("Nothing changed."),
}


@login_required
def item_create(request: HttpRequest, provider: str) -> HttpResponse:
    found = selectors.provider_for_staff(request.user, provider)
    form = ProviderItemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _item, outcome = services.save_form_item(found, form.to_dict(), actor=request.user)
        messages.success(request, str(OUTCOME_MESSAGES[outcome]))
        return redirect("providers:offer", provider=found.slug)
    return render(
        request,
        "providers/item_form.html",
        {"provider": found, "form": form, "item": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def item_edit(request: HttpRequest, provider: str, provider_item_id: int) -> HttpResponse:
    found = selectors.provider_for_staff(request.user, provider)
    item = selectors.item_of(found, provider_item_id)
    form = ProviderItemForm(
        request.POST if request.method == "POST" else None, initial=ProviderItemForm.initial_from(item.data)
    )
    if request.method == "POST" and form.is_valid():
        _item, outcome = services.save_form_item(found, form.to_dict(), actor=request.user, item=item)
        messages.success(request, str(OUTCOME_MESSAGES[outcome]))
        return redirect("providers:offer", provider=found.slug)
    return render(
        request,
        "providers/item_form.html",
        {"provider": found, "form": form, "item": item},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def item_withdraw(request: HttpRequest, provider: str, provider_item_id: int) -> HttpResponse:
    found = selectors.provider_for_staff(request.user, provider)
    item = selectors.item_of(found, provider_item_id)
    if services.withdraw(item, actor=request.user):
        messages.success(request, _("The item is withdrawn: it is no longer in the catalogue."))
    return redirect("providers:offer", provider=found.slug)


@login_required
def feed(request: HttpRequest, provider: str) -> HttpResponse:
    found = selectors.provider_for_staff(request.user, provider)
    form = FeedForm(request.POST) if request.method == "POST" else _feed_form(found)
    if request.method == "POST" and form.is_valid():
        services.save_feed_settings(
            found,
            feed_url=form.cleaned_data["feed_url"],
            feed_format=form.cleaned_data["feed_format"],
            actor=request.user,
        )
        messages.success(request, _("The feed settings are saved."))
        return redirect("providers:offer", provider=found.slug)
    return render(
        request,
        "providers/offer.html",
        {"provider": found, "items": selectors.items_of(found), "feed_form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def feed_read(request: HttpRequest, provider: str) -> HttpResponse:
    found = selectors.provider_for_staff(request.user, provider)
    report = services.read_feed(found, actor=request.user)
    if report.error:
        messages.error(request, _("The feed could not be read: %(error)s") % {"error": report.error})
    else:
        messages.success(
            request,
            _(
                "The feed is read: %(published)d published, %(pending)d for the operator, %(unchanged)d "
                "unchanged, %(withdrawn)d withdrawn, %(problems)d with problems."
            )
            % {**report.as_dict(), "problems": len(report.problems)},
        )
    return redirect("providers:offer", provider=found.slug)


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    require_operator(request.user)
    return render(
        request,
        "providers/moderation.html",
        {"requests": selectors.moderation_queue(), "reject_form": RejectForm()},
    )


@require_POST
@login_required
def decide(request: HttpRequest, moderation_id: int) -> HttpResponse:
    require_operator(request.user)
    pending = selectors.pending_request(moderation_id)
    if request.POST.get("decision") == "approve":
        services.approve(pending.pk, request.user)
        messages.success(request, _("Approved: the item is published in the catalogue."))
        return redirect("providers:moderation")
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason when you reject an item."))
        return redirect("providers:moderation")
    services.reject(pending.pk, request.user, form.cleaned_data["reason"])
    messages.success(request, _("Rejected: the provider sees your reason."))
    return redirect("providers:moderation")

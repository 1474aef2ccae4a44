"""The module player and "my learning".

Works without JavaScript: every step is a page, every action a form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.learning import selectors, services
from toerusting.learning.forms import AnswerForm, MarkDoneForm, ReflectionForm

# The way back from a module's end, named after the page the member came from.
BACK_LABELS = {
    "recommendations:meeting": gettext_lazy("Back to the meeting"),
    "recommendations:prepare": gettext_lazy("Back to Voorbereiden"),
    "portal:home": gettext_lazy("Back to the home page"),
    "learning:mine": gettext_lazy("Back to My learning"),
}


def safe_next(request: HttpRequest) -> str:
    """The `next` address the member came from: a path on this site only (never another host, never a
    scheme such as javascript:), or "" when there is none or it is not safe."""
    value = request.POST.get("next") if request.method == "POST" else request.GET.get("next")
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or len(value) > 500:
        return ""
    if not url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return ""
    return value


def back_label(next_url: str) -> str:
    try:
        match = resolve(next_url.split("#", 1)[0].split("?", 1)[0])
    except Resolver404:
        return str(_("Back to where you were"))
    return str(BACK_LABELS.get(match.view_name, _("Back to where you were")))


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    progress = list(selectors.my_progress(request.user))
    return render(
        request,
        "learning/my_learning.html",
        {
            "in_progress": [p for p in progress if not p.is_completed],
            "completed": [p for p in progress if p.is_completed],
            "sent_by_colleagues": catalogue_selectors.tips_from_colleagues(request.user)[:20],
        },
    )


@login_required
def module(request: HttpRequest, slug: str) -> HttpResponse:
    item = catalogue_selectors.get_module_for_user(request.user, slug)
    steps = selectors.module_steps(item)
    progress = selectors.progress_for_user(request.user, item)
    next_url = safe_next(request)
    return render(
        request,
        "learning/module.html",
        {
            "item": item,
            "steps": steps,
            "progress": progress,
            # The module's end: the score with the right answers, and the way back.
            "score": selectors.score_for_user(request.user, item, steps)
            if progress is not None and progress.is_completed
            else None,
            "next_url": next_url,
            "next_query": urlencode({"next": next_url}) if next_url else "",
            "back_label": back_label(next_url) if next_url else "",
        },
    )


@login_required
def step(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    item = catalogue_selectors.get_module_for_user(request.user, slug)
    steps = selectors.module_steps(item)
    if not 1 <= number <= len(steps):
        raise Http404
    current = steps[number - 1]
    progress = services.move_to(request.user, item, number)
    next_url = safe_next(request)
    context: dict[str, object] = {
        "next_url": next_url,
        "next_query": urlencode({"next": next_url}) if next_url else "",
        "item": item,
        "steps": steps,
        "step": current,
        "progress": progress,
        "previous": steps[number - 2] if number > 1 else None,
        "next": steps[number] if number < len(steps) else None,
    }
    status = 200
    if current.kind == "question":
        question = current.obj
        answer = selectors.answers_for_user(request.user, item).get(question.pk)
        form: forms.Form = AnswerForm(
            request.POST if request.method == "POST" else None,
            question=question,
            initial={"option": answer.option_id} if answer else None,
        )
        if request.method == "POST":
            if form.is_valid():
                services.answer(request.user, form.cleaned_data["option"])
                url = reverse("learning:step", kwargs={"slug": item.slug, "number": number})
                return HttpResponseRedirect(_with_next(url, next_url) + "#feedback")
            status = 400
        context.update(form=form, answer=answer)
    elif current.kind == "reflection":
        context.update(score=selectors.score_for_user(request.user, item, steps))
        reflection = selectors.reflection_for_user(request.user, item)
        form = ReflectionForm(
            request.POST if request.method == "POST" else None,
            initial={"text": reflection.text if reflection else ""},
        )
        if request.method == "POST":
            if form.is_valid():
                services.reflect(request.user, item, form.cleaned_data["text"])
                services.complete(request.user, item)
                messages.success(request, _("You have completed this module."))
                url = reverse("learning:module", kwargs={"slug": item.slug})
                return HttpResponseRedirect(_with_next(url, next_url) + "#score-heading")
            status = 400
        context.update(form=form)
    elif request.method == "POST":
        url = reverse("learning:step", kwargs={"slug": item.slug, "number": number})
        return HttpResponseRedirect(_with_next(url, next_url))
    return render(request, "learning/step.html", context, status=status)


@login_required
@require_POST
def mark_done(request: HttpRequest, slug: str) -> HttpResponse:
    """Mark any item (a clip, a training, a guide) as done, or undo that."""
    item = catalogue_selectors.get_item_for_user(request.user, slug)
    form = MarkDoneForm(request.POST)
    if form.is_valid() and form.cleaned_data["undo"]:
        services.reopen(request.user, item)
        messages.info(request, _("The item is no longer marked as done."))
    else:
        services.complete(request.user, item)
        messages.success(request, _("Marked as done. You find it under My learning."))
    return redirect("catalogue:item", slug=item.slug)

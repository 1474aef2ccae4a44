"""The module player and "my learning".

Works without JavaScript: every step is a page, every action a form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.learning import selectors, services
from toerusting.learning.forms import AnswerForm, MarkDoneForm, ReflectionForm


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    progress = list(selectors.my_progress(request.user))
    return render(
        request,
        "learning/my_learning.html",
        {
            "in_progress": [p for p in progress if not p.is_completed],
            "completed": [p for p in progress if p.is_completed],
            "recommendations": catalogue_selectors.recommendations_for_user(request.user)[:20],
        },
    )


@login_required
def module(request: HttpRequest, slug: str) -> HttpResponse:
    item = catalogue_selectors.get_module_for_user(request.user, slug)
    steps = selectors.module_steps(item)
    return render(
        request,
        "learning/module.html",
        {
            "item": item,
            "steps": steps,
            "progress": selectors.progress_for_user(request.user, item),
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
    context: dict[str, object] = {
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
                return redirect("learning:step", slug=item.slug, number=number)
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
                messages.success(request, _("Well done: you have completed this module."))
                return redirect("learning:module", slug=item.slug)
            status = 400
        context.update(form=form)
    elif request.method == "POST":
        return redirect("learning:step", slug=item.slug, number=number)
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

// Forms: the error summary takes focus when the page loads (the autofocus attribute does this in most
// browsers; this covers the rest), and its links move focus to the field they name, with its label or
// legend in view. Without JavaScript the links still jump to the field.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  if (document.activeElement !== summary) {
    summary.focus();
  }
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.hash.slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    const fold = field.closest("details");
    if (fold) {
      fold.open = true;
    }
    const caption = field.closest("fieldset")?.querySelector("legend") ?? document.querySelector(`label[for="${field.id}"]`);
    (caption ?? field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
});

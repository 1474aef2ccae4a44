// Copy buttons: <button data-copy-target="ID" data-copy-status="ID"> copies the value of the field with
// that id and says so in the status element (a live region). Without JavaScript, or without clipboard
// access, the button stays hidden and the read-only field can be selected and copied by hand.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy-target]")) {
    const field = document.getElementById(button.dataset.copyTarget);
    const status = document.getElementById(button.dataset.copyStatus);
    if (!field || !status || !navigator.clipboard) {
      continue;
    }
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        status.textContent = button.dataset.copied;
      } catch {
        field.focus();
        field.select();
        status.textContent = button.dataset.failed;
      }
    });
  }
});

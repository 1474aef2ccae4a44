// The header menu is a <details> disclosure: folded behind "Menu" on a phone, always open on a wide screen.
// Browsers with ::details-content show it through CSS alone; this keeps older browsers in step (and works
// with the menu closed by default, so without JavaScript a phone still gets the compact header).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const menu = document.querySelector("[data-menu]");
  if (!menu) {
    return;
  }
  const wide = window.matchMedia("(min-width: 64rem)");
  const follow = () => {
    menu.open = wide.matches;
  };
  follow();
  wide.addEventListener("change", follow);
});

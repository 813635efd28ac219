/* Typed edits are not lost by leaving the page.
 *
 * Once a field of the change form has been edited (typing, the rich-text editor, an inline
 * added or removed), leaving the page asks first (the browser's "Leave site?" dialog);
 * saving does not. Links inside the form that lead to another page (preview, "Change" on an
 * inline, a warning's link, history, publishing) open in a new tab instead, and say so.
 */
(function () {
  "use strict";

  function guard(form) {
    let dirty = false;
    let submitting = false;
    const markDirty = (event) => {
      if (event && event.target && event.target.closest && event.target.closest("#language-switch, .language-tabs [role=tablist]")) return;
      dirty = true;
    };
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    document.addEventListener("formset:added", () => markDirty());
    document.addEventListener("formset:removed", () => markDirty());
    form.addEventListener("submit", () => {
      submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
      if (!dirty || submitting) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  function newTabLinks(form) {
    for (const link of form.querySelectorAll("a[href]")) {
      const href = link.getAttribute("href");
      if (!href || href.startsWith("#") || href.startsWith("javascript:")) continue;
      if (link.target || link.classList.contains("related-widget-wrapper-link")) continue;
      link.target = "_blank";
      link.rel = "noopener";
      const hint = document.createElement("span");
      hint.className = "visually-hidden";
      hint.textContent = " (opens in a new tab)";
      link.append(hint);
    }
  }

  function init() {
    const form = document.querySelector("body.change-form #content-main form");
    if (!form) return;
    guard(form);
    newTabLinks(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* Typed edits are not lost by leaving the page.
 *
 * Once a field of the change form has been edited (typing, the rich-text editor, an inline
 * added or removed), leaving the page asks first (the browser's "Leave site?" dialog);
 * saving does not. Links that show something beside the form (preview, "Change" on an
 * inline, a warning's link to a field) open in a new tab instead, and say so; the others
 * (publishing, history, breadcrumbs) are guarded by the dialog.
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

  /* Links that show something beside the form open in a new tab: an inline's "Change" or
   * "View", a preview (page, JSON, PDF), a warning's link to a field on another page. */
  const BESIDE = "a.inlinechangelink, a.inlineviewlink, a[href*='preview'], a[href*='/change/#']";

  function newTabLinks(form) {
    for (const link of form.querySelectorAll(BESIDE)) {
      if (link.target || link.getAttribute("href").startsWith("#")) continue;
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

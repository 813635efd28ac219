/* Makes each rich-text editor (django-prose-editor) speak for its field: the editable area
 * gets the field's label, description, language and direction (so spellcheck and screen
 * readers use the right language, and Arabic runs right to left), and the button bar
 * becomes a keyboard toolbar (WAI-ARIA toolbar pattern: one tab stop, arrow keys between
 * buttons, Enter or Space to press). The bar itself stays in the page's language.
 */
(function () {
  "use strict";

  function labelOf(textarea) {
    const label = document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`);
    if (label && !label.id) label.id = textarea.id + "_label";
    return label;
  }

  function describe(dom, textarea) {
    const ids = [];
    const source = document.getElementById(textarea.id + "_source");
    if (source) ids.push(source.id);
    const help = document.getElementById(textarea.id + "_helptext");
    if (help) ids.push(help.id);
    if (ids.length) dom.setAttribute("aria-describedby", ids.join(" "));
  }

  function toolbar(menu, editor, name) {
    menu.setAttribute("role", "toolbar");
    menu.setAttribute("aria-label", "Formatting" + (name ? ": " + name : ""));
    const buttons = () => [...menu.querySelectorAll(".prose-menubar__button")].filter((b) => !b.classList.contains("hidden"));
    const sync = () => {
      const all = buttons();
      const current = all.find((b) => b.tabIndex === 0) || all[0];
      for (const button of menu.querySelectorAll(".prose-menubar__button")) {
        button.setAttribute("role", "button");
        if (button.title) button.setAttribute("aria-label", button.title);
        button.setAttribute("aria-pressed", button.classList.contains("active") ? "true" : "false");
        button.setAttribute("aria-disabled", button.classList.contains("disabled") ? "true" : "false");
        button.tabIndex = button === current ? 0 : -1;
      }
    };
    menu.addEventListener("keydown", (event) => {
      const all = buttons();
      const index = all.indexOf(event.target);
      if (index < 0) return;
      let next = null;
      if (event.key === "ArrowRight") next = all[(index + 1) % all.length];
      else if (event.key === "ArrowLeft") next = all[(index - 1 + all.length) % all.length];
      else if (event.key === "Home") next = all[0];
      else if (event.key === "End") next = all[all.length - 1];
      else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        event.target.click();
        return;
      }
      if (!next) return;
      event.preventDefault();
      for (const b of all) b.tabIndex = b === next ? 0 : -1;
      next.focus();
    });
    editor.on("transaction", sync);
    sync();
  }

  document.addEventListener("prose-editor:ready", (event) => {
    const { editor, textarea } = event.detail;
    const dom = editor.view.dom;
    dom.setAttribute("role", "textbox");
    dom.setAttribute("aria-multiline", "true");
    for (const name of ["lang", "dir"]) {
      if (textarea.hasAttribute(name)) dom.setAttribute(name, textarea.getAttribute(name));
    }
    dom.setAttribute("spellcheck", "true");
    const label = labelOf(textarea);
    if (label) dom.setAttribute("aria-labelledby", label.id);
    describe(dom, textarea);
    // The package builds its button bar when the editor emits "create", after "ready".
    const withMenu = () => {
      const menu = dom.parentElement && dom.parentElement.querySelector(".prose-menubar");
      if (menu && !menu.hasAttribute("role")) toolbar(menu, editor, label ? label.textContent.replace(/:$/, "") : "");
    };
    editor.on("create", withMenu);
    withMenu();
  });
})();

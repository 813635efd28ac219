/* Language tabs for translated fields, following the WAI-ARIA tabs pattern.
 *
 * Replaces django-modeltranslation's jQuery UI tabs (see guide/admin_widgets.py for why):
 * each tab is one <button role="tab"> with nothing focusable inside, labelled with the
 * language's own name (in that language) and the text's state in it (missing, machine,
 * outdated); arrow keys, Home and End move between tabs. One labelled select, beside the
 * page title rather than inside it, shows a language in every field at once. A newly added
 * inline opens on English, the source; a link to a field (#id_body_es, or the to-fix page's
 * #text-sections.12.body-es) opens its tab and focuses it.
 */
(function () {
  "use strict";

  const data = document.getElementById("content-languages");
  if (!data) return;
  const LANGUAGES = JSON.parse(data.textContent);
  const SOURCE = LANGUAGES[0];
  const bySuffix = new Map(LANGUAGES.map((l) => [l.code.replace(/-/g, "_"), l]));
  const STATE_LABELS = { missing: "missing", machine: "machine", outdated: "outdated", error: "error" };
  let counter = 0;

  /* `field-body_es` -> {base: "body", language}; null for other classes. */
  function parseFieldClass(cls) {
    if (!cls.startsWith("field-")) return null;
    const name = cls.slice(6);
    for (const [suffix, language] of bySuffix) {
      if (name.endsWith("_" + suffix) && name.length > suffix.length + 1) {
        return { base: name.slice(0, -suffix.length - 1), language };
      }
    }
    return null;
  }

  /* The translated rows (stacked forms) or cells (tabular) under `root`, grouped by the
   * element they sit in and the field they translate. */
  function findGroups(root) {
    const groups = new Map();
    const cells = root.querySelectorAll(".form-row, td[class*='field-']");
    for (const cell of cells) {
      if (cell.closest(".empty-form") || cell.closest(".language-tabs")) continue;
      for (const cls of cell.classList) {
        const parsed = parseFieldClass(cls);
        if (!parsed) continue;
        const key = parsed.base;
        let byParent = groups.get(cell.parentElement);
        if (!byParent) groups.set(cell.parentElement, (byParent = new Map()));
        if (!byParent.has(key)) byParent.set(key, []);
        byParent.get(key).push({ cell, language: parsed.language, base: parsed.base });
      }
    }
    const out = [];
    for (const byParent of groups.values()) {
      for (const members of byParent.values()) {
        if (members.length > 1 && members.some((m) => m.language === SOURCE)) out.push(members);
      }
    }
    return out;
  }

  function stateOf(member) {
    const input = member.cell.querySelector("[data-language]");
    const errors = member.cell.classList.contains("errors") || member.cell.querySelector(".errorlist");
    if (errors) return ["error"];
    if (member.language === SOURCE) return [];
    const states = [];
    const empty = input ? !input.value.trim() : !member.cell.querySelector(".readonly")?.textContent.trim();
    if (empty) states.push("missing");
    else if (input && input.dataset.status === "machine") states.push("machine");
    if (!empty && input && input.dataset.outdated === "true") states.push("outdated");
    return states;
  }

  function fieldLabel(members) {
    const label = members[0].cell.querySelector("label");
    const text = label ? label.textContent : members[0].base.replace(/_/g, " ");
    return text.replace(/\s*\(.*\)\s*:?\s*$/, "").replace(/\s*\[.*\]\s*:?\s*$/, "").replace(/:$/, "");
  }

  function renderTab(tab, member) {
    tab.textContent = "";
    const name = document.createElement("span");
    name.lang = member.language.tag;
    name.dir = member.language.dir;
    name.textContent = member.language.name;
    tab.append(name);
    const states = member.language === SOURCE ? ["source"] : stateOf(member);
    tab.dataset.state = states.join(" ");
    for (const state of states) {
      const badge = document.createElement("span");
      badge.className = "tab-state tab-state-" + state;
      badge.textContent = STATE_LABELS[state] || state;
      tab.append(" ", badge);
    }
  }

  /* A read-only field's label is the column's name, "Title [en]": say "Title (English)". */
  function relabel(member) {
    const label = member.cell.querySelector("label");
    const match = label && !label.querySelector("[lang]") && label.textContent.match(/^(.*?)\s*\[[\w-]+\]\s*(:?)\s*$/);
    if (!match) return;
    const name = document.createElement("span");
    name.lang = member.language.tag;
    name.dir = member.language.dir;
    name.textContent = member.language.name;
    label.textContent = match[1] + " (";
    label.append(name, ")" + match[2]);
  }

  function select(group, index, focus) {
    group.tabs.forEach((tab, i) => {
      const selected = i === index;
      tab.setAttribute("aria-selected", selected ? "true" : "false");
      tab.tabIndex = selected ? 0 : -1;
      group.panels[i].hidden = !selected;
    });
    if (focus) group.tabs[index].focus();
  }

  function onKey(group, event) {
    const index = group.tabs.indexOf(event.currentTarget);
    const last = group.tabs.length - 1;
    const moves = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last };
    if (!(event.key in moves)) return;
    event.preventDefault();
    select(group, moves[event.key], true);
  }

  const allGroups = [];

  function buildGroup(members, openSource) {
    const first = members[0].cell;
    const tabular = first.tagName === "TD";
    const container = document.createElement(tabular ? "td" : "div");
    container.className = "language-tabs" + (tabular ? " " + [...first.classList].join(" ") : "");
    const list = document.createElement("div");
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", fieldLabel(members) + ": language");
    container.append(list);
    first.before(container);
    const group = { tabs: [], panels: [], members };
    let initial = 0;
    members.forEach((member, i) => {
      const id = "lt" + ++counter;
      const tab = document.createElement("button");
      tab.type = "button";
      tab.id = id + "-tab";
      tab.className = "language-tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", id + "-panel");
      tab.dataset.language = member.language.code;
      renderTab(tab, member);
      const panel = document.createElement("div");
      panel.id = id + "-panel";
      panel.className = "language-panel";
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      relabel(member);
      if (tabular) {
        while (member.cell.firstChild) panel.append(member.cell.firstChild);
        member.cell.remove();
      } else {
        panel.append(member.cell);
      }
      list.append(tab);
      container.append(panel);
      tab.addEventListener("click", () => select(group, i, false));
      tab.addEventListener("keydown", (event) => onKey(group, event));
      const input = panel.querySelector("[data-language]");
      if (input) {
        tab.dataset.field = input.id;
        input.addEventListener("change", () => renderTab(tab, member));
      }
      if (!openSource && tab.dataset.state.split(" ").includes("error") && initial === 0) initial = i;
      group.tabs.push(tab);
      group.panels.push(panel);
    });
    select(group, initial, false);
    allGroups.push(group);
    return group;
  }

  /* Tabular inlines: one header cell stands for the merged language columns. */
  function fixTableHeaders(root) {
    for (const table of root.querySelectorAll(".tabular table")) {
      for (const th of table.querySelectorAll("thead th")) {
        const parsed = [...th.classList].map((c) => (c.startsWith("column-") ? parseFieldClass("field-" + c.slice(7)) : null)).find(Boolean);
        if (!parsed) continue;
        if (parsed.language === SOURCE) {
          th.textContent = th.textContent.replace(/\s*\[.*\]\s*$/, "");
        } else {
          th.remove();
        }
      }
    }
  }

  function build(root, openSource) {
    return findGroups(root).map((members) => buildGroup(members, openSource));
  }

  function languageSwitch() {
    const title = document.querySelector("#content > h1");
    if (!title || !allGroups.length) return;
    const wrapper = document.createElement("div");
    wrapper.className = "language-switch";
    const label = document.createElement("label");
    label.htmlFor = "language-switch";
    label.textContent = "Show in every field:";
    const choice = document.createElement("select");
    choice.id = "language-switch";
    for (const language of LANGUAGES) {
      const option = document.createElement("option");
      option.value = language.code;
      option.lang = language.tag;
      option.textContent = language.name;
      choice.append(option);
    }
    choice.addEventListener("change", () => showEverywhere(choice.value));
    wrapper.append(label, " ", choice);
    title.after(wrapper);
  }

  function showEverywhere(code) {
    for (const group of allGroups) {
      const index = group.tabs.findIndex((tab) => tab.dataset.language === code);
      if (index >= 0 && group.tabs[0].isConnected) select(group, index, false);
    }
  }

  /* Open the tab holding the element named by the address's fragment, and focus its field. */
  function reveal() {
    let name;
    try {
      name = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return;
    }
    const target = name && document.getElementById(name);
    if (!target) return;
    const panel = target.closest(".language-panel");
    if (panel) {
      for (const group of allGroups) {
        const index = group.panels.indexOf(panel);
        if (index >= 0) select(group, index, false);
      }
    }
    const field = target.matches("input, textarea, select") ? target : target.querySelector("input[data-language], textarea[data-language], select[data-language]");
    focusField(field || target);
  }

  function focusField(field) {
    const editorOf = () => field.closest(".prose-editor")?.querySelector(".ProseMirror");
    const go = () => {
      const element = editorOf() || field;
      element.scrollIntoView({ block: "center" });
      element.focus({ preventScroll: true });
    };
    if (field.tagName === "TEXTAREA" && field.hasAttribute("data-django-prose-editor-configurable") && !editorOf()) {
      field.addEventListener("prose-editor:ready", () => setTimeout(go, 0), { once: true });
    }
    go();
  }

  function init() {
    if (!document.body.classList.contains("change-form")) return;
    fixTableHeaders(document);
    build(document, true);
    languageSwitch();
    reveal();
    window.addEventListener("hashchange", reveal);
    document.addEventListener("formset:added", (event) => {
      // A new inline opens on English, the source, whatever was picked before.
      build(event.target, true);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

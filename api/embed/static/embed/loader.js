/* Turns <div data-guide="slug" data-lang="es" data-partner="clinic"> into a titled iframe
   showing that guide, sized to its content. Containers added later (single-page apps, tag
   managers) are mounted as they appear; `PatientGuides.mount(element)` mounts one at once.
   Only messages from the guide's own origin, and from a frame this script made, are
   obeyed. A frame that does not report itself ready (refused by the browser, offline)
   is replaced by a plain link to the guide. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  var STRINGS = /*STRINGS*/{};
  var READY_TIMEOUT_MS = 4000;
  var SLUG = /^[-a-zA-Z0-9_]+$/;
  var frames = [];

  function words(lang) {
    var tag = (lang || "en").toLowerCase();
    for (var key in STRINGS) {
      if (key.toLowerCase() === tag) return STRINGS[key];
    }
    var primary = tag.split("-")[0];
    if (primary === "zh") return STRINGS["zh-Hans"] || STRINGS.en;
    return STRINGS[primary] || STRINGS.en || { title: "Patient guide", fallback: "Open the guide" };
  }

  function fallback(entry) {
    if (entry.ready || entry.failed) return;
    entry.failed = true;
    var text = words(entry.lang);
    var p = document.createElement("p");
    p.className = "patient-guide-fallback";
    var a = document.createElement("a");
    a.href = entry.frame.src;
    a.target = "_blank";
    a.rel = "noopener";
    a.textContent = text.fallback;
    if (text.fallback_lang) a.lang = text.fallback_lang;
    p.appendChild(a);
    entry.frame.style.display = "none";
    entry.element.appendChild(p);
  }

  function mount(el) {
    if (!el || el.nodeType !== 1 || el.getAttribute("data-guide-mounted")) return null;
    var slug = el.getAttribute("data-guide") || "";
    var part = el.getAttribute("data-part") || "";
    if (!SLUG.test(slug) || (part && !SLUG.test(part))) return null;
    var params = new URLSearchParams();
    var lang = el.getAttribute("data-lang");
    var partner = el.getAttribute("data-partner");
    if (lang) params.set("lang", lang);
    if (partner) params.set("partner", partner);
    var src = origin + "/embed/v1/guides/" + slug + "/" + (part ? part + "/" : "");
    if (params.toString()) src += "?" + params.toString();
    var text = words(lang || document.documentElement.lang);
    var frame = document.createElement("iframe");
    var entry = {
      frame: frame,
      element: el,
      lang: lang || document.documentElement.lang,
      named: el.hasAttribute("data-title"),
      ready: false,
      failed: false
    };
    frame.src = src;
    frame.title = el.getAttribute("data-title") || text.title;
    if (!entry.named && text.title_lang) frame.lang = text.title_lang;
    frame.loading = "lazy";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.height = "40rem";
    frame.style.minHeight = "0";
    frame.style.display = "block";
    // A refused or failed frame still fires `load`; only our page then says it is ready.
    frame.addEventListener("load", function () {
      setTimeout(function () { fallback(entry); }, READY_TIMEOUT_MS);
    });
    el.setAttribute("data-guide-mounted", "1");
    el.replaceChildren(frame);
    frames.push(entry);
    return frame;
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || typeof data.type !== "string") return;
    for (var i = 0; i < frames.length; i++) {
      var entry = frames[i];
      if (entry.frame.contentWindow !== event.source) continue;
      if (data.type === "patient-guide:resize" && typeof data.height === "number") {
        entry.ready = true;
        if (entry.failed) {
          entry.failed = false;
          entry.frame.style.display = "block";
          var link = entry.element.querySelector(".patient-guide-fallback");
          if (link) link.remove();
        }
        entry.frame.style.height = Math.max(0, Math.min(data.height, 100000)) + "px";
        if (!entry.named && typeof data.title === "string" && data.title) {
          entry.frame.title = data.title;
          if (typeof data.lang === "string" && data.lang) entry.frame.lang = data.lang;
        }
      } else if (data.type === "patient-guide:scroll" && typeof data.top === "number") {
        var top = entry.frame.getBoundingClientRect().top + window.scrollY + data.top;
        window.scrollTo({ top: Math.max(0, top - 16) });
      }
    }
  });

  function scan(root) {
    if (root.nodeType === 1 && root.hasAttribute("data-guide")) mount(root);
    if (!root.querySelectorAll) return;
    var nodes = root.querySelectorAll("[data-guide]");
    for (var i = 0; i < nodes.length; i++) mount(nodes[i]);
  }

  window.PatientGuides = window.PatientGuides || {};
  window.PatientGuides.mount = mount;

  function start() {
    scan(document);
    if (!("MutationObserver" in window)) return;
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var added = records[i].addedNodes;
        for (var j = 0; j < added.length; j++) scan(added[j]);
      }
    }).observe(document.documentElement, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

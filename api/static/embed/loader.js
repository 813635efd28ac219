/* Turns <div data-guide="slug" data-lang="es" data-partner="clinic"> into a titled iframe
   showing that guide, sized to its content. Only height messages from the guide's own
   origin, and from the frame this script made, are obeyed. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  var frames = [];
  var SLUG = /^[-a-zA-Z0-9_]+$/;

  function mount(el) {
    if (el.getAttribute("data-guide-mounted")) return;
    var slug = el.getAttribute("data-guide") || "";
    var part = el.getAttribute("data-part") || "";
    if (!SLUG.test(slug) || (part && !SLUG.test(part))) return;
    var params = new URLSearchParams();
    var lang = el.getAttribute("data-lang");
    var partner = el.getAttribute("data-partner");
    if (lang) params.set("lang", lang);
    if (partner) params.set("partner", partner);
    var src = origin + "/embed/v1/guides/" + slug + "/" + (part ? part + "/" : "");
    if (params.toString()) src += "?" + params.toString();
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = el.getAttribute("data-title") || "Patient guide";
    frame.loading = "lazy";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.height = "40rem";
    frame.style.display = "block";
    el.setAttribute("data-guide-mounted", "1");
    el.replaceChildren(frame);
    frames.push(frame);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== "patient-guide:resize" || typeof data.height !== "number") return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.max(0, Math.min(data.height, 100000)) + "px";
        if (typeof data.title === "string" && data.title) frames[i].title = data.title;
      }
    }
  });

  function scan() {
    var nodes = document.querySelectorAll("[data-guide]");
    for (var i = 0; i < nodes.length; i++) mount(nodes[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  else scan();
})();

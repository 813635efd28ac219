/* Inside an embedded guide: tell the embedding page our height (and title, language)
   whenever it changes, so its iframe fits the content, grows and shrinks with it, and
   never scrolls inside a scrolling page. The first message also says "ready": without it
   the loader shows a plain link instead of the frame. */
(function () {
  "use strict";
  var root = document.documentElement;

  // Printed pages show every FAQ answer, opened for print and closed again after.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open;
    });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  // Say so above a table whenever it is wider than its region (any screen width).
  function cues() {
    var regions = document.querySelectorAll(".table-scroll");
    for (var i = 0; i < regions.length; i++) {
      var cue = regions[i].previousElementSibling;
      if (!cue || !cue.classList.contains("scroll-cue")) continue;
      if (regions[i].scrollWidth > regions[i].clientWidth + 1) cue.setAttribute("data-overflowing", "");
      else cue.removeAttribute("data-overflowing");
    }
  }
  window.addEventListener("resize", cues);
  document.addEventListener("DOMContentLoaded", cues);

  if (window.parent === window) return;
  var last = 0;
  function send() {
    // The content's own height: scrollHeight is never less than the frame's, so a frame
    // sized by it could grow but never shrink.
    var height = Math.ceil(root.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage(
      {
        type: "patient-guide:resize",
        height: height,
        title: document.title,
        lang: root.lang,
        dir: root.dir
      },
      "*"
    );
  }
  // A term's link to its definition: scroll the embedding page there too.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    window.parent.postMessage(
      { type: "patient-guide:scroll", top: Math.round(target.getBoundingClientRect().top) },
      "*"
    );
  });
  window.addEventListener("load", send);
  document.addEventListener("toggle", send, true);
  if ("ResizeObserver" in window) new ResizeObserver(send).observe(root);
  send();
})();

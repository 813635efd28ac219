/* Inside an embedded guide: tell the embedding page our height (and title) whenever it
   changes, so its iframe fits the content and never scrolls inside a scrolling page. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.scrollHeight);
    if (height === last) return;
    last = height;
    window.parent.postMessage(
      { type: "patient-guide:resize", height: height, title: document.title },
      "*"
    );
  }
  window.addEventListener("load", send);
  document.addEventListener("toggle", send, true);
  if ("ResizeObserver" in window) new ResizeObserver(send).observe(document.body);
  send();
})();

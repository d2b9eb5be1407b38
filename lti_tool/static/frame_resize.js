// Inside an LMS frame, tell the LMS how tall the page is so the frame grows with it instead of
// scrolling inside it (1EdTech LTI "lti.frameResize" postMessage; platforms that do not know it
// ignore it). The message carries only the height, so any parent origin may read it.
(function () {
  "use strict";
  if (window.parent === window) { return; }
  var sent = 0;

  function height() {
    // the content's own height, never the frame's (a frame made taller must not keep the page tall)
    var root = document.documentElement.getBoundingClientRect().height;
    return Math.ceil(Math.max(root, document.body ? document.body.scrollHeight : 0));
  }

  function post() {
    var now = height();
    if (now === sent) { return; }
    sent = now;
    window.parent.postMessage({ subject: "lti.frameResize", height: now }, "*");
  }

  if (typeof ResizeObserver === "function") {
    new ResizeObserver(post).observe(document.documentElement);  // DOM changes, fonts, window width
  } else {
    window.addEventListener("resize", post);
  }
  window.addEventListener("load", post);
  post();
})();

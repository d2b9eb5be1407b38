// LTI Platform Storage, platform side (1EdTech "LTI Client Side postMessages" / "postMessage
// Storage"): the course page answers lti.capabilities, lti.put_data and lti.get_data from the
// tools registered in this LMS (their origins are in data-tool-origins). Values are kept per tool
// origin, in this page only, and every answer goes back to the asking window and origin.
(function () {
  "use strict";
  var script = document.getElementById("lti-platform-storage");
  var toolOrigins = ((script && script.dataset.toolOrigins) || "").split(/\s+/).filter(Boolean);
  var MAX_KEYS = 500;
  var MAX_LENGTH = 4096;
  var stored = {};

  function reply(event, subject, body) {
    body.subject = subject + ".response";
    body.message_id = event.data.message_id;
    event.source.postMessage(body, event.origin);
  }

  function error(event, subject, code, message) {
    reply(event, subject, {error: {code: code, message: message}});
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || typeof data.subject !== "string") { return; }
    var subject = data.subject;
    if (subject.indexOf("lti.") !== 0 || /\.response$/.test(subject)) { return; }
    if (!event.source || toolOrigins.indexOf(event.origin) < 0) { return; }  // not a registered tool
    if (!data.message_id) { error(event, subject, "bad_request", "message_id is required"); return; }
    var box = stored[event.origin] || (stored[event.origin] = {});
    if (subject === "lti.capabilities") {
      reply(event, subject, {supported_messages: [
        {subject: "lti.capabilities"}, {subject: "lti.put_data"}, {subject: "lti.get_data"}]});
    } else if (subject === "lti.put_data") {
      if (typeof data.key !== "string" || !data.key || data.key.length > MAX_LENGTH) {
        error(event, subject, "bad_request", "key must be a non-empty string"); return;
      }
      if (data.value === null || data.value === undefined) {
        delete box[data.key];
      } else if (typeof data.value !== "string" || data.value.length > MAX_LENGTH) {
        error(event, subject, "bad_request", "value must be a string of at most " + MAX_LENGTH + " characters");
        return;
      } else {
        if (!(data.key in box) && Object.keys(box).length >= MAX_KEYS) {
          error(event, subject, "storage_exhausted", "at most " + MAX_KEYS + " keys per tool"); return;
        }
        box[data.key] = data.value;
      }
      reply(event, subject, {key: data.key, value: data.value === undefined ? null : data.value});
    } else if (subject === "lti.get_data") {
      if (typeof data.key !== "string" || !data.key) {
        error(event, subject, "bad_request", "key must be a non-empty string"); return;
      }
      reply(event, subject, {key: data.key, value: data.key in box ? box[data.key] : null});
    } else {
      error(event, subject, "unsupported_subject", subject + " is not supported");
    }
  });
}());

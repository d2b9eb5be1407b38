// LTI Platform Storage (1EdTech "LTI Client Side postMessages" / "postMessage Storage"), tool side.
// The element #lti-storage says what to do (see lti_tool/lti/platform_storage.py):
//   data-mode="put": store state and nonce in the platform's frame, then go to data-next (the
//                    platform's authorization endpoint);
//   data-mode="get": read them back and post the launch form (the element itself) again.
// Every failure (no platform frame, no answer, an error answer, nothing stored) goes to data-fallback.
(function () {
  "use strict";
  var root = document.getElementById("lti-storage");
  if (!root) { return; }
  var platformOrigin = root.dataset.platformOrigin;  // origin of the platform's OIDC authorization endpoint
  var CAPABILITIES_TIMEOUT = 1500;
  var STORAGE_TIMEOUT = 5000;

  function platformWindow() {
    if (window.parent && window.parent !== window) { return window.parent; }
    return window.opener || null;
  }

  function frameNamed(name) {
    var platform = platformWindow();
    if (!platform || !name) { return null; }
    if (name === "_parent") { return platform; }
    try { return platform.frames[name] || null; } catch (error) { return null; }
  }

  function messageId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }

  // Send one message and wait for its ".response" with the same message_id. ``accept`` decides
  // which answering windows count (origin and source checks).
  function ask(target, targetOrigin, message, timeout, accept) {
    return new Promise(function (resolve, reject) {
      var id = messageId();
      var timer = window.setTimeout(function () {
        window.removeEventListener("message", listen);
        reject(new Error(message.subject + ": no answer"));
      }, timeout);
      function listen(event) {
        var data = event.data;
        if (!data || typeof data !== "object" || data.message_id !== id ||
            data.subject !== message.subject + ".response" || !accept(event)) { return; }
        window.clearTimeout(timer);
        window.removeEventListener("message", listen);
        if (data.error) {
          reject(new Error(message.subject + ": " + (data.error.code || "error") + " " + (data.error.message || "")));
        } else {
          resolve(data);
        }
      }
      window.addEventListener("message", listen);
      message.message_id = id;
      target.postMessage(message, targetOrigin);
    });
  }

  function fromPlatform(event) { return event.origin === platformOrigin; }

  // lti.capabilities goes to the parent (or opener) with target origin "*" (it carries no data);
  // its answer may name the frame that handles lti.put_data. Without an answer, the login
  // parameter lti_storage_target names the frame.
  function storageFrame(subject) {
    var platform = platformWindow();
    var fallbackFrame = function () { return frameNamed(root.dataset.target); };
    if (!platform) { return Promise.resolve(null); }
    return ask(platform, "*", {subject: "lti.capabilities"}, CAPABILITIES_TIMEOUT,
               function (event) { return event.source === platform; })
      .then(function (answer) {
        var supported = Array.isArray(answer.supported_messages) ? answer.supported_messages : [];
        var entry = supported.filter(function (m) { return m && m.subject === subject; })[0];
        if (!entry) { return fallbackFrame(); }
        return entry.frame ? frameNamed(entry.frame) : platform;
      }, fallbackFrame);
  }

  function put(frame, key, value) {
    return ask(frame, platformOrigin, {subject: "lti.put_data", key: key, value: value}, STORAGE_TIMEOUT,
               fromPlatform);
  }

  function get(frame, key) {
    return ask(frame, platformOrigin, {subject: "lti.get_data", key: key}, STORAGE_TIMEOUT, fromPlatform)
      .then(function (answer) {
        if (answer.key !== key || typeof answer.value !== "string" || !answer.value) {
          throw new Error("lti.get_data: nothing stored for " + key);
        }
        return answer.value;
      });
  }

  function fallback(error) {
    if (window.console && error) { window.console.warn("Platform storage unavailable:", error.message); }
    window.location.replace(root.dataset.fallback);
  }

  var state = root.dataset.state;
  var nonce = root.dataset.nonce;
  if (root.dataset.mode === "put") {
    storageFrame("lti.put_data").then(function (frame) {
      if (!frame) { throw new Error("no platform storage frame"); }
      return put(frame, "state_" + state, state).then(function () { return put(frame, "nonce_" + nonce, nonce); });
    }).then(function () { window.location.replace(root.dataset.next); }, fallback);
  } else if (root.dataset.mode === "get") {
    storageFrame("lti.get_data").then(function (frame) {
      if (!frame) { throw new Error("no platform storage frame"); }
      return get(frame, "state_" + state).then(function (storedState) {
        return get(frame, "nonce_" + nonce).then(function (storedNonce) {
          root.elements.lti_storage_state.value = storedState;
          root.elements.lti_storage_nonce.value = storedNonce;
          root.submit();
        });
      });
    }).catch(fallback);
  }
}());

// Item editor: show the fields of the chosen question type, and a live preview as you type.
(function () {
  "use strict";
  var form = document.getElementById("item-form");
  if (!form) { return; }
  var type = document.getElementById("type");
  var groups = {
    "for-options": ["single_choice", "multiple_response", "true_false", "ordering"],
    "for-matching": ["matching"], "for-numeric": ["numeric"], "for-short-text": ["short_text"]
  };
  function showFields() {
    Object.keys(groups).forEach(function (cls) {
      var on = groups[cls].indexOf(type.value) >= 0;
      document.querySelectorAll("." + cls).forEach(function (el) { el.hidden = !on; });
    });
    document.getElementById("scoring").closest(".field").hidden = type.value !== "multiple_response";
  }
  var preview = document.getElementById("preview");
  var timer = null;
  function refresh() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      fetch(form.dataset.preview, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) { preview.innerHTML = html; })
        .catch(function () { /* keep the last preview */ });
    }, 400);
  }
  type.addEventListener("change", showFields);
  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
  showFields();
  refresh();
})();

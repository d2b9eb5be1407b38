// A refused form loses nothing (see lti_tool/kept_input.py).
// 1. On submit, every POST form says which page it was on (_from), so the error page can link back to it.
// 2. Back on that page with ?kept=…, the kept values (JSON in #kept-input) go back into the form that
//    posted them: text fields, text areas, selects, check boxes and radio buttons, matched by name.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") return;
    if (form.querySelector("input[name=_from]")) return;
    var from = document.createElement("input");
    from.type = "hidden";
    from.name = "_from";
    var here = new URL(window.location.href);
    here.searchParams.delete("kept");
    from.value = here.pathname + here.search;
    form.appendChild(from);
  }, true);

  var data = document.getElementById("kept-input");
  if (!data) return;
  var kept;
  try { kept = JSON.parse(data.textContent); } catch (e) { return; }
  if (!kept || !kept.fields) return;

  function postsTo(form, action) {
    return (form.method || "").toLowerCase() === "post" && new URL(form.action, window.location.href).pathname === action;
  }

  function restore(form, name, values) {
    var filled = 0;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name !== name || field.disabled) return;
      var type = (field.type || "").toLowerCase();
      if (type === "hidden" || type === "file" || type === "submit" || type === "button" || type === "password") return;
      if (type === "checkbox" || type === "radio") {
        field.checked = values.indexOf(field.value) !== -1;
      } else if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
      } else {
        field.value = values.length ? values.shift() : "";  // several fields of one name: in order
      }
      field.dispatchEvent(new Event("input", {bubbles: true}));
      filled += 1;
    });
    return filled;
  }

  // Several forms may post to one address (a flag form per question): the one that posted carries the same
  // hidden values (which question) as the kept ones.
  function hiddenAgree(form) {
    return Object.keys(kept.fields).every(function (name) {
      var hidden = Array.prototype.filter.call(form.elements, function (field) {
        return field.name === name && (field.type || "").toLowerCase() === "hidden";
      });
      return !hidden.length || hidden.some(function (field) { return kept.fields[name].indexOf(field.value) !== -1; });
    });
  }

  var posting = Array.prototype.filter.call(document.forms, function (form) { return postsTo(form, kept.action); });
  if (posting.length > 1) {  // only to tell such forms apart: a lone form's hidden values may differ when it comes back
    var agreeing = posting.filter(hiddenAgree);
    if (agreeing.length) posting = agreeing;
  }
  var filled = 0, first = null;
  posting.forEach(function (form) {
    Object.keys(kept.fields).forEach(function (name) {
      var n = restore(form, name, kept.fields[name].slice());
      if (n && !first) first = form.elements[name];
      filled += n;
    });
  });
  if (filled) {
    document.getElementById("kept-notice").hidden = false;
    var target = first && first.length !== undefined && !first.tagName ? first[0] : first;
    var folded = target && target.closest ? target.closest("details") : null;
    if (folded) folded.open = true;  // a form inside a closed disclosure: open it to show what came back
    if (target && target.focus) target.focus();
  }
})();

// Destructive or irreversible actions ask first: a form with data-confirm opens the page's <dialog> (a native
// modal dialog works inside sandboxed LMS frames, where window.confirm() is blocked). Cancel is the default;
// only the dialog's own button submits the form, with the button that was pressed.
(function () {
  "use strict";
  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var question = dialog.querySelector("[data-question]");
  var detail = dialog.querySelector("[data-detail]");
  var proceed = dialog.querySelector("[data-proceed]");
  var pending = null;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm || form.dataset.confirmed === "yes") { return; }
    event.preventDefault();
    pending = { form: form, submitter: event.submitter || null };
    question.textContent = form.dataset.confirm;
    detail.textContent = form.dataset.confirmDetail || "";
    detail.hidden = !form.dataset.confirmDetail;
    proceed.textContent = form.dataset.confirmAction || (event.submitter && event.submitter.textContent.trim()) || "OK";
    dialog.returnValue = "";
    dialog.showModal();
  }, true);

  dialog.addEventListener("close", function () {
    var chosen = pending;
    pending = null;
    if (!chosen) { return; }
    if (dialog.returnValue === "proceed") {
      chosen.form.dataset.confirmed = "yes";
      if (typeof chosen.form.requestSubmit === "function") { chosen.form.requestSubmit(chosen.submitter); }
      else { chosen.form.submit(); }
    } else if (chosen.submitter) {
      chosen.submitter.focus();  // back where the person was
    }
  });
}());

// Autosave answers (and the flag for later) as they are given, and show the server-side deadline.
(function () {
  "use strict";
  var script = document.getElementById("exam-script");
  var form = document.getElementById("answer-form");
  var status = document.getElementById("saved");
  if (form && status) {
    form.addEventListener("change", function () {
      // An ordering is saved once every position is filled (a half-done order is not an answer yet).
      var positions = form.querySelectorAll(".ordering select");
      for (var i = 0; i < positions.length; i++) { if (!positions[i].value) { status.textContent = ""; return; } }
      status.textContent = script.dataset.saving;
      var data = new FormData(form);
      data.delete("go");
      fetch(form.action, { method: "POST", body: data, headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) {
          if (r.ok) { status.textContent = script.dataset.saved; markAnswered(); }
          else if (r.status === 409) { status.textContent = script.dataset.closed; window.location.reload(); }
          else { status.textContent = script.dataset.failed; }
        })
        .catch(function () { status.textContent = script.dataset.failed; });
    });
  }
  function markAnswered() {
    var current = document.querySelector('.navigator a[aria-current]');
    if (!current) { return; }
    current.classList.add("answered");
    var flag = document.getElementById("flagged");
    if (flag) { current.classList.toggle("flagged", flag.checked); }
  }
  var timer = document.getElementById("timer");
  if (timer) {
    var due = new Date(timer.dataset.due).getTime();
    var value = document.getElementById("timer-value");
    var warning = document.getElementById("timer-warning");
    var warnAt = parseInt(script.dataset.warningSeconds, 10) * 1000;
    var tick = function () {
      var left = Math.max(0, due - Date.now());
      // Whole minutes until the warning: a ticking second hand only distracts. In the last minutes,
      // when they matter, the seconds too (m:ss).
      if (left > warnAt) {
        value.textContent = script.dataset.minutes.replace("{n}", Math.ceil(left / 60000));
      } else {
        var m = Math.floor(left / 60000), s = Math.floor((left % 60000) / 1000);
        value.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      }
      if (left <= warnAt && warning.hidden) { warning.hidden = false; }
      if (left <= 0) { window.location.reload(); return; }
      window.setTimeout(tick, 1000);
    };
    tick();
  }
})();

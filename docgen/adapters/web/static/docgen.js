// docgen web: the progress of a run, asked every second until it ends; then the page reloads.
// No framework, nothing from the network. Without JavaScript the page says to press F5.
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var step = document.getElementById("step");
  var bar = document.getElementById("bar");
  function ask() {
    fetch(url, {credentials: "same-origin", cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (s.status !== "running") { window.location.reload(); return; }
      step.textContent = s.total ? s.step + " — " + s.done + " из " + s.total : s.step;
      bar.max = s.total || 1; bar.value = s.done;
      window.setTimeout(ask, 1000);
    }).catch(function () { window.setTimeout(ask, 2000); });
  }
  window.setTimeout(ask, 500);
})();

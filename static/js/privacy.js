// The privacy centre: while a copy of the person's data is being built, ask every two
// seconds whether it is ready, then reload the page to offer the download. Without
// JavaScript the page's own "Refresh the page" link does the same.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-status]");
  if (!box) return;
  var url = box.getAttribute("data-export-status");
  var tries = 0;
  function ask() {
    tries += 1;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && state.status !== "pending" && state.status !== "building") {
          window.location.reload();
        } else if (tries < 150) {
          window.setTimeout(ask, 2000);
        }
      })
      .catch(function () { if (tries < 150) window.setTimeout(ask, 5000); });
  }
  window.setTimeout(ask, 2000);
})();

// Cookie consent in the browser: remove what the visitor has not allowed.
// The server decides (gdpr/cookies.py) and lists here the keys of local and session
// storage whose category is not allowed; a name ending in * covers every key it begins.
(function () {
  "use strict";
  var data = document.getElementById("consent-storage-remove");
  if (!data) return;
  var patterns = JSON.parse(data.textContent);
  function matches(key) {
    return patterns.some(function (pattern) {
      return pattern.slice(-1) === "*" ? key.indexOf(pattern.slice(0, -1)) === 0 : key === pattern;
    });
  }
  [window.localStorage, window.sessionStorage].forEach(function (storage) {
    try {
      for (var i = storage.length - 1; i >= 0; i--) {
        var key = storage.key(i);
        if (matches(key)) storage.removeItem(key);
      }
    } catch (e) {
      // Storage refused by the browser: nothing of ours is there.
    }
  });
})();

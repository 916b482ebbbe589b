// The installed app: registers the service worker (static/js/sw.js, served at
// the address this script's data-service-worker names). Every page works
// without it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  var url = script.dataset.serviceWorker;
  if (!url) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: script.dataset.scope || "/" })
      .catch(function () { /* the site works the same without it */ });
  });
})();

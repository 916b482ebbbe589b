// Turns push notifications on for this device, from the notification
// settings: subscribes with the site's public key and posts the subscription
// (with the page's CSRF token). Without this script the page says push needs
// it; turning push off is a plain form.
(function () {
  "use strict";
  var box = document.querySelector("[data-push]");
  if (!box) return;
  var button = box.querySelector("[data-push-on]");
  var status = box.querySelector("[data-push-status]");
  var needs = document.querySelector("[data-push-needs-script]");
  if (needs) needs.hidden = true;
  box.hidden = false;

  function say(text) { status.textContent = text; }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    button.hidden = true;
    say(box.dataset.pushUnsupported);
    return;
  }

  function bytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    base64 += "===".slice((base64.length + 3) % 4);
    var raw = window.atob(base64);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function worker() {
    return navigator.serviceWorker.getRegistration("/").then(function (found) {
      return found || navigator.serviceWorker.register(box.dataset.pushWorker, { scope: "/" });
    }).then(function () { return navigator.serviceWorker.ready; });
  }

  function subscription(registration) {
    return registration.pushManager.getSubscription().then(function (known) {
      return known || registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: bytes(box.dataset.pushKey)
      });
    });
  }

  function post(made) {
    var json = made.toJSON();
    var token = box.querySelector("[name=csrfmiddlewaretoken]").value;
    var body = new URLSearchParams();
    body.set("endpoint", json.endpoint);
    body.set("p256dh", json.keys.p256dh);
    body.set("auth", json.keys.auth);
    body.set("csrfmiddlewaretoken", token);
    return fetch(box.dataset.pushUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token }
    }).then(function (response) {
      if (response.ok) return;
      return response.json().then(function (answer) {
        throw new Error(answer.error || "");
      }, function () { throw new Error(""); });
    });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    say(box.dataset.pushWorking);
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error("denied");
      return worker();
    }).then(subscription).then(post).then(function () {
      // The list of devices shows this one now.
      window.location.reload();
    }).catch(function (error) {
      button.disabled = false;
      if (error && error.message === "denied") {
        say(box.dataset.pushDenied);
      } else {
        say(box.dataset.pushFailed + (error && error.message ? " " + error.message : ""));
      }
    });
  });
})();

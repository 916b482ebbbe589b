// The service worker of the installed app. Served at /sw.js (the whole site
// is its scope) by community.views.service_worker, which writes CONFIG above
// this line: the version, the static files to keep and the offline page.
// Nothing is loaded from another host; a member's pages are never kept.

var CACHE = "coupdemain-" + CONFIG.version;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) { return cache.addAll(CONFIG.precache); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (keys) {
        return Promise.all(keys.filter(function (key) {
          return key.indexOf("coupdemain-") === 0 && key !== CACHE;
        }).map(function (key) { return caches.delete(key); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf(CONFIG.staticPrefix) === 0) {
    // Static files: from the cache, else from the network, then kept.
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    }));
    return;
  }
  if (request.mode === "navigate") {
    // Pages always from the network; without it, the friendly offline page.
    event.respondWith(fetch(request).catch(function () {
      return caches.match(CONFIG.offline);
    }));
  }
});

// Push notifications: the payload is {title, body, url, tag}, written in the
// member's language by the server (notifications.push).
self.addEventListener("push", function (event) {
  var news = {};
  try { news = event.data ? event.data.json() : {}; } catch (error) { news = {}; }
  event.waitUntil(self.registration.showNotification(news.title || CONFIG.name, {
    body: news.body || "",
    icon: CONFIG.icon,
    badge: CONFIG.icon,
    tag: news.tag || undefined,
    lang: news.lang || undefined,
    data: { url: news.url || "/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (target.origin !== self.location.origin) target = new URL("/", self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === target.href && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(target.href);
    })
  );
});

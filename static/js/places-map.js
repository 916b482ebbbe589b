/* The map of a neighbourhood's places: drawn only when the page offers a tile
   server (data-tiles) and Leaflet loaded; the list of places stays the page's
   content either way, each place with its address in words. */
(function () {
  "use strict";
  var box = document.getElementById("places-map");
  if (!box || !window.L || !box.dataset.tiles) {
    return;
  }
  var items = document.querySelectorAll("[data-lat][data-lng]");
  if (!items.length) {
    return;
  }
  box.hidden = false;
  var map = window.L.map(box, { scrollWheelZoom: false });
  window.L.tileLayer(box.dataset.tiles, {
    attribution: box.dataset.attribution || "",
    maxZoom: 19,
  }).addTo(map);
  var bounds = [];
  items.forEach(function (item) {
    var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lng)];
    var words = document.createElement("p");
    words.textContent = item.dataset.name + " — " + item.dataset.address;
    window.L.marker(point, { title: item.dataset.name, alt: item.dataset.name })
      .addTo(map)
      .bindPopup(words);
    bounds.push(point);
  });
  map.fitBounds(bounds, { maxZoom: 16, padding: [24, 24] });
})();

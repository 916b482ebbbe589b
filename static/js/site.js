// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  // Tag suggestions become buttons that add the word to the last tag field used.
  function enhanceTagSuggestions() {
    var box = document.querySelector("[data-tag-suggestions]");
    if (!box) return;
    var fields = document.querySelectorAll("#id_interests, #id_skills");
    if (!fields.length) return;
    var target = fields[0];
    fields.forEach(function (field) {
      field.addEventListener("focus", function () { target = field; });
    });
    box.querySelectorAll("span.tag").forEach(function (span) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tag";
      button.textContent = span.textContent;
      button.addEventListener("click", function () {
        var word = span.textContent.trim();
        var current = target.value.split(",").map(function (w) { return w.trim(); }).filter(Boolean);
        if (current.indexOf(word) === -1) current.push(word);
        target.value = current.join(", ");
        target.focus();
      });
      span.replaceWith(button);
    });
  }

  // After a form comes back with errors, move focus to the summary so screen
  // readers announce it.
  function focusErrorSummary() {
    var summary = document.getElementById("form-errors");
    if (summary) summary.focus();
  }

  // Print buttons exist only where JavaScript can print; the browser's own
  // print command works everywhere.
  function enablePrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // While a listing is written, show the similar open listings live; without
  // JavaScript the same list comes on the preview step.
  function liveSimilarListings() {
    var form = document.querySelector("form[data-similar-url]");
    var box = document.getElementById("similar-listings");
    if (!form || !box || !window.fetch) return;
    var timer = null;
    function refresh() {
      var params = new URLSearchParams({
        neighbourhood: (form.elements.neighbourhood || {}).value || "",
        title: (form.elements.title || {}).value || "",
        tags: (form.elements.tags || {}).value || ""
      });
      fetch(form.dataset.similarUrl + "?" + params.toString(), {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { box.innerHTML = html; })
        .catch(function () { /* the preview step still shows them */ });
    }
    ["title", "tags"].forEach(function (name) {
      var field = form.elements[name];
      if (!field) return;
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(refresh, 400);
      });
    });
  }

  // "Show the password": a checkbox that turns the form's password fields to
  // plain text and back; it appears only where this file runs.
  function enableShowPassword() {
    document.querySelectorAll("[data-show-password]").forEach(function (row) {
      var box = row.querySelector("input[type=checkbox]");
      var form = row.closest("form");
      if (!box || !form) return;
      var fields = form.querySelectorAll("input[type=password]");
      if (!fields.length) return;
      row.hidden = false;
      box.addEventListener("change", function () {
        fields.forEach(function (field) { field.type = box.checked ? "text" : "password"; });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enableShowPassword();
    enhanceTagSuggestions();
    liveSimilarListings();
    enablePrintButtons();
    focusErrorSummary();
  });
})();

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
        target.dispatchEvent(new Event("input"));
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
        tags: (form.elements.tags || {}).value || "",
        language: (form.elements.language || {}).value || ""
      });
      fetch(form.dataset.similarUrl + "?" + params.toString(), {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { box.innerHTML = html; })
        .catch(function () { /* the preview step still shows them */ });
    }
    ["title", "tags", "language"].forEach(function (name) {
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

  // Keyword fields: the words typed (separated by commas) shown as chips
  // under the field, each with a button that takes it out. The field stays
  // the one that is sent, so the form works the same without this.
  function enhanceChips() {
    document.querySelectorAll("input[data-chips]").forEach(function (input) {
      var list = document.createElement("ul");
      list.className = "chips";
      list.setAttribute("aria-label", (input.labels && input.labels[0] ? input.labels[0].textContent : "").replace(/\s*:\s*$/, ""));
      input.insertAdjacentElement("afterend", list);
      function words() {
        var seen = {};
        return input.value.split(",").map(function (w) { return w.replace(/"/g, " ").replace(/\s+/g, " ").trim(); })
          .filter(function (w) { var key = w.toLowerCase(); if (!w || seen[key]) return false; seen[key] = true; return true; });
      }
      function draw() {
        list.textContent = "";
        words().forEach(function (word) {
          var item = document.createElement("li");
          item.className = "chip";
          var text = document.createElement("span");
          text.textContent = word;
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "chip-remove";
          remove.setAttribute("aria-label", (input.dataset.removeLabel || "") + " " + word);
          remove.textContent = "×";
          remove.addEventListener("click", function () {
            input.value = words().filter(function (w) { return w !== word; }).join(", ");
            draw();
            input.focus();
          });
          item.appendChild(text);
          item.appendChild(remove);
          list.appendChild(item);
        });
        list.hidden = !list.children.length;
      }
      input.addEventListener("input", draw);
      draw();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceChips();
    enableShowPassword();
    enhanceTagSuggestions();
    liveSimilarListings();
    enablePrintButtons();
    focusErrorSummary();
  });
})();

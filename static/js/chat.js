// Live conversation: small, own code. The page works without it (the form
// posts and the page reloads); with it, messages arrive as they are sent,
// survive reconnects (the page asks for everything after the last id it has),
// and a retry never duplicates (the server keys messages by client id).
(function () {
  "use strict";
  var thread = document.getElementById("thread");
  var form = document.getElementById("message-form");
  if (!thread || !form || !window.WebSocket) return;
  var conversation = Number(thread.dataset.conversation);
  var me = Number(thread.dataset.user);
  var lastId = Number(thread.dataset.lastId) || 0;
  var status = document.getElementById("chat-status");
  var textarea = form.querySelector("textarea");
  var socket = null;
  var delay = 1000;
  var pending = {};

  function say(text) { if (status) status.textContent = text || ""; }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, function () {
      return Math.floor(Math.random() * 16).toString(16);
    });
  }

  function render(message, mine) {
    var empty = thread.querySelector("[data-empty]");
    if (empty) empty.remove();
    var item = document.createElement("li");
    item.className = "chat-message" + (mine ? " chat-message--mine" : "");
    var meta = document.createElement("p");
    meta.className = "chat-meta";
    var who = document.createElement("strong");
    who.textContent = message.author_name || "";
    meta.appendChild(who);
    if (message.helped_by_name) {
      meta.appendChild(document.createTextNode(" · " + thread.dataset.helpedBy + " " + message.helped_by_name));
    }
    var text = document.createElement("p");
    text.className = "chat-text";
    text.textContent = message.text;  // never HTML: links stay text
    item.appendChild(meta);
    item.appendChild(text);
    thread.appendChild(item);
    return item;
  }

  function onMessage(message) {
    if (message.conversation !== conversation) return;
    if (thread.querySelector('[data-id="' + message.id + '"]')) return;
    var item = pending[message.client_id];
    if (item) {
      item.dataset.id = message.id;
      item.classList.remove("is-pending");
      delete pending[message.client_id];
    } else {
      item = render(message, message.author === me);
      item.dataset.id = message.id;
    }
    lastId = Math.max(lastId, message.id);
    if (message.author !== me) {
      send({type: "read", conversation: conversation, up_to: message.id});
    }
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws/");
    socket.onopen = function () {
      delay = 1000;
      say("");
      send({type: "join", conversation: conversation, after: lastId});
      // Anything typed while offline goes again; the server keeps it once.
      Object.keys(pending).forEach(function (clientId) {
        var item = pending[clientId];
        send({type: "send", conversation: conversation, client_id: clientId,
              text: item.querySelector(".chat-text").textContent});
      });
    };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type === "message.new") onMessage(frame);
      else if (frame.type === "ack") onMessage({conversation: frame.conversation, id: frame.id, client_id: frame.client_id, author: me});
      else if (frame.type === "read.position" && frame.user !== me) say(thread.dataset.readLabel || "");
      else if (frame.type === "error") say(frame.detail);
    };
    socket.onclose = function () {
      say(thread.dataset.offlineLabel || "");
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }

  form.addEventListener("submit", function (event) {
    var text = textarea.value.trim();
    if (!text || !socket || socket.readyState !== WebSocket.OPEN) return;  // plain post
    event.preventDefault();
    var clientId = newId();
    var item = render({author_name: thread.dataset.myName, text: text}, true);
    item.classList.add("is-pending");
    pending[clientId] = item;
    send({type: "send", conversation: conversation, client_id: clientId, text: text});
    textarea.value = "";
    textarea.focus();
  });

  connect();
})();

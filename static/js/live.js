// One WebSocket per open page, for a logged-in member: small, own code. The
// page works without it (forms post, pages reload). With it:
// - the header's counts of unread messages and notifications follow the news,
//   and what just arrived is said in a polite live region;
// - on a conversation page, messages arrive as they are sent, survive
//   reconnects and lost events (every message has its number in the
//   conversation; a page that sees one missing, or reconnects, asks for
//   everything after the last number it received in order), a
//   retry never duplicates (the server keys messages by client id), the sender
//   sees "read", and "… is writing" shows while the other side types.
(function () {
  "use strict";
  if (!window.WebSocket || !window.JSON) return;
  var news = document.getElementById("live-news");
  var thread = document.getElementById("thread");
  var form = document.getElementById("message-form");
  var chat = Boolean(thread && form);
  var conversation = chat ? Number(thread.dataset.conversation) : 0;
  var me = chat ? Number(thread.dataset.user) : 0;
  // The last message number received in order, the numbers received ahead of
  // it, and whether a catch-up is on its way.
  var lastSeq = chat ? Number(thread.dataset.lastSeq) || 0 : 0;
  var early = {};
  var catchingUp = false;
  var gapTimer = null;
  var GAP_WAIT = 1500;  // ms: an event may still come from another server
  var ACK_WAIT = 10000;  // ms: a message not acknowledged by then goes again
  var PING_EVERY = 15 * 60 * 1000;  // ms: well within the groups' expiry (1 h)
  var status = document.getElementById("chat-status");
  var typingLine = document.getElementById("chat-typing");
  var textarea = form ? form.querySelector("textarea") : null;
  var socket = null;
  var delay = 1000;
  var pending = {};
  var typingTimer = null;
  var lastTyping = 0;
  var lost = false;  // the member may no longer follow this conversation

  function say(text) { if (status) status.textContent = text || ""; }

  var countsAt = 0;  // server time of the counts shown: older ones are ignored

  function fresh(frame) {
    if (typeof frame.at !== "number") return true;
    if (frame.at < countsAt) return false;
    countsAt = frame.at;
    return true;
  }

  function setCount(name, value) {
    var badge = document.querySelector('[data-unread="' + name + '"]');
    if (!badge || typeof value !== "number") return;
    badge.querySelector("[data-unread-number]").textContent = String(value);
    badge.hidden = value <= 0;
  }

  function addCount(name, more) {
    var badge = document.querySelector('[data-unread="' + name + '"]');
    if (!badge || typeof more !== "number") return;
    var number = badge.querySelector("[data-unread-number]");
    setCount(name, (Number(number.textContent) || 0) + more);
  }

  function announce(frame) {
    if (fresh(frame)) setCount("notifications", frame.unread);
    // A message of the conversation open here is already on screen.
    if (!news || (chat && frame.kind === "message" && frame.url === location.pathname)) return;
    news.textContent = "";
    news.appendChild(document.createTextNode((news.dataset.newLabel || "") + " "));
    if (frame.url) {
      var link = document.createElement("a");
      link.href = frame.url;
      link.textContent = frame.text;  // never HTML
      news.appendChild(link);
    } else {
      news.appendChild(document.createTextNode(frame.text));
    }
  }

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
    if (message.seq) item.dataset.seq = message.seq;
    item.className = "chat-message" + (mine ? " chat-message--mine" : "");
    var meta = document.createElement("p");
    meta.className = "chat-meta";
    var who = document.createElement("strong");
    who.textContent = message.author_name || "";
    meta.appendChild(who);
    if (message.author_staff) {
      // The centre's team, marked as on the page: a look-alike name is not.
      var badge = document.createElement("span");
      badge.className = "badge badge--staff";
      badge.textContent = thread.dataset.staffLabel || "";
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(badge);
    }
    // The time, as the page shows it after a reload.
    var when = message.created_at ? new Date(message.created_at) : new Date();
    var time = document.createElement("time");
    time.dateTime = when.toISOString();
    time.textContent = formatTime(when);
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(time);
    if (message.helped_by_name) {
      meta.appendChild(document.createTextNode(" · " + thread.dataset.helpedBy + " " + message.helped_by_name));
    }
    var text = document.createElement("p");
    text.className = "chat-text";
    text.textContent = message.text;  // never HTML: links stay text
    item.appendChild(meta);
    item.appendChild(text);
    if (!mine && message.id) item.appendChild(reportLink(message));
    place(item, message.seq);
    return item;
  }

  function formatTime(when) {
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined,
        {dateStyle: "short", timeStyle: "short"}).format(when);
    } catch (e) {
      return when.toLocaleString();
    }
  }

  function reportLink(message) {
    // The "Report" link of a message of someone else, as after a reload.
    var line = document.createElement("p");
    line.className = "chat-report";
    var link = document.createElement("a");
    link.href = (thread.dataset.reportUrl || "").replace("/0/", "/" + Number(message.id) + "/");
    link.className = "target";
    link.appendChild(document.createTextNode(thread.dataset.reportLabel || ""));
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " " + (thread.dataset.reportOf || "").replace("__NAME__", message.author_name || "");
    link.appendChild(hidden);
    line.appendChild(link);
    return line;
  }

  function place(item, seq) {
    // In number order: a message that came late goes before the later ones.
    var later = null;
    if (seq) {
      var numbered = thread.querySelectorAll("[data-seq]");
      for (var i = 0; i < numbered.length; i++) {
        if (numbered[i] !== item && Number(numbered[i].dataset.seq) > seq) { later = numbered[i]; break; }
      }
    }
    if (later) thread.insertBefore(item, later);
    else thread.appendChild(item);
  }

  function received(seq) {
    if (seq && seq > lastSeq) early[seq] = true;
    while (early[lastSeq + 1]) { delete early[lastSeq + 1]; lastSeq += 1; }
    if (hasGap()) askSoon();
  }

  function hasGap() {
    for (var key in early) if (Number(key) > lastSeq) return true;
    return false;
  }

  function askSoon() {
    if (gapTimer || catchingUp) return;
    gapTimer = setTimeout(function () {
      gapTimer = null;
      if (hasGap()) catchUp();
    }, GAP_WAIT);
  }

  function catchUp() {
    if (lost || catchingUp || !socket || socket.readyState !== WebSocket.OPEN) return;
    catchingUp = true;
    send({type: "join", conversation: conversation, after: lastSeq});
  }

  function onJoined(frame) {
    // Everything up to frame.up_to came before this frame.
    catchingUp = false;
    lastSeq = Math.max(lastSeq, frame.up_to || 0);
    for (var key in early) if (Number(key) <= lastSeq) delete early[key];
    received(0);
  }

  function resendLate() {
    // A message with no acknowledgement for a while goes again: the server
    // keeps it once whatever happens.
    if (!socket || socket.readyState !== WebSocket.OPEN || lost) return;
    var now = Date.now();
    Object.keys(pending).forEach(function (clientId) {
      var item = pending[clientId];
      if (now - (item.sentAt || now) < ACK_WAIT) return;
      item.sentAt = now;
      send({type: "send", conversation: conversation, client_id: clientId,
            text: item.querySelector(".chat-text").textContent});
    });
  }

  function onMessage(message) {
    if (message.conversation !== conversation) return;
    if (thread.querySelector('[data-id="' + message.id + '"]')) { received(message.seq); return; }
    var item = pending[message.client_id];
    if (item) {
      item.dataset.id = message.id;
      if (message.seq) { item.dataset.seq = message.seq; place(item, message.seq); }
      item.classList.remove("is-pending");
      delete pending[message.client_id];
      if (message.held) {
        var note = document.createElement("em");
        note.className = "held";
        note.textContent = thread.dataset.heldLabel || "";
        item.querySelector(".chat-meta").appendChild(document.createTextNode(" · "));
        item.querySelector(".chat-meta").appendChild(note);
      }
    } else {
      item = render(message, message.author === me);
      item.dataset.id = message.id;
    }
    if (message.author === me) {
      var mark = thread.querySelector(".chat-read");
      if (mark) mark.remove();  // "Read" goes with the latest of mine
    }
    received(message.seq);
    if (message.author !== me) {
      if (typingLine) typingLine.textContent = "";
      say("");
      send({type: "read", conversation: conversation, up_to: message.id});
    }
  }

  function onRefused(frame) {
    // The server kept nothing: the text goes back in the box, to send again.
    var item = frame.client_id && pending[frame.client_id];
    if (item) {
      delete pending[frame.client_id];
      if (!textarea.value.trim()) textarea.value = item.querySelector(".chat-text").textContent;
      item.remove();
    }
    say(frame.detail);
  }

  function onRead(frame) {
    // "Read" once the other side has read my latest message.
    var mine = thread.querySelectorAll(".chat-message--mine[data-id]");
    var latest = mine.length ? Number(mine[mine.length - 1].dataset.id) : 0;
    if (!latest || frame.up_to < latest) return;
    // "Read" stands next to the message it concerns.
    var old = thread.querySelector(".chat-read");
    if (old) old.remove();
    var mark = document.createElement("span");
    mark.className = "chat-read";
    mark.textContent = " · " + (thread.dataset.readLabel || "");
    mine[mine.length - 1].querySelector(".chat-meta").appendChild(mark);
    say(thread.dataset.readLabel || "");  // and read out
  }

  function onTyping(frame) {
    if (frame.conversation !== conversation || frame.user === me || !typingLine) return;
    typingLine.textContent = frame.name + " " + (news ? news.dataset.typingLabel : "");
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typingLine.textContent = ""; }, 6000);
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
      if (!chat || lost) return;
      say("");
      catchingUp = true;
      send({type: "join", conversation: conversation, after: lastSeq});
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
      if (frame.type === "notification") announce(frame);
      else if (frame.type === "unread.more") addCount("messages", frame.messages);
      else if (frame.type === "unread" && fresh(frame)) {
        setCount("notifications", frame.notifications);
        setCount("messages", frame.messages);
      }
      if (!chat) return;
      if (frame.type === "message.new") onMessage(frame);
      else if (frame.type === "ack") onMessage({conversation: frame.conversation, id: frame.id, seq: frame.seq, client_id: frame.client_id, author: me, held: frame.held});
      else if (frame.type === "joined" && frame.conversation === conversation) onJoined(frame);
      else if (frame.type === "pong") catchUp();  // a safety net, every few minutes
      else if (frame.type === "message.hidden") {
        var gone = thread.querySelector('[data-id="' + frame.id + '"]');
        if (gone) gone.remove();  // hidden by the moderators: gone everywhere
      }
      else if (frame.type === "read.position" && frame.user !== me) onRead(frame);
      else if (frame.type === "typing") onTyping(frame);
      else if (frame.type === "error") onRefused(frame);
      else if (frame.type === "access.lost" && frame.conversation === conversation) {
        // Left, sanctioned, demoted or blocked: the page says why and stops
        // following; the form still posts, and the server says no again.
        lost = true;
        say(frame.detail);
      }
    };
    socket.onclose = function (event) {
      if (event.code === 4401) return;  // logged out: the next page says so
      if (chat) say(thread.dataset.offlineLabel || "");
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }

  if (chat) {
    form.addEventListener("submit", function (event) {
      var text = textarea.value.trim();
      if (!text) {
        // Nothing to send: said, and the box keeps the focus.
        event.preventDefault();
        say(thread.dataset.emptyLabel || "");
        textarea.setAttribute("aria-invalid", "true");
        textarea.focus();
        return;
      }
      textarea.removeAttribute("aria-invalid");
      if (lost || !socket || socket.readyState !== WebSocket.OPEN) return;  // plain post
      event.preventDefault();
      var clientId = newId();
      var item = render({author_name: thread.dataset.myName, text: text}, true);
      item.classList.add("is-pending");
      item.sentAt = Date.now();
      pending[clientId] = item;
      send({type: "send", conversation: conversation, client_id: clientId, text: text});
      textarea.value = "";
      textarea.focus();
    });
    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTyping < 3000) return;
      lastTyping = now;
      send({type: "typing", conversation: conversation});
    });
  }

  connect();
  if (chat) setInterval(resendLate, ACK_WAIT / 2);
  // Still here: the server renews the page's place in its groups (they expire,
  // so that the channels of a server that died are forgotten).
  setInterval(function () { send({type: "ping"}); }, PING_EVERY);
})();

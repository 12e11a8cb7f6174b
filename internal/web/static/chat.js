// chat.js makes the chat pages live. Without it they work by forms and
// reloads. It opens a WebSocket, or, when that fails twice (a proxy that
// blocks it), long-polls; either way it asks for the messages after the
// last one it has, so nothing is lost across breaks and reloads. Every
// text is put in with textContent: messages are plain text.
(function () {
  'use strict';
  var root = document.getElementById('chat');
  if (!root) return;
  var staff = root.dataset.mode === 'staff';
  var texts = root.dataset;
  var chats = {};
  var rid = staff ? 0 : +root.dataset.chat;
  var ws = null, failures = 0, everOpened = false, polling = false, ended = root.dataset.status === 'ended';

  function register(el) {
    var id = +el.dataset.chat;
    chats[id] = {
      last: +el.dataset.last || 0,
      log: document.getElementById('chat-log-' + id),
      typing: document.getElementById('chat-typing-' + id),
      form: document.getElementById('chat-form-' + id),
      typed: 0, timer: 0, sent: ''
    };
  }
  if (staff) {
    Array.prototype.forEach.call(document.querySelectorAll('.chat-panel'), register);
  } else {
    register(root);
  }

  function who(m) {
    if (m.from === 'resident') return staff ? texts.resident : texts.you;
    if (m.from === 'staff') return m.author || texts.librarian;
    return '';
  }

  function addMessages(f) {
    var c = chats[f.chat];
    if (!c || !c.log) return;
    (f.messages || []).forEach(function (m) {
      if (m.id <= c.last) return;
      c.last = m.id;
      var li = document.createElement('li');
      li.className = 'msg msg-' + m.from;
      li.dataset.id = m.id;
      var w = document.createElement('span');
      w.className = 'who';
      w.textContent = who(m);
      var t = document.createElement('time');
      t.dateTime = m.sent;
      t.textContent = m.time;
      var x = document.createElement('span');
      x.className = 'text';
      x.textContent = m.text;
      li.append(w, ' ', t, ' ', x);
      c.log.appendChild(li);
      if (m.from !== (staff ? 'staff' : 'resident') && c.typing) c.typing.textContent = '';
    });
    if (c.log.lastElementChild) c.log.lastElementChild.scrollIntoView({block: 'nearest'});
  }

  function showTyping(f) {
    var c = chats[f.chat];
    if (!c || !c.typing) return;
    c.typing.textContent = f.from === 'staff' ? texts.typingStaff : texts.typingResident;
    clearTimeout(c.timer);
    c.timer = setTimeout(function () { c.typing.textContent = ''; }, 5000);
  }

  function showError(f) {
    var id = f.chat || rid;
    var c = chats[id];
    var el = document.getElementById('chat-error-' + id);
    if (!el) {
      el = document.createElement('p');
      el.id = 'chat-error-' + id;
      el.className = 'field-error';
      el.setAttribute('role', 'alert');
      var at = (c && c.form) || root;
      at.parentNode.insertBefore(el, at.nextSibling);
    }
    el.textContent = f.text;
    if (c && c.form && c.sent) {
      var ta = c.form.querySelector('textarea');
      if (ta && !ta.value) ta.value = c.sent;
      c.sent = '';
    }
  }

  function clearError(id) {
    var el = document.getElementById('chat-error-' + id);
    if (el) el.textContent = '';
  }

  function showStatus(f) {
    if (staff) {
      var c = chats[f.chat];
      if (c && f.status === 'ended' && c.form && !c.form.hidden) {
        c.form.hidden = true;
        var p = document.createElement('p');
        p.textContent = f.text;
        c.form.parentNode.insertBefore(p, c.form);
      }
      return;
    }
    var st = document.getElementById('chat-status');
    if (st) st.textContent = f.text + (f.staff ? ' – ' + f.staff : '');
    if (f.status === 'ended' && !ended) {
      ended = true;
      location.reload();
    }
  }

  function showQueue(f) {
    var body = document.getElementById('chat-queue');
    if (!body) return;
    var rows = document.createDocumentFragment();
    (f.queue || []).forEach(function (q) {
      var tr = document.createElement('tr');
      [q.name, q.queue, q.state + (q.staff ? ' (' + q.staff + ')' : ''), q.age].forEach(function (v, i) {
        var td = document.createElement('td');
        td.textContent = v;
        if (i === 0 && q.lang) td.lang = q.lang;
        tr.appendChild(td);
      });
      var td = document.createElement('td');
      if (q.mine) {
        var a = document.createElement('a');
        a.href = chats[q.id] ? '#chat-' + q.id : '/admin/chat#chat-' + q.id;
        a.textContent = chats[q.id] ? texts.open : texts.reload;
        if (!chats[q.id]) a.addEventListener('click', function () { setTimeout(function () { location.reload(); }, 0); });
        td.appendChild(a);
      } else if (q.status === 'waiting') {
        var form = document.createElement('form');
        form.method = 'post';
        form.action = '/admin/chat/' + q.id + '/take';
        var b = document.createElement('button');
        b.type = 'submit';
        b.textContent = texts.take;
        form.appendChild(b);
        td.appendChild(form);
      }
      tr.appendChild(td);
      rows.appendChild(tr);
    });
    if (!(f.queue || []).length) {
      var tr = document.createElement('tr');
      var td = document.createElement('td');
      td.colSpan = 5;
      td.textContent = texts.none;
      tr.appendChild(td);
      rows.appendChild(tr);
    }
    body.replaceChildren(rows);
  }

  function handle(f) {
    switch (f.type) {
      case 'messages': addMessages(f); break;
      case 'typing': showTyping(f); break;
      case 'status': showStatus(f); break;
      case 'queue': showQueue(f); break;
      case 'error': showError(f); break;
    }
  }

  function offline(on) {
    var el = document.getElementById('chat-offline');
    if (!el) {
      if (!on) return;
      el = document.createElement('p');
      el.id = 'chat-offline';
      el.className = 'notice';
      el.setAttribute('role', 'status');
      root.insertBefore(el, root.firstChild);
    }
    el.textContent = on ? texts.offline : '';
  }

  function socketURL() {
    var u = new URL(staff ? '/admin/chat/ws' : '/chat/' + rid + '/ws', location.href);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    if (!staff) u.search = '?after=' + chats[rid].last;
    return u.href;
  }

  function connect() {
    if (polling) return;
    // Two failures before any socket opened: a proxy blocks WebSockets.
    // Once one has opened, failures are the network's or a restarting
    // server's, and the socket is tried again.
    if (!('WebSocket' in window) || (failures >= 2 && !everOpened)) {
      polling = true;
      poll();
      return;
    }
    var opened = false;
    try {
      ws = new WebSocket(socketURL());
    } catch (e) {
      failures++;
      setTimeout(connect, 500);
      return;
    }
    ws.onopen = function () {
      opened = everOpened = true;
      failures = 0;
      offline(false);
      Object.keys(chats).forEach(function (id) {
        if (staff) ws.send(JSON.stringify({type: 'watch', chat: +id, after: chats[id].last}));
      });
    };
    ws.onmessage = function (e) {
      try { handle(JSON.parse(e.data)); } catch (err) { /* not ours */ }
    };
    ws.onclose = function () {
      ws = null;
      if (!opened) failures++;
      if (ended) return;
      offline(opened);
      setTimeout(connect, opened ? 500 : Math.min(300 * Math.pow(2, failures), 5000));
    };
  }

  function pollURL() {
    if (!staff) return '/chat/' + rid + '/events?after=' + chats[rid].last;
    return '/admin/chat/events?chats=' + Object.keys(chats).map(function (id) { return id + ':' + chats[id].last; }).join(',');
  }

  function poll() {
    fetch(pollURL(), {headers: {Accept: 'application/json'}, credentials: 'same-origin'})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (fs) {
        offline(false);
        fs.forEach(handle);
        if (!ended) setTimeout(poll, 50);
      })
      .catch(function () { offline(true); setTimeout(poll, 3000); });
  }

  function send(m) {
    if (ws && ws.readyState === 1) {
      ws.send(JSON.stringify(m));
      return;
    }
    fetch(staff ? '/admin/chat/send' : '/chat/' + rid + '/send', {
      method: 'POST', credentials: 'same-origin', body: JSON.stringify(m),
      headers: {'Content-Type': 'application/json', Accept: 'application/json'}
    }).then(function (r) {
      if (r.status !== 204) return r.json().then(handle);
    }).catch(function () { showError({chat: m.chat, text: texts.offline}); });
  }

  Object.keys(chats).forEach(function (id) {
    var c = chats[id];
    if (!c.form) return;
    var ta = c.form.querySelector('textarea');
    c.form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      clearError(id);
      c.sent = ta.value;
      ta.value = '';
      send({type: 'message', chat: +id, text: c.sent});
      ta.focus();
    });
    ta.addEventListener('input', function () {
      var now = Date.now();
      if (now - c.typed > 3000) {
        c.typed = now;
        send({type: 'typing', chat: +id});
      }
    });
    ta.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        c.form.requestSubmit();
      }
    });
  });

  // Saved answers: a button puts the chosen one in the message box, to
  // be edited before it is sent.
  Array.prototype.forEach.call(document.querySelectorAll('select[data-insert]'), function (sel) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = texts.insert;
    b.addEventListener('click', function () {
      var ta = document.getElementById(sel.dataset.insert);
      ta.value = ta.value ? ta.value + '\n' + sel.value : sel.value;
      ta.focus();
    });
    sel.parentNode.insertBefore(b, sel.nextSibling);
  });

  // On duty: the console renews the duty every minute while it is open.
  var duty = document.getElementById('chat-duty');
  if (duty && duty.dataset.on) {
    setInterval(function () {
      fetch('/admin/chat/duty', {method: 'POST', credentials: 'same-origin', redirect: 'manual',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'on=1'});
    }, 60000);
  }

  if (!ended || staff) connect();
})();

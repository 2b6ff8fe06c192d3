/* Reading and acting without a signal (docs/offline.md): registers the service worker
 * (/sw.js), shows what waits on the device to be sent and what was sent, and the course
 * page's "keep for reading without internet" button. Every text comes from the page. */
(function () {
  "use strict";
  var sw = navigator.serviceWorker, root = document.documentElement;
  var box = document.getElementById("offline-status");

  function mark() { root.classList.toggle("is-offline", !navigator.onLine); }
  mark();
  addEventListener("offline", mark);
  if (!sw || !window.caches) return;
  /* After the page has loaded: installing the worker never delays the lesson's text. */
  function register() { sw.register("/sw.js", { scope: "/" }); }
  if (document.readyState === "complete") register(); else addEventListener("load", register);

  /* Ask the service worker something; progress messages go to onProgress. */
  function ask(msg, onProgress) {
    return sw.ready.then(function (reg) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (e) {
          if (e.data && e.data.progress) { if (onProgress) onProgress(e.data); } else { resolve(e.data || {}); }
        };
        (sw.controller || reg.active).postMessage(msg, [channel.port2]);
      });
    });
  }
  function text(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }

  function lessonOf(form) {
    var found = /\/learn\/lessons\/(\d+)\/(done|quiz)\/$/.exec(form.getAttribute("action") || "");
    return found && +found[1];
  }

  /* Notes from the last send, and the lesson's own action when it waits on the device. */
  function show(state) {
    if (!box || !state || state.error) return;
    var list = document.createElement("ul");
    (state.notices || []).forEach(function (note) {
      var item = list.appendChild(document.createElement("li"));
      var el = item.appendChild(document.createElement(note.url ? "a" : "span"));
      if (note.url) el.href = note.url;
      el.textContent = note.text;
    });
    var waiting = state.pending || [];
    document.querySelectorAll("form[action*='/learn/lessons/']").forEach(function (form) {
      var lesson = lessonOf(form);
      if (waiting.some(function (p) { return p.lesson === lesson; })) {
        var p = document.createElement("p");
        p.className = "lesson-done offline-pending";
        p.textContent = box.dataset.pending;
        form.replaceWith(p);
      }
    });
    if (waiting.length) list.appendChild(document.createElement("li")).textContent = box.dataset.pending + " (" + waiting.length + ")";
    box.replaceChildren(list);
    box.hidden = !list.children.length;
    markSaved(state.saved || {});
  }

  function markSaved(saved) {
    var urls = {};
    Object.keys(saved).forEach(function (course) { Object.assign(urls, saved[course]); });
    document.querySelectorAll(".lesson-list a").forEach(function (a) {
      if (a.getAttribute("href") in urls) a.classList.add("is-saved");
    });
    var panel = document.querySelector(".offline-save");
    if (panel && saved[panel.dataset.course]) document.querySelectorAll(".offline-mark").forEach(function (m) { m.hidden = false; });
  }

  /* Send what waits on the device; a signal that has just returned may still fail, so
   * try again a little later (1 s, 2 s, 4 s … up to a minute) while the page is open. */
  var retry = 0;
  function sync() {
    clearTimeout(retry);
    return ask({ type: navigator.onLine ? "sync" : "status" }).then(function (state) {
      show(state);
      var wait = (sync.wait = Math.min((sync.wait || 500) * 2, 60000));
      if (navigator.onLine && state.pending && state.pending.length) retry = setTimeout(sync, wait);
      else sync.wait = 0;
    });
  }
  addEventListener("online", function () {
    mark();
    if (document.getElementById("offline-saved")) location.reload();
    else sync();
  });

  /* The course page: size before saving, then a progress bar. */
  function coursePanel(panel) {
    var button = panel.querySelector("button"), bar = panel.querySelector("progress");
    var message = panel.querySelector(".offline-save-message"), manifest = null;
    panel.hidden = false;
    function items() {
      var want = Math.min(innerWidth, 800) * (devicePixelRatio || 1), list = [], bytes = 0;
      manifest.pages.forEach(function (p) { list.push({ url: p.url, version: p.version, page: true }); bytes += p.bytes; });
      manifest.images.forEach(function (sizes) {
        var pick = sizes.filter(function (s) { return s.width >= want; })[0] || sizes[sizes.length - 1];
        list.push({ url: pick.url }); bytes += pick.bytes;
      });
      manifest.assets.forEach(function (a) { list.push({ url: a.url }); bytes += a.bytes; });
      return { list: list, mb: (bytes / 1048576).toFixed(1) };
    }
    function save(quiet) {
      var plan = items();
      bar.hidden = quiet; button.disabled = !quiet;
      return ask({ type: "save", course: manifest.course, items: plan.list }, function (p) {
        bar.max = p.total; bar.value = p.progress;
        if (!quiet) message.textContent = text(panel.dataset.saving, { done: p.progress, total: p.total });
      }).then(function (result) {
        button.disabled = false; bar.hidden = true;
        if (result.error) { message.textContent = panel.dataset.failed; return; }
        message.textContent = panel.dataset.done;
        return ask({ type: "status" }).then(show);
      });
    }
    function load() {
      return fetch(panel.dataset.manifest, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (m) {
        manifest = m;
        panel.querySelector(".offline-size").textContent = "(" + text(panel.dataset.size, { mb: items().mb }) + ")";
      });
    }
    button.addEventListener("click", function () {
      (manifest ? Promise.resolve() : load()).then(function () { return save(false); }, function () {
        message.textContent = panel.dataset.failed;
      });
    });
    if (!navigator.onLine) return;
    /* Saved before: bring changed pages up to date now that there is a signal. */
    load().then(function () {
      return ask({ type: "status" }).then(function (state) { if (state.saved && state.saved[manifest.course]) return save(true); });
    }).catch(function () {});
  }

  /* The offline page: what can be read without a signal. */
  function savedList(list) {
    ask({ type: "list" }).then(function (pages) {
      (pages.length ? pages : []).forEach(function (p) {
        var a = list.appendChild(document.createElement("li")).appendChild(document.createElement("a"));
        a.href = p.url;
        a.textContent = new DOMParser().parseFromString(p.title, "text/html").documentElement.textContent;
      });
      if (!pages.length) list.appendChild(document.createElement("li")).textContent = list.dataset.empty;
    });
  }

  sw.ready.then(function () {
    var panel = document.querySelector(".offline-save"), list = document.getElementById("offline-saved");
    if (panel) coursePanel(panel);
    if (list) savedList(list);
    sync();
  });
})();

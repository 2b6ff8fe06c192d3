{% load i18n %}/* The service worker: lessons without a signal (docs/offline.md). Hand-written, no library.
 *
 * Caches: "lms-static" (stylesheet, scripts, icons), "lms-public" (pages seen by a visitor
 * who is not signed in, and the offline page), "lms-u-<learner>" (everything seen while
 * signed in: personal, deleted at logout, idle timeout, or when someone else signs in).
 * The server names the learner on every page (X-LMS-User); queued actions carry it too
 * and are only ever sent while that learner is signed in.
 */
"use strict";
const IDLE = {{ idle_seconds }} * 1000;
const RACE_MS = 250; // a slow signal: show the saved page rather than wait longer (a saved lesson shows within 1 s at 400 ms round trips)
const PRECACHE = {{ precache_json|safe }};
const OFFLINE_TEXT = "{% filter escapejs %}{% translate 'No signal, and this page is not saved on this device.' %}{% endfilter %}";
const PUBLIC = "lms-public", STATIC = "lms-static", USER = "lms-u-";
const NOT_KEPT = /^\/(admin|staff|accounts|django-admin|documents|learn|sw\.js|manifest)/;
const ACTION = /^\/learn\/lessons\/(\d+)\/(done|quiz)\/$/;
const LOGOUT = "{% url 'account_logout' %}", TOKEN = "{% url 'courses:offline_token' %}";
const SEND = "{% url 'courses:offline_action' %}", OFFLINE = "{% url 'courses:offline' %}";
let freshUntil = 0; // after a form is sent, the next pages come from the network (messages, progress)
let syncing = null;

/* A tiny IndexedDB: "queue" holds actions by key, "meta" the rest. */
let opened;
function db() {
  return opened || (opened = new Promise((ok, fail) => {
    const r = indexedDB.open("lms-offline", 1);
    r.onupgradeneeded = () => { r.result.createObjectStore("queue", { keyPath: "key" }); r.result.createObjectStore("meta"); };
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  }));
}
function idb(store, mode, fn) {
  return db().then((d) => new Promise((ok, fail) => {
    const t = d.transaction(store, mode), r = fn(t.objectStore(store));
    t.oncomplete = () => ok(r && r.result);
    t.onerror = t.onabort = () => fail(t.error);
  }));
}
const get = (k) => idb("meta", "readonly", (s) => s.get(k));
const set = (k, v) => idb("meta", "readwrite", (s) => s.put(v, k));
const drop = (k) => idb("meta", "readwrite", (s) => s.delete(k));
const queued = (user) => idb("queue", "readonly", (s) => s.getAll()).then((all) => all.filter((i) => i.user === user));
const signedIn = (u) => !!u && u !== "-";
const bucket = (u) => (signedIn(u) ? USER + u : PUBLIC);

/* Forget a learner: their pages, saved courses and notes, and (withQueue) unsent actions. */
async function forget(user, withQueue) {
  if (!signedIn(user)) return;
  await caches.delete(USER + user);
  await drop("saved:" + USER + user);
  await drop("notices:" + user);
  if (withQueue) {
    const mine = await queued(user);
    await idb("queue", "readwrite", (s) => mine.forEach((i) => s.delete(i.key)));
  }
}

/* The server said who is signed in now. Another learner (or nobody): forget the last one's
 * pages; their unsent actions too if they had left the device idle past the timeout. */
async function setUser(u) {
  const was = await get("user");
  if (u === was) return;
  if (signedIn(was)) await forget(was, Date.now() - ((await get("seen")) || 0) > IDLE);
  await set("user", u);
}

/* Each page opened: after the idle timeout the device forgets the learner, as the server does. */
async function touch() {
  const u = await get("user"), seen = await get("seen");
  if (signedIn(u) && seen && Date.now() - seen > IDLE) {
    await forget(u, true);
    await set("user", "-");
  }
  await set("seen", Date.now());
  return (await get("user")) || "-";
}

const isHtml = (res) => (res.headers.get("Content-Type") || "").includes("text/html");

/* Note whose page this is (the server says), and keep it in that learner's cache. A page
 * reached through a redirect is not kept (it answers another address). */
async function keep(url, res) {
  const u = res.headers.get("X-LMS-User");
  if (u) await setUser(u);
  if (!res.ok || res.redirected || /no-store/.test(res.headers.get("Cache-Control") || "")) return;
  await (await caches.open(bucket(u || (await get("user"))))).put(url, res);
}

async function match(url, names) {
  for (const name of names) {
    const hit = await (await caches.open(name)).match(url);
    if (hit) return hit;
  }
}

/* Pages: the network when it answers quickly (so progress and messages are current),
 * else the saved copy after RACE_MS while the network's answer still refreshes it, else
 * the offline page. Right after a form was sent, the network however long it takes. */
async function page(event) {
  const req = event.request, user = await touch();
  const network = fetch(req).then((res) => {
    if (isHtml(res)) event.waitUntil(keep(req.url, res.clone()));
    return res;
  });
  const saved = Date.now() > freshUntil && (await match(req.url, [bucket(user)]));
  if (saved) {
    const late = new Promise((resolve) => setTimeout(resolve, RACE_MS, null));
    const first = await Promise.race([network.catch(() => null), late]);
    if (first) return first;
    event.waitUntil(network.catch(() => null));
    return saved;
  }
  try {
    return await network;
  } catch (err) {
    return (await match(req.url, [bucket(user), PUBLIC])) || (await match(OFFLINE, [PUBLIC])) ||
      new Response(OFFLINE_TEXT, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

/* Pages not kept (log-in, staff, results) still say who is signed in. */
async function watch(event) {
  const res = await fetch(event.request);
  const u = res.headers.get("X-LMS-User");
  if (u) event.waitUntil(setUser(u));
  return res;
}

/* Another size of the same picture, for a screen that asks for a size not saved. */
async function otherSize(url, names) {
  const base = new URL(url).pathname.match(/^(.*\.)(width|fill)-/);
  if (!base) return;
  for (const name of names) {
    const cache = await caches.open(name);
    for (const key of await cache.keys()) if (new URL(key.url).pathname.startsWith(base[1])) return cache.match(key);
  }
}

/* Static files and images: the saved copy (static files refreshed in the background). */
async function asset(event, isStatic) {
  const req = event.request, user = (await get("user")) || "-";
  const names = [STATIC, bucket(user), PUBLIC];
  const network = fetch(req).then(async (res) => {
    if (storable(res)) await (await caches.open(isStatic ? STATIC : bucket(user))).put(req, res.clone());
    return res;
  });
  const saved = await match(req, names);
  if (saved) {
    event.waitUntil(isStatic ? network.catch(() => null) : Promise.resolve());
    return saved;
  }
  try {
    return await network;
  } catch (err) {
    return (await otherSize(req.url, names)) || Response.error();
  }
}

/* Mark-done and quiz answers: sent as usual; without a signal (or with a stale form
 * token) kept on the device with a key, and the learner goes back to the lesson, which
 * says so. */
async function act(event, found) {
  const req = event.request, form = await req.clone().formData();
  let online = false;
  try {
    const res = await fetch(req);
    if (res.status !== 403) return res;
    online = true;
  } catch (err) { /* no signal */ }
  const user = await get("user");
  if (!signedIn(user)) return (await match(OFFLINE, [PUBLIC])) || Response.error();
  const fields = {};
  for (const [name, value] of form) if (name !== "csrfmiddlewaretoken") (fields[name] = fields[name] || []).push(value);
  const kind = found[2];
  await idb("queue", "readwrite", (s) => s.put({
    key: (kind === "quiz" && fields.submission_key && fields.submission_key[0]) || crypto.randomUUID(),
    kind, lesson: +found[1], version: (fields.lesson_version || [""])[0], fields, user, at: Date.now(),
  }));
  if (online) await sync().catch(() => null);
  else if (self.registration.sync) await self.registration.sync.register("lms-queue").catch(() => null);
  return Response.redirect(req.referrer || "/", 303);
}

/* Logging out forgets the learner on this device, signal or not. */
async function logout(req) {
  const user = await get("user");
  await forget(user, true);
  await set("user", "-");
  try {
    return await fetch(req);
  } catch (err) {
    return (await match(OFFLINE, [PUBLIC])) || Response.error();
  }
}

/* Send the signed-in learner's queued actions, oldest first, each once; runs one at a time. */
function sync() {
  return syncing || (syncing = send().finally(() => { syncing = null; }));
}
async function send() {
  const user = await get("user"), items = (await queued(user)).sort((a, b) => a.at - b.at);
  if (!items.length) return;
  const token = await (await fetch(TOKEN, { credentials: "same-origin", cache: "no-store" })).json();
  if (token.user !== user) return; // never under another learner
  for (const item of items) {
    const res = await fetch(SEND, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token.token },
      body: JSON.stringify(item),
    });
    if (res.status !== 200 && res.status !== 422) break; // signed out, or the server is down: later
    const answer = await res.json();
    const notes = ((await get("notices:" + user)) || []).concat(answer.notices || []);
    await set("notices:" + user, notes);
    await idb("queue", "readwrite", (s) => s.delete(item.key));
  }
}

/* Another origin (the media bucket or CDN): its answers are opaque, and kept as they are. */
const foreign = (url) => new URL(url, location.href).origin !== location.origin;
const storable = (res) => res.ok || res.type === "opaque";

/* Save a course: fetch what its manifest lists, skipping what is saved at that version. */
async function save(data, port) {
  const user = (await get("user")) || "-", key = "saved:" + bucket(user);
  const all = (await get(key)) || {}, before = all[data.course] || {}, versions = {};
  let done = 0;
  for (const item of data.items) {
    const names = item.page ? [bucket(user)] : [STATIC, bucket(user)];
    const fresh = item.page ? before[item.url] === item.version : true;
    if (!(fresh && (await match(item.url, names)))) {
      // Media on a bucket or CDN (S3_PUBLIC_MEDIA_URL) are another origin: kept opaque.
      const res = await fetch(item.url, foreign(item.url) ? { mode: "no-cors" } : { credentials: "same-origin" });
      if (!storable(res)) throw new Error(item.url + " " + res.status);
      if (item.page) await keep(item.url, res);
      else await (await caches.open(item.url.startsWith("/static/") ? STATIC : bucket(user))).put(item.url, res);
    }
    if (item.page) versions[item.url] = item.version;
    port.postMessage({ progress: ++done, total: data.items.length });
  }
  all[data.course] = versions;
  await set(key, all);
  return { saved: true };
}

/* What a page shows: actions waiting on the device, notes from the last send, saved courses. */
async function status() {
  const user = (await get("user")) || "-", notices = (await get("notices:" + user)) || [];
  if (notices.length) await drop("notices:" + user);
  const pending = (await queued(user)).map((i) => ({ lesson: i.lesson, kind: i.kind }));
  return { user, pending, notices, saved: (await get("saved:" + bucket(user))) || {} };
}

/* The pages saved on this device, with their titles, for the offline page. */
async function list() {
  const user = (await get("user")) || "-", out = [], seen = new Set();
  for (const name of [bucket(user), PUBLIC]) {
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      const path = new URL(req.url).pathname, res = await cache.match(req);
      if (seen.has(path) || path === OFFLINE || !isHtml(res)) continue;
      seen.add(path);
      const title = (await res.text()).match(/<title>([^<]*)/);
      out.push({ url: path, title: title ? title[1].split(" · ")[0].trim() : path });
    }
  }
  return out;
}

self.addEventListener("install", (event) => {
  event.waitUntil(Promise.all([
    caches.open(STATIC).then((c) => c.addAll(PRECACHE)),
    fetch(OFFLINE, { credentials: "omit" }).then(async (res) => (await caches.open(PUBLIC)).put(OFFLINE, res)),
  ]).then(() => self.skipWaiting()));
});
/* Pages opened before the worker started are kept too. */
async function keepOpenPages() {
  for (const client of await self.clients.matchAll({ type: "window" })) {
    const url = new URL(client.url);
    if (url.origin !== location.origin || NOT_KEPT.test(url.pathname)) continue;
    const res = await fetch(client.url, { credentials: "same-origin" }).catch(() => null);
    if (res && isHtml(res)) await keep(res.url || client.url, res);
  }
}
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim().then(keepOpenPages)));
self.addEventListener("sync", (event) => { if (event.tag === "lms-queue") event.waitUntil(sync()); });

self.addEventListener("message", (event) => {
  const data = event.data || {}, port = event.ports[0];
  const jobs = { status, list, sync: () => sync().catch(() => null).then(status), save: () => save(data, port) };
  if (!port || !jobs[data.type]) return;
  event.waitUntil(jobs[data.type]().then((v) => port.postMessage(v), (err) => port.postMessage({ error: String(err) })));
});

self.addEventListener("fetch", (event) => {
  const req = event.request, url = new URL(req.url);
  if (url.origin !== location.origin) {
    // Images from the media bucket or CDN: saved like our own media.
    if (req.method === "GET" && req.destination === "image") event.respondWith(asset(event, false));
    return;
  }
  if (req.method === "POST") {
    freshUntil = Date.now() + 15000;
    const found = url.pathname.match(ACTION);
    if (found) event.respondWith(act(event, found));
    else if (url.pathname === LOGOUT) event.respondWith(logout(req));
    return;
  }
  if (req.method !== "GET" || req.headers.has("range")) return;
  if (req.mode === "navigate") event.respondWith(NOT_KEPT.test(url.pathname) ? watch(event) : page(event));
  else if (NOT_KEPT.test(url.pathname)) return;
  else if (/^\/(static|media)\//.test(url.pathname)) event.respondWith(asset(event, url.pathname.startsWith("/static/")));
});

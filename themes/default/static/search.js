// Search and filters for the search page. Progressive: without this script the page keeps its
// form and links to the ordinary listings. Data: search/meta.json (columns, one entry per open
// posting, newest first) and search/words/<ab>.json (description words, fetched on demand).
// The form state lives in the URL query, so a result list can be bookmarked and reloaded.
(() => {
  "use strict";
  const form = document.getElementById("search");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  const $ = (id) => document.getElementById(id);
  const list = $("results"), status = $("status"), more = $("more"), browse = $("browse");
  const subscribe = $("subscribe"), panel = $("filters"), count = $("filters-count");
  const FIELDS = ["q", "arrangement", "region", "tz", "tag", "type", "min", "currency", "within",
    "sort"];
  const FEEDS = [["feed.xml", "RSS"], ["atom.xml", "Atom"], ["feed.json", "JSON Feed"]];
  const PAGE = 50;
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const PER = { hour: "an hour", day: "a day", week: "a week", month: "a month", year: "a year" };
  const shards = new Map();
  let meta = null, hay = [], matches = [], shown = 0, run = 0;

  // The same folding as sitegen/search.py words(): NFKD, lower case, ASCII letters and digits.
  const words = (text) => text.toLowerCase().normalize("NFKD").replace(/[^\x00-\x7f]/g, "")
    .match(/[a-z0-9]+/g) || [];
  const fetchJSON = (path) => fetch(form.dataset.index + path + "?v=" + form.dataset.version)
    .then((r) => { if (!r.ok) throw new Error(path + ": HTTP " + r.status); return r.json(); });

  function shard(key) {
    if (!meta.shards.includes(key)) return Promise.resolve({});
    if (!shards.has(key)) shards.set(key, fetchJSON("words/" + key + ".json"));
    return shards.get(key);
  }

  // Rows whose description has a word starting with token (tokens of one letter: none).
  async function described(token) {
    const rows = new Set();
    if (token.length < 2) return rows;
    const entries = await shard(token.slice(0, 2));
    for (const word in entries) {
      if (!word.startsWith(token)) continue;
      let row = 0;
      for (const delta of entries[word]) { row += delta; rows.add(row); }
    }
    return rows;
  }

  const yearly = (i, amount) => amount * meta.yearly[meta.periods[meta.period[i]]];
  const top = (i) => yearly(i, meta.max[i] || meta.min[i]);

  function state() {
    const data = new FormData(form), s = {};
    for (const name of FIELDS) s[name] = String(data.get(name) || "").trim();
    return s;
  }

  async function search(s) {
    const tokens = words(s.q);
    const found = await Promise.all(tokens.map(described));
    const cur = meta.currencies.indexOf(s.currency);
    const min = Number(s.min) || 0;
    // regions open to a reader living in the chosen place: DE is in the EU, Europe, EMEA...
    const area = meta.areas.findIndex((a) => a[0] === s.region);
    const openTo = new Set(area < 0 ? [] : meta.open_to[area]);
    const tz = s.tz === "" ? null : Number(s.tz);
    const tag = meta.tags.indexOf(s.tag);
    const arrangement = meta.arrangements.findIndex((a) => a[0] === s.arrangement);
    const type = meta.types.findIndex((t) => t[0] === s.type);
    const since = s.within ? meta.today - Number(s.within) : -Infinity;
    const rows = [];
    for (let i = 0; i < meta.slug.length; i++) {
      if (s.arrangement && meta.arrangement[i] !== arrangement) continue;
      if (s.region && !meta.region[i].some((r) => openTo.has(r))) continue;
      if (tz !== null && meta.utc[i] && (tz < meta.utc[i][0] || tz > meta.utc[i][1])) continue;
      if (s.tag && !meta.tag[i].includes(tag)) continue;
      if (s.type && meta.type[i] !== type) continue;
      if (meta.day[i] < since) continue;
      if (min && (meta.currency[i] !== cur || top(i) < min)) continue;
      if (!tokens.every((t, k) => hay[i].includes(" " + t) || found[k].has(i))) continue;
      rows.push(i);
    }
    if (s.sort === "salary") {
      // Within the chosen currency by yearly pay, then other currencies, then no salary stated.
      const key = (i) => meta.currency[i] === cur ? 0 : meta.currency[i] < 0 ? 2 : 1;
      rows.sort((a, b) => key(a) - key(b) || meta.currency[a] - meta.currency[b] ||
        top(b) - top(a) || a - b);
    }
    return rows;
  }

  function amount(v) {
    const whole = Number.isInteger(v);
    return v.toLocaleString("en-US", { minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: whole ? 0 : 2 });
  }

  function salary(i) {
    const c = meta.currency[i];
    if (c < 0) return "Salary not stated";
    const lo = meta.min[i], hi = meta.max[i];
    const span = amount(lo) + (hi && hi !== lo ? "\u2013" + amount(hi) : "");
    return meta.currencies[c] + " " + span + " " + PER[meta.periods[meta.period[i]]];
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const name in attrs) node.setAttribute(name, attrs[name]);
    node.append(...children);
    return node;
  }

  // The same as sitegen.fields.slugify; a stored slug "~rest" means slugify(title) + "-rest".
  const slugify = (text) => text.toLowerCase().replace(/\+/g, " plus ").replace(/#/g, " sharp ")
    .normalize("NFKD").replace(/[^\x00-\x7f]/g, "").replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const slug = (i) => meta.slug[i].startsWith("~") ?
    slugify(meta.title[i]) + "-" + meta.slug[i].slice(1) : meta.slug[i];

  // The same as sitegen/render/views.py monogram(): initials of the first two words and a
  // colour from a hash of the name's UTF-8 bytes.
  function monogram(name) {
    const initials = (name.match(/[\p{L}\p{N}]+/gu) || []).slice(0, 2).map((w) => w[0])
      .join("").toUpperCase() || name.trim().slice(0, 1) || "?";
    let h = 0;
    for (const byte of new TextEncoder().encode(name)) h = (Math.imul(h, 31) + byte) >>> 0;
    return el("span", { class: "mono mono-" + (h % 8), "aria-hidden": "true" }, initials);
  }

  // Phrases a line may not break inside (a salary, a place), as the listings' cards have them.
  const phrases = (parts) => parts.flatMap((part, k) =>
    [...(k ? [" "] : []), el("span", { class: "nw" }, part)]);

  // A card like the theme's posting_row: the title's link is its one link.
  function row(i) {
    const base = form.dataset.base, id = "r-" + i;
    const companyName = meta.companies[meta.company[i]][0];
    const title = meta.title[i];
    const day = new Date(meta.day[i] * 86400000);
    const date = day.getUTCDate() + " " + MONTHS[day.getUTCMonth()] + " " + day.getUTCFullYear();
    const days = meta.today - meta.day[i], since = ago(days);
    const posted = el("time", since ? { datetime: day.toISOString().slice(0, 10), title: date } :
      { datetime: day.toISOString().slice(0, 10) }, since || date);
    const stated = meta.currency[i] >= 0;
    const facts = el("ul", { class: "facts", role: "list" },
      el("li", { class: "fact-salary" + (stated ? "" : " is-unstated") },
        el("span", { class: "nw" }, salary(i))),
      el("li", { class: "fact-location" }, ...phrases(meta.location[i])),
      el("li", { class: "fact-type" }, meta.types[meta.type[i]][1]),
      el("li", { class: "fact-posted" }, "Posted ", posted));
    if (days >= 0 && days < 7) facts.append(el("li", { class: "badge badge-new" }, "New"));
    const path = base + "jobs/" + slug(i) + "/";
    return el("li", { class: "posting" }, el("article", { "aria-labelledby": id },
      monogram(companyName),
      el("h2", { class: "posting-title", id }, el("a", { href: path }, title)),
      el("p", { class: "posting-company" }, companyName),
      facts));
  }

  // The feed of the listing a search amounts to: one tag, one arrangement or one place, and
  // no other filter ([title, folder] from meta.json). Most searches have none.
  function feedOf(s) {
    const set = FIELDS.filter((name) => s[name] && name !== "currency" && name !== "sort");
    const listings = set.length === 1 ? meta.feeds[set[0]] : null;
    const own = listings && Object.prototype.hasOwnProperty.call(listings, s[set[0]]);
    return own ? listings[s[set[0]]] : null;
  }

  function showFeed(s) {
    const feed = feedOf(s);
    subscribe.hidden = !feed;
    if (!feed) { subscribe.replaceChildren(); return; }
    const links = [];
    for (const [name, label] of FEEDS) {
      if (links.length) links.push(" \u00b7 ");
      links.push(el("a", { href: form.dataset.base + feed[1] + name }, label));
    }
    subscribe.replaceChildren("Follow \u201c" + feed[0] + "\u201d in a feed reader: ", ...links);
  }

  // The same as sitegen/render/views.py ago(): freshness counted from the build day.
  function ago(days) {
    if (days <= 0) return "today";
    if (days === 1) return "yesterday";
    if (days < 14) return days + " days ago";
    if (days < 60) return Math.floor(days / 7) + " weeks ago";
    return null;
  }

  function showMore() {
    const first = shown;
    const end = Math.min(matches.length, shown + PAGE);
    const fragment = document.createDocumentFragment();
    for (; shown < end; shown++) fragment.append(row(matches[shown]));
    list.append(fragment);
    more.hidden = shown >= matches.length;
    return first;
  }

  async function update(push) {
    const s = state(), mine = ++run;
    const query = new URLSearchParams();
    for (const name of FIELDS) {
      const defaultValue = name === "currency" && !s.min ? s.currency : "";
      if (s[name] && s[name] !== defaultValue) query.set(name, s[name]);
    }
    if (panel && panel.open) query.set("filters", "open");
    const set = FIELDS.filter((name) => name !== "q" && name !== "currency" && query.has(name));
    if (count) count.textContent = set.length ? "(" + set.length + " set)" : "";
    const address = location.pathname + (query.toString() ? "?" + query : "");
    if (address !== location.pathname + location.search) {
      history[push ? "pushState" : "replaceState"](null, "", address);
    }
    const rows = await search(s);
    if (mine !== run) return; // a newer keystroke already answered
    matches = rows;
    shown = 0;
    list.replaceChildren();
    showMore();
    list.hidden = rows.length === 0;
    const n = rows.length;
    status.textContent = n === 0 ? "No open postings match." :
      n === 1 ? "1 open posting matches." : n.toLocaleString("en-US") + " open postings match.";
    showFeed(s);
    form.dispatchEvent(new CustomEvent("results")); // for tests and bench/search_weight.py
  }

  function restore() {
    const query = new URLSearchParams(location.search);
    if (panel) panel.open = query.get("filters") === "open";
    for (const name of FIELDS) {
      const field = form.elements.namedItem(name);
      if (!field) continue;
      const value = query.get(name) || "";
      if (field.tagName === "SELECT") {
        // a value this build does not offer (a currency or tag with no open posting left) is
        // kept, so a bookmarked search matches nothing rather than quietly dropping a filter
        const known = Array.from(field.options).some((o) => o.value === value);
        if (!known && value) field.add(new Option(value, value));
        if (value || name !== "currency") field.value = value;
      } else {
        field.value = value;
      }
    }
  }

  // The same as sitegen/render/views.py offset_text() and window_text().
  function offsetText(minutes) {
    if (!minutes) return "UTC";
    const hours = Math.floor(Math.abs(minutes) / 60), rest = Math.abs(minutes) % 60;
    return "UTC" + (minutes > 0 ? "+" : "\u2212") + hours +
      (rest ? ":" + String(rest).padStart(2, "0") : "");
  }
  const windowText = ([low, high]) => low === high ? offsetText(low) :
    offsetText(low) + " to " + offsetText(high);

  // The same as sitegen/render/views.py location_phrases(): "Remote (A, B), UTC−3 to UTC+3"
  // and "Hybrid: Berlin, Germany" cut where a line may break.
  function remotePhrases(names, utc) {
    const parts = names.map((n, k) => n + (k < names.length - 1 ? "," : ")"));
    if (!parts.length) parts.push(")");
    parts[0] = "Remote (" + parts[0];
    if (utc) { parts[parts.length - 1] += ","; parts.push(windowText(utc)); }
    return parts;
  }
  function placePhrases(text) {
    const cut = text.indexOf(": ");
    return cut < 0 ? [text] : [text.slice(0, cut + 1), text.slice(cut + 2)];
  }

  // Unpack the compact columns of meta.json (sitegen/search.py) into one array per field.
  function unpack() {
    const [ra, rt, rp] = meta.radix, n = meta.slug.length;
    meta.arrangement = []; meta.type = []; meta.period = []; meta.currency = [];
    meta.location = [];
    const amount = (v) => v < 0 ? -v : v * 1000;
    meta.min = meta.min.map(amount);
    meta.max = meta.max.map(amount);
    meta.tag = meta.slug.map(() => []);
    meta.tagged.forEach((deltas, t) => {
      let row = 0;
      for (const delta of deltas) { row += delta; meta.tag[row].push(t); }
    });
    let place = 0;
    for (let i = 0; i < n; i++) {
      let k = meta.kind[i];
      meta.arrangement.push(k % ra); k = Math.floor(k / ra);
      meta.type.push(k % rt); k = Math.floor(k / rt);
      meta.period.push(k % rp);
      meta.currency.push(Math.floor(k / rp) - 1);
      meta.location.push(meta.arrangements[meta.arrangement[i]][0] === "remote" ?
        remotePhrases(meta.region[i].map((r) => meta.regions[r][1]), meta.utc[i]) :
        placePhrases(meta.locations[meta.place[place++]]));
    }
  }

  async function start() {
    browse.hidden = true;
    status.textContent = "Loading postings\u2026";
    try {
      meta = await fetchJSON("meta.json");
      unpack();
    } catch (error) {
      browse.hidden = false;
      status.textContent = "Search could not load. Browse the listings below instead.";
      return;
    }
    hay = meta.slug.map((_, i) => " " + words([
      meta.title[i], meta.companies[meta.company[i]][0], meta.location[i].join(" "),
      meta.arrangements[meta.arrangement[i]][1], ...meta.tag[i].map((t) => meta.tags[t]),
      ...meta.region[i].map((r) => meta.regions[r][1] + " " + meta.regions[r][0]),
    ].join(" ")).join(" "));
    restore();
    await update(false);
  }

  form.addEventListener("input", () => { update(false); });
  if (panel) {
    panel.addEventListener("toggle", () => {
      const query = new URLSearchParams(location.search);
      if (panel.open) query.set("filters", "open"); else query.delete("filters");
      const address = location.pathname + (query.toString() ? "?" + query : "");
      if (address !== location.pathname + location.search) history.replaceState(null, "", address);
    });
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); update(true); });
  more.addEventListener("click", () => {
    const first = showMore();
    const link = list.children[first] && list.children[first].querySelector("a");
    if (link) link.focus();
  });
  window.addEventListener("popstate", () => { restore(); update(false); });
  start();
})();

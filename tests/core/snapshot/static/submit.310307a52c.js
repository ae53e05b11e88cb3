// Turns the submission form into a posting file and a link to GitHub's "create new file" page.
// Runs only in the reader's browser; nothing is sent until they submit on GitHub.
//
// Each field is checked as it is filled in against the site's own schema/posting.json (made
// from the rules of `sitegen check`, fetched from this site), its message shown beside it;
// the description is previewed as it is typed. A file too long for a link is copied to the
// clipboard instead, and GitHub's empty new-file page opened for it to be pasted into.
(function () {
  "use strict";
  const form = document.getElementById("submit-form");
  if (!form) return;
  // Browsers and GitHub refuse addresses much longer than this (counted once encoded, so
  // each non-ASCII character of a description counts for 6 to 12).
  const MAX_URL = 8000;
  // which form field shows the problems of which front-matter field
  const FIELDS = {
    title: "title", "company/name": "company", company: "company", "company/website": "website",
    apply: "apply", employment_type: "type", tags: "tags", closes: "closes",
    "location/arrangement": "arrangement", "location/regions": "regions",
    "location/city": "city", "location/country": "country", salary: "min", "salary/min": "min",
    "salary/max": "max", "salary/currency": "currency", "salary/period": "period",
  };
  const $ = (id) => document.getElementById(id);
  const q = (s) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar
  const list = (s) => s.split(",").map((x) => x.trim()).filter(Boolean);
  const slug = (s) =>
    s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\+/g, " plus ").replace(/#/g, " sharp ")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
  let checker = null;
  const touched = new Set();

  // The front matter the form stands for, without what it leaves empty.
  function frontMatter(v, id, today) {
    const fm = { id: id };
    if (v.title.trim()) fm.title = v.title.trim();
    fm.company = {};
    if (v.company.trim()) fm.company.name = v.company.trim();
    if (v.website.trim()) fm.company.website = v.website.trim();
    fm.date = today;
    if (v.apply.trim()) fm.apply = v.apply.trim();
    fm.location = { arrangement: v.arrangement };
    if (v.arrangement === "remote") {
      fm.location.regions = list(v.regions);
    } else {
      if (v.city.trim()) fm.location.city = v.city.trim();
      if (v.country.trim()) fm.location.country = v.country.trim().toUpperCase();
    }
    fm.employment_type = v.employment_type;
    if (v.min || v.max || v.currency.trim()) {
      fm.salary = {};
      if (v.min) fm.salary.min = Number(v.min);
      if (v.max) fm.salary.max = Number(v.max);
      if (v.currency.trim()) fm.salary.currency = v.currency.trim().toUpperCase();
      fm.salary.period = v.period;
    }
    const tags = list(v.tags).map((t) => t.toLowerCase());
    if (tags.length) fm.tags = tags;
    if (v.closes) fm.closes = v.closes;
    return fm;
  }

  function postingText(fm, body) {
    const lines = ["---", "id: " + fm.id, "title: " + q(fm.title), "company:", "  name: " + q(fm.company.name)];
    if (fm.company.website) lines.push("  website: " + q(fm.company.website));
    lines.push("date: " + fm.date, "apply: " + q(fm.apply), "location:", "  arrangement: " + fm.location.arrangement);
    if (fm.location.regions) lines.push("  regions: [" + fm.location.regions.map(q).join(", ") + "]");
    if (fm.location.city) lines.push("  city: " + q(fm.location.city));
    if (fm.location.country) lines.push("  country: " + q(fm.location.country));
    lines.push("employment_type: " + fm.employment_type);
    if (fm.salary) {
      lines.push("salary:", "  min: " + fm.salary.min);
      if (fm.salary.max !== undefined) lines.push("  max: " + fm.salary.max);
      lines.push("  currency: " + q(fm.salary.currency), "  period: " + fm.salary.period);
    }
    if (fm.tags) lines.push("tags: [" + fm.tags.map(q).join(", ") + "]");
    if (fm.closes) lines.push("closes: " + fm.closes);
    lines.push("---", body.trim(), "");
    return lines.join("\n");
  }

  function values() {
    return Object.fromEntries(new FormData(form).entries());
  }

  // The problems of each form field: {field: message}, the first one found for each.
  function problems(v) {
    const found = {};
    if (checker) {
      const fm = frontMatter(v, "00000000-0000-4000-8000-000000000000", "2000-01-01");
      for (const p of checker.problems(fm)) {
        const field = FIELDS[p.path] || FIELDS[p.path.replace(/\/\d+$/, "")];
        if (field && !(field in found)) found[field] = p.message;
      }
    }
    if (!v.body.trim()) found.body = "write the description of the job";
    return found;
  }

  function show(found, only) {
    for (const message of form.querySelectorAll(".field-message")) {
      const field = message.id.slice(2);
      if (only && !only.has(field)) continue;
      const input = $("f-" + field);
      message.textContent = found[field] || "";
      if (found[field]) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  }

  function showPlace() {
    const remote = $("f-arrangement").value === "remote";
    $("f-regions").parentElement.hidden = !remote;
    $("f-city").parentElement.hidden = remote;
    $("f-country").parentElement.hidden = remote;
  }

  function refresh(event) {
    if (event && event.target.id && event.target.id.slice(0, 2) === "f-") {
      touched.add(event.target.id.slice(2));
    }
    showPlace();
    show(problems(values()), touched);
  }

  function preview() {
    $("body-preview-box").hidden = !$("f-body").value.trim();
    window.sitegenPreview.render($("f-body").value, $("body-preview"));
  }

  let previewing = 0;
  form.addEventListener("input", function (event) {
    if (event.target.id === "f-body") {
      cancelAnimationFrame(previewing);
      previewing = requestAnimationFrame(preview);
    }
    if (touched.has(event.target.id.slice(2))) refresh(event);
  });
  form.addEventListener("change", refresh);
  form.addEventListener("focusout", refresh);

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      return false;
    }
  }

  function offerByHand(note) {
    note.textContent += " Your browser did not let this page copy it: select the text above " +
      "(it is selected for you), copy it, then open GitHub and paste it in.";
    $("result-text").focus();
    $("result-text").select();
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const v = values();
    const found = problems(v);
    const wrong = Object.keys(found);
    wrong.forEach((field) => touched.add(field));
    show(found, null);
    if (wrong.length) {
      $("form-status").textContent = (wrong.length === 1 ? "1 field needs" : wrong.length + " fields need") +
        " attention: see the messages beside " + (wrong.length === 1 ? "it." : "them.");
      $("f-" + wrong[0]).focus();
      return;
    }
    $("form-status").textContent = "";
    const today = new Date().toISOString().slice(0, 10);
    const fm = frontMatter(v, crypto.randomUUID(), today);
    const name = "content/postings/" + (slug(v.company + " " + v.title) || "posting") + ".md";
    const text = postingText(fm, v.body);
    const page = "https://github.com/" + form.dataset.repository + "/new/" + form.dataset.branch + "?";
    const full = page + new URLSearchParams({ filename: name, value: text }).toString();
    const note = $("result-note");
    $("result-name").textContent = name;
    $("result-text").value = text;
    $("submit-result").hidden = false;
    $("result-copy").hidden = full.length <= MAX_URL;
    if (full.length <= MAX_URL) {
      $("result-link").href = full;
      note.textContent = "The link below opens GitHub with this file filled in.";
      $("result-title").focus();
      return;
    }
    $("result-link").href = page + new URLSearchParams({ filename: name }).toString();
    note.textContent = "This file is too long to send in a link (" + full.length.toLocaleString("en") +
      " characters once encoded; GitHub takes about " + MAX_URL.toLocaleString("en") + ").";
    if (await copy(text)) {
      note.textContent += " It has been copied to your clipboard: open GitHub below, paste it " +
        "into the empty file, and propose it.";
      $("result-title").focus();
    } else {
      offerByHand(note);
    }
  });

  $("result-copy").addEventListener("click", async function () {
    const note = $("result-note");
    if (await copy($("result-text").value)) note.textContent = "Copied again: paste it into the file on GitHub.";
    else offerByHand(note);
  });

  form.noValidate = true; // the schema's messages stand in for the browser's own
  showPlace();
  fetch(form.dataset.schema, { credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) throw new Error("schema/posting.json: HTTP " + response.status);
      return response.json();
    })
    .then((schema) => {
      checker = new window.sitegenSchema.Checker(schema);
      form.dataset.checking = "schema";
      if (touched.size) refresh();
    })
    .catch((error) => {
      // the form still writes the file; `sitegen check` on the pull request checks it
      form.noValidate = false;
      console.warn("sitegen: the form cannot check fields as you type:", error.message);
    });
})();

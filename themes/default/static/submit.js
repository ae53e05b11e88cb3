// Turns the submission form into a posting file and a link to GitHub's "create new file" page.
// Runs only in the reader's browser; nothing is sent until they submit on GitHub.
(function () {
  "use strict";
  const form = document.getElementById("submit-form");
  if (!form) return;
  const q = (s) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar
  const list = (s) => s.split(",").map((x) => x.trim()).filter(Boolean);
  const slug = (s) =>
    s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\+/g, " plus ").replace(/#/g, " sharp ")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");

  function postingText(v, id, today) {
    const lines = ["---", "id: " + id, "title: " + q(v.title), "company:", "  name: " + q(v.company)];
    if (v.website) lines.push("  website: " + q(v.website));
    lines.push("date: " + today, "apply: " + q(v.apply), "location:", "  arrangement: " + v.arrangement);
    if (v.arrangement === "remote") {
      lines.push("  regions: [" + list(v.regions).map(q).join(", ") + "]");
    } else {
      lines.push("  city: " + q(v.city), "  country: " + q(v.country.toUpperCase()));
    }
    lines.push("employment_type: " + v.employment_type);
    if (v.min) {
      lines.push("salary:", "  min: " + Number(v.min));
      if (v.max) lines.push("  max: " + Number(v.max));
      lines.push("  currency: " + q(v.currency.toUpperCase()), "  period: " + v.period);
    }
    const tags = list(v.tags).map((t) => q(t.toLowerCase()));
    if (tags.length) lines.push("tags: [" + tags.join(", ") + "]");
    if (v.closes) lines.push("closes: " + v.closes);
    lines.push("---", v.body.trim(), "");
    return lines.join("\n");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const v = Object.fromEntries(new FormData(form).entries());
    const today = new Date().toISOString().slice(0, 10);
    const id = crypto.randomUUID();
    const name = "content/postings/" + (slug(v.company + " " + v.title) || "posting") + ".md";
    const text = postingText(v, id, today);
    const repo = form.dataset.repository;
    const params = new URLSearchParams({ filename: name, value: text });
    document.getElementById("result-name").textContent = name;
    document.getElementById("result-text").value = text;
    document.getElementById("result-link").href =
      "https://github.com/" + repo + "/new/" + form.dataset.branch + "?" + params.toString();
    const result = document.getElementById("submit-result");
    result.hidden = false;
    document.getElementById("result-title").focus();
  });
})();

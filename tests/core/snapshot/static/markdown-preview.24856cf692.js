// A preview of a description written in Markdown, made of DOM nodes (never of HTML text), so
// nothing typed can become markup or script: paragraphs, headings, lists, **strong**,
// *emphasis*, `code` and [links](https://...) to web (http, https) and mailto: addresses.
// The site renders the posting with its own Markdown renderer; this shows how it will read.
(function () {
  "use strict";
  const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
  const BULLET = /^[ \t]{0,3}[-*+][ \t]+(.*)$/;
  const NUMBERED = /^[ \t]{0,3}\d{1,9}[.)][ \t]+(.*)$/;
  // code, a link, strong, emphasis: what is inside is bounded, so no input can stall typing
  const INLINE = /(`+)([^`]{1,1000}?)\1|\[([^\]\n]{1,500})\]\(([^()\s]{1,2000})\)|(\*\*|__)([^\n]{1,1000}?)\5|([*_])([^\n]{1,1000}?)\7/;
  const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

  function inline(text, parent) {
    while (text) {
      const m = INLINE.exec(text);
      if (!m) { parent.appendChild(document.createTextNode(text)); return; }
      if (m.index) parent.appendChild(document.createTextNode(text.slice(0, m.index)));
      if (m[1]) {
        const code = document.createElement("code");
        code.textContent = m[2];
        parent.appendChild(code);
      } else if (m[3] !== undefined) {
        if (SAFE_LINK.test(m[4])) {
          const a = document.createElement("a");
          a.href = m[4];
          a.rel = "nofollow noopener";
          inline(m[3], a);
          parent.appendChild(a);
        } else {
          // only web and mail links: as the site's renderer does, the rest stays as typed
          parent.appendChild(document.createTextNode(m[0]));
        }
      } else {
        const element = document.createElement(m[5] ? "strong" : "em");
        inline(m[5] ? m[6] : m[8], element);
        parent.appendChild(element);
      }
      text = text.slice(m.index + m[0].length);
    }
  }

  // Renders `markdown` into `target`, replacing what it held.
  function render(markdown, target) {
    const out = document.createDocumentFragment();
    let paragraph = null;
    let list = null;
    const close = () => { paragraph = null; list = null; };
    for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
      let m;
      if (!line.trim()) {
        close();
      } else if ((m = HEADING.exec(line))) {
        close();
        // the page's own headings come first: a description's # is shown one level below
        const heading = document.createElement("h" + Math.min(m[1].length + 2, 6));
        inline(m[2], heading);
        out.appendChild(heading);
      } else if ((m = BULLET.exec(line)) || (m = NUMBERED.exec(line))) {
        const tag = BULLET.test(line) ? "ul" : "ol";
        if (!list || list.tagName.toLowerCase() !== tag) {
          list = document.createElement(tag);
          out.appendChild(list);
        }
        paragraph = null;
        const item = document.createElement("li");
        inline(m[1], item);
        list.appendChild(item);
      } else if (list && /^[ \t]{2,}/.test(line)) {
        list.lastChild.appendChild(document.createTextNode(" "));
        inline(line.trim(), list.lastChild); // an item's continuation line
      } else {
        list = null;
        if (!paragraph) {
          paragraph = document.createElement("p");
          out.appendChild(paragraph);
        } else {
          paragraph.appendChild(document.createTextNode("\n"));
        }
        inline(line.trim(), paragraph);
      }
    }
    target.replaceChildren(out);
  }

  window.sitegenPreview = { render: render };
})();

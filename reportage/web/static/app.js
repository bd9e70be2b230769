// Reportage document page: clicking a highlight shows its coded record. Served as a static file
// (the Content-Security-Policy forbids inline script); it only reads and clones existing nodes and
// never turns text into HTML.
"use strict";

(function () {
  function recordFor(ref) {
    return document.getElementById("rec-" + ref);
  }

  function show(refs) {
    if (!refs.length) return;
    document.querySelectorAll(".hl.active").forEach(function (el) { el.classList.remove("active"); });
    document.querySelectorAll("details.record.selected").forEach(function (el) { el.classList.remove("selected"); });
    refs.forEach(function (ref) {
      document.querySelectorAll(".hl[data-refs]").forEach(function (el) {
        if (el.dataset.refs.split(" ").indexOf(ref) >= 0) el.classList.add("active");
      });
      var rec = recordFor(ref);
      if (rec) { rec.open = true; rec.classList.add("selected"); }
    });
    // the innermost mark (an event trigger inside a quote) is listed last: show it in the inspector
    var primary = recordFor(refs[refs.length - 1]);
    var body = document.getElementById("inspector-body");
    if (!primary || !body) return;
    while (body.firstChild) body.removeChild(body.firstChild);
    var title = document.createElement("p");
    title.className = "record-title";
    title.textContent = primary.querySelector("summary").textContent;
    body.appendChild(title);
    var inner = primary.querySelector(".record-body");
    if (inner) body.appendChild(inner.cloneNode(true));
    if (refs.length > 1) {
      var also = document.createElement("p");
      also.className = "muted";
      also.textContent = "also inside: " + refs.slice(0, -1).join(", ");
      body.appendChild(also);
    }
    body.dataset.ref = refs[refs.length - 1];
  }

  function refsOf(el) {
    var hl = el.closest ? el.closest(".hl[data-refs]") : null;
    if (hl) return hl.dataset.refs.split(" ").filter(Boolean);
    var link = el.closest ? el.closest("[data-ref]") : null;
    if (link && link.tagName !== "DETAILS") return [link.dataset.ref];
    return [];
  }

  // hovering previews a record until one is clicked; a click pins it
  var pinned = false;
  document.addEventListener("click", function (ev) {
    var refs = refsOf(ev.target);
    if (refs.length) { pinned = true; show(refs); if (ev.target.closest("a.chainref")) ev.preventDefault(); }
  });
  document.addEventListener("mouseover", function (ev) {
    if (pinned || !ev.target.closest || !ev.target.closest(".hl[data-refs]")) return;
    show(refsOf(ev.target));
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== " ") return;
    var refs = refsOf(ev.target);
    if (refs.length && ev.target.classList.contains("hl")) { ev.preventDefault(); pinned = true; show(refs); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    // a link such as /documents/X#rec-E3 opens that record
    var m = /^#rec-(.+)$/.exec(window.location.hash);
    if (m) { pinned = true; show([decodeURIComponent(m[1])]); }
  });
})();

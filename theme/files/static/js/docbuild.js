/* docbuild default theme: dark-mode toggle, copy buttons, search over search.json, and
   the current heading in the table of contents. No dependencies; every feature is an
   enhancement of markup that works without it. */
(function () {
  "use strict";
  var root = document.documentElement, body = document.body;

  // Dark mode: the toggle flips the scheme in effect and remembers the choice.
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    var dark = function () {
      var t = root.getAttribute("data-theme");
      if (t) return t === "dark";
      return window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches;
    };
    var sync = function () { toggle.setAttribute("aria-pressed", dark() ? "true" : "false"); };
    toggle.hidden = false;
    sync();
    toggle.addEventListener("click", function () {
      var next = dark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("docbuild-theme", next); } catch (e) {}
      sync();
    });
  }

  // Copy buttons of code blocks (written hidden by the Markdown renderer).
  var copyLabel = body.getAttribute("data-copy") || "Copy";
  var copiedLabel = body.getAttribute("data-copied") || "Copied";
  var copyText = function (text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (ok, fail) {
      var ta = document.createElement("textarea");
      ta.value = text; ta.setAttribute("readonly", ""); ta.style.position = "fixed"; ta.style.opacity = "0";
      body.appendChild(ta); ta.select();
      try { document.execCommand("copy") ? ok() : fail(); } catch (e) { fail(e); }
      body.removeChild(ta);
    });
  };
  Array.prototype.forEach.call(document.querySelectorAll(".copy-code"), function (btn) {
    btn.hidden = false;
    btn.textContent = copyLabel;
    btn.setAttribute("aria-label", copyLabel);
    btn.addEventListener("click", function () {
      var fig = btn.closest("figure") || btn.parentNode;
      var code = fig.querySelector("pre code") || fig.querySelector("pre");
      if (!code) return;
      var lines = code.querySelectorAll(".cl");
      var text = lines.length ? Array.prototype.map.call(lines, function (l) { return l.textContent.replace(/\n$/, ""); }).join("\n") : code.textContent;
      copyText(text.replace(/\n+$/, "") + "\n").then(function () {
        btn.textContent = copiedLabel;
        setTimeout(function () { btn.textContent = copyLabel; }, 1800);
      }, function () {});
    });
  });

  // Search: search.json is fetched on first use; every word of the query must appear in
  // the title, tags, categories or text; title matches rank first.
  var form = document.querySelector("form.search");
  if (form) {
    var input = form.querySelector(".search-input"), list = form.querySelector(".search-results");
    var status = form.querySelector("#search-status");
    var index = null, loading = null;
    var load = function () {
      if (!loading) loading = fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); })
        .then(function (d) { index = d; return d; }, function () { loading = null; return []; });
      return loading;
    };
    var esc = function (s) { return s.replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); };
    var highlight = function (text, words) {
      var out = esc(text);
      words.forEach(function (w) {
        var re = new RegExp(esc(w).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi");
        out = out.replace(re, function (m) { return "<mark>" + m + "</mark>"; });
      });
      return out;
    };
    var snippet = function (text, word) {
      var i = text.toLowerCase().indexOf(word), start = Math.max(0, i - 40);
      if (i < 0) return text.slice(0, 120);
      return (start > 0 ? "…" : "") + text.slice(start, start + 140) + (start + 140 < text.length ? "…" : "");
    };
    var run = function () {
      var q = input.value.trim().toLowerCase();
      if (!q) { list.hidden = true; list.innerHTML = ""; status.textContent = ""; return; }
      load().then(function (docs) {
        if (input.value.trim().toLowerCase() !== q) return;
        var words = q.split(/\s+/).filter(Boolean), hits = [];
        docs.forEach(function (d) {
          var title = d.title.toLowerCase();
          var meta = ((d.tags || []).concat(d.categories || [])).join(" ").toLowerCase();
          var text = (d.content || "").toLowerCase(), score = 0;
          for (var i = 0; i < words.length; i++) {
            var w = words[i];
            if (title.indexOf(w) >= 0) score += 10;
            else if (meta.indexOf(w) >= 0) score += 5;
            else if (text.indexOf(w) >= 0) score += 1;
            else return;
          }
          hits.push({ d: d, score: score });
        });
        hits.sort(function (a, b) { return b.score - a.score; });
        var html = hits.slice(0, 20).map(function (h) {
          return '<li><a href="' + esc(h.d.url) + '">' + highlight(h.d.title, words) + "</a>" +
            (h.d.date ? ' <small>' + esc(h.d.date) + "</small>" : "") +
            "<p>" + highlight(snippet(h.d.content || "", words[0]), words) + "</p></li>";
        }).join("");
        var msg = hits.length ? (list.getAttribute("data-count") || "%d").replace("%d", hits.length) : list.getAttribute("data-none");
        list.innerHTML = html || '<li class="empty">' + esc(msg) + "</li>";
        list.hidden = false;
        status.textContent = msg;
      });
    };
    var timer;
    input.addEventListener("focus", load, { once: true });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    form.addEventListener("submit", function (e) {
      e.preventDefault(); run();
      var first = list.querySelector("a"); if (first) first.focus();
    });
    form.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a")), i = links.indexOf(document.activeElement);
      if (e.key === "Escape") { list.hidden = true; input.focus(); }
      else if (e.key === "ArrowDown" && links.length) { e.preventDefault(); links[Math.min(i + 1, links.length - 1)].focus(); }
      else if (e.key === "ArrowUp" && i >= 0) { e.preventDefault(); (i ? links[i - 1] : input).focus(); }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) list.hidden = true; });
  }

  // NexT tabs: the links of .nav-tabs switch the .tab-pane they point to.
  Array.prototype.forEach.call(document.querySelectorAll(".tabs"), function (tabs) {
    var items = tabs.querySelectorAll(".nav-tabs > li");
    Array.prototype.forEach.call(items, function (li) {
      var a = li.querySelector("a");
      if (!a) return;
      a.setAttribute("role", "tab");
      a.setAttribute("aria-selected", li.classList.contains("active") ? "true" : "false");
      a.addEventListener("click", function (e) {
        e.preventDefault();
        var id = decodeURIComponent(a.getAttribute("href").slice(1));
        Array.prototype.forEach.call(items, function (x) {
          x.classList.toggle("active", x === li);
          var xa = x.querySelector("a"); if (xa) xa.setAttribute("aria-selected", x === li ? "true" : "false");
        });
        Array.prototype.forEach.call(tabs.querySelectorAll(".tab-pane"), function (p) { p.classList.toggle("active", p.id === id); });
      });
    });
  });

  // Table of contents: mark the section being read; fold the box on narrow screens.
  var toc = document.querySelector(".toc");
  if (toc && "IntersectionObserver" in window) {
    if (window.matchMedia && matchMedia("(max-width: 64rem)").matches) {
      var det = toc.querySelector("details"); if (det) det.open = false;
    }
    var links = {}, current = null;
    Array.prototype.forEach.call(toc.querySelectorAll("a[href^='#']"), function (a) {
      links[decodeURIComponent(a.getAttribute("href").slice(1))] = a;
    });
    var obs = new IntersectionObserver(function (entries) {
      entries.forEach(function (en) {
        if (!en.isIntersecting || !links[en.target.id]) return;
        if (current) current.removeAttribute("aria-current");
        current = links[en.target.id];
        current.setAttribute("aria-current", "true");
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(links).forEach(function (id) { var h = document.getElementById(id); if (h) obs.observe(h); });
  }
})();

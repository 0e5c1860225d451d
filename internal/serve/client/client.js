// docbuild serve: live reload, check badges and the problem overlay. Added to every HTML
// page at serve time (never written to public/). Talks to /__docbuild/events.
(function () {
  "use strict";
  var me = document.currentScript;
  var gen = (me && me.getAttribute("data-gen")) || "";
  var base = "/__docbuild/";
  var scrollKey = "docbuild:scroll:" + location.pathname;
  var status = null;
  var openDiffs = {};
  var dismissed = "";
  var forced = false;

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = base + "client.css";
  css.setAttribute("data-docbuild", "");
  document.head.appendChild(css);

  // Scroll position across reloads.
  function restoreScroll() {
    var saved;
    try { saved = JSON.parse(sessionStorage.getItem(scrollKey) || "null"); } catch (e) { saved = null; }
    if (!saved || Date.now() - saved.t > 30000) return;
    // "instant": a theme's smooth scrolling would animate from the top.
    var go = function () { window.scrollTo({ left: saved.x, top: saved.y, behavior: "instant" }); };
    go();
    window.addEventListener("load", function () {
      go();
      try { sessionStorage.removeItem(scrollKey); } catch (e) {}
    });
    if (document.readyState === "complete") {
      try { sessionStorage.removeItem(scrollKey); } catch (e) {}
    }
  }
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  restoreScroll();

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify({ x: window.scrollX, y: window.scrollY, t: Date.now() }));
    } catch (e) {}
    location.reload();
  }

  // Stylesheets: swap each changed one for a fresh copy once it has loaded (no flash).
  function refreshCSS(paths) {
    var want = {};
    paths.forEach(function (p) { want[p] = true; });
    var links = document.querySelectorAll('link[rel="stylesheet"]:not([data-docbuild])');
    Array.prototype.forEach.call(links, function (link) {
      var u = new URL(link.href, location.href);
      if (u.origin !== location.origin || !want[decodeURI(u.pathname)] && !want[u.pathname]) return;
      var fresh = link.cloneNode();
      u.searchParams.set("docbuild", String(Date.now()));
      fresh.href = u.pathname + u.search;
      fresh.addEventListener("load", function () { link.remove(); });
      fresh.addEventListener("error", function () { fresh.remove(); });
      link.after(fresh);
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  var labels = { accurate: "✓ accurate", stale: "✗ stale", unverified: "? unverified" };

  // Badges on the code blocks (figure[data-line] is the block's opening fence line).
  function renderBadges(st) {
    Array.prototype.forEach.call(document.querySelectorAll(".docbuild-badge, .docbuild-diff"), function (n) { n.remove(); });
    var chk = st.check;
    if (!chk || chk.state !== "done") return;
    var byLine = {};
    chk.blocks.forEach(function (b) { byLine[b.line] = b; });
    Array.prototype.forEach.call(document.querySelectorAll("figure[data-line]"), function (fig) {
      var b = byLine[fig.getAttribute("data-line")];
      if (!b) return;
      var badge = el("button", "check-badge docbuild-badge is-" + b.badge, labels[b.badge] || b.badge);
      badge.type = "button";
      badge.title = b.title;
      badge.setAttribute("data-badge", b.badge);
      fig.insertBefore(badge, fig.firstChild);
      // Sit left of the theme's copy button, whatever the width of its label.
      var copy = fig.querySelector(".copy-code");
      if (copy && copy.offsetWidth) badge.style.right = (copy.offsetWidth + 14) + "px";
      if (b.badge !== "stale" || !b.diff || !b.diff.length) return;
      badge.setAttribute("aria-expanded", "false");
      badge.title = b.title + " — click for the diff";
      var diff = el("div", "docbuild-diff");
      diff.setAttribute("data-line", String(b.line));
      diff.appendChild(el("div", "docbuild-diff-head", "docbuild check: what the post shows (−) and what Kubernetes prints (+)"));
      b.diff.forEach(function (d) {
        var row = el("div", "docbuild-diff-line op-" + ({ "$": "cmd", "-": "del", "+": "add" }[d.op] || "ctx"));
        row.appendChild(el("span", "docbuild-diff-ln", d.line ? String(d.line) : ""));
        row.appendChild(el("span", "docbuild-diff-op", d.op));
        row.appendChild(el("span", "docbuild-diff-text", d.text));
        diff.appendChild(row);
      });
      var show = function (on) {
        diff.hidden = !on;
        badge.setAttribute("aria-expanded", on ? "true" : "false");
        if (on) openDiffs[b.line] = true; else delete openDiffs[b.line];
      };
      show(!!openDiffs[b.line]);
      badge.addEventListener("click", function () { show(diff.hidden); });
      fig.after(diff);
    });
  }

  function problemItem(p) {
    var li = el("li", "docbuild-problem docbuild-" + p.severity);
    if (p.pos) li.appendChild(el("span", "docbuild-pos", p.pos));
    li.appendChild(el("span", "docbuild-msg", p.msg));
    if (p.command) li.appendChild(el("code", "docbuild-cmd", "$ " + p.command));
    li.setAttribute("data-source", p.source);
    return li;
  }

  // The overlay lists the build's errors and the stale outputs of this page's source; it
  // goes away when there are none.
  function renderOverlay(st) {
    var old = document.getElementById("docbuild-overlay");
    var errs = st.problems.slice();
    var chk = st.check && st.check.state === "done" ? st.check.problems : [];
    var checkErrs = chk.filter(function (p) { return p.severity === "error"; });
    var warns = forced ? st.warnings.concat(chk.filter(function (p) { return p.severity !== "error"; })) : [];
    var key = JSON.stringify([errs, checkErrs, st.kept]);
    if (!forced && key === dismissed) { if (old) old.remove(); return; }
    if (!errs.length && !checkErrs.length && !warns.length && !st.kept) {
      if (old) old.remove();
      return;
    }
    var box = el("section");
    box.id = "docbuild-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "docbuild problems");
    var head = el("header", "docbuild-overlay-head");
    var title = [];
    if (errs.length) title.push(errs.length + (errs.length === 1 ? " build error" : " build errors"));
    if (checkErrs.length) title.push(checkErrs.length + (checkErrs.length === 1 ? " stale output" : " stale outputs"));
    if (warns.length) title.push(warns.length + (warns.length === 1 ? " warning" : " warnings"));
    head.appendChild(el("strong", "", "docbuild: " + (title.join(", ") || "last good version")));
    var close = el("button", "docbuild-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Hide until something changes");
    close.addEventListener("click", function () { dismissed = key; forced = false; box.remove(); });
    head.appendChild(close);
    box.appendChild(head);
    if (st.kept) box.appendChild(el("p", "docbuild-kept", "This page shows the last good build of " + st.file + " until its errors are fixed."));
    if (st.fatal) box.appendChild(el("p", "docbuild-kept", "Nothing could be built: every page is the last good build."));
    var list = el("ul", "docbuild-problems");
    errs.concat(checkErrs, warns).forEach(function (p) { list.appendChild(problemItem(p)); });
    box.appendChild(list);
    if (old) old.replaceWith(box); else document.body.appendChild(box);
  }

  // The pill sums up the page's check; a click shows every problem and warning.
  function renderPill(st) {
    var pill = document.getElementById("docbuild-status");
    if (!pill) {
      pill = el("button", "");
      pill.id = "docbuild-status";
      pill.type = "button";
      pill.addEventListener("click", function () { forced = !forced; dismissed = ""; if (status) renderOverlay(status); });
      document.body.appendChild(pill);
    }
    var parts = [];
    var chk = st.check;
    if (st.problems.length) parts.push("✗ build");
    if (!chk) {
      parts.push("docbuild");
    } else if (chk.state === "off") {
      parts.push("check off");
    } else if (chk.state === "pending") {
      parts.push("checking…");
    } else {
      var n = { accurate: 0, stale: 0, unverified: 0 };
      chk.blocks.forEach(function (b) { n[b.badge] = (n[b.badge] || 0) + 1; });
      parts.push(n.accurate + " accurate", n.stale + " stale", n.unverified + " unverified");
    }
    var w = st.warnings.length + (chk && chk.state === "done" ? chk.problems.filter(function (p) { return p.severity !== "error"; }).length : 0);
    if (w) parts.push(w + (w === 1 ? " warning" : " warnings"));
    pill.textContent = parts.join(" · ");
    pill.className = "docbuild-pill" + (st.problems.length || (chk && chk.state === "done" && chk.blocks.some(function (b) { return b.badge === "stale"; })) ? " is-bad" : "");
    pill.setAttribute("data-state", chk ? chk.state : "none");
  }

  function render(st) {
    status = st;
    renderBadges(st);
    renderOverlay(st);
    renderPill(st);
  }

  // One event stream per visible tab: browsers allow six HTTP/1.1 connections per host, so
  // a hidden tab lets go of its stream and, when shown again, reconnects with the version it
  // shows (and reloads if that is not the newest).
  var es = null;
  function connect() {
    if (es) return;
    var url = base + "events?path=" + encodeURIComponent(location.pathname) + "&gen=" + encodeURIComponent(gen);
    es = new EventSource(url);
    es.addEventListener("reload", function () { es.close(); es = null; reload(); });
    es.addEventListener("css", function (e) { refreshCSS(JSON.parse(e.data) || []); });
    es.addEventListener("status", function (e) {
      var st = JSON.parse(e.data);
      var apply = function () { render(st); };
      if (document.body) apply(); else document.addEventListener("DOMContentLoaded", apply);
    });
  }
  function disconnect() {
    if (es) { es.close(); es = null; }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") disconnect(); else connect();
  });
  if (document.visibilityState !== "hidden") connect();
})();

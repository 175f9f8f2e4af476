(() => {
  "use strict";
  if (window.__sitegenLive) return;
  const me = document.currentScript;
  const live = window.__sitegenLive = {
    build: me ? me.getAttribute("data-build") || "" : "",
    page: me ? me.getAttribute("data-page") || "" : "",
    refreshes: 0,
    cssSwaps: 0,
  };
  const OWN = "/__sitegen__/";
  let queue = Promise.resolve();

  const outputPath = (url) => {
    let u;
    try { u = new URL(url, location.href); } catch (e) { return null; }
    if (u.origin !== location.origin) return null;
    let p;
    try { p = decodeURIComponent(u.pathname); } catch (e) { p = u.pathname; }
    p = p.replace(/^\/+/, "");
    return p === "" || p.endsWith("/") ? p + "index.html" : p;
  };
  const bust = (url, build) => {
    const u = new URL(url, location.href);
    u.searchParams.set("sitegen", build || String(Date.now()));
    return u.href;
  };

  // ---- the error overlay ----------------------------------------------------------------
  const OVERLAY_CSS = `
    :host { all: initial; position: fixed; inset: 0; z-index: 2147483647; display: block;
            background: rgba(20, 20, 24, .55); font: 15px/1.45 system-ui, sans-serif; }
    .box { box-sizing: border-box; max-width: 52rem; max-height: calc(100vh - 4rem); overflow: auto;
           margin: 2rem auto; padding: 1.25rem 1.5rem; background: #fff; color: #1b1f24;
           border-top: 6px solid #c62828; border-radius: 6px; box-shadow: 0 10px 40px rgba(0,0,0,.35); }
    h2 { margin: 0 0 .25rem; font-size: 1.15rem; color: #b71c1c; }
    .note { margin: 0 0 1rem; color: #57606a; font-size: .9rem; }
    ol { margin: 0; padding: 0; list-style: none; }
    li { margin: 0 0 1rem; }
    .where { font: 600 14px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    .message { margin: .2rem 0; white-space: pre-wrap; font: 14px/1.45 ui-monospace, Menlo, Consolas, monospace; }
    .hint { margin: 0; color: #0b5cad; white-space: pre-wrap; }
    button { float: right; font: inherit; border: 0; background: none; cursor: pointer; font-size: 1.4rem;
             line-height: 1; color: #57606a; }
  `;
  let overlay = null;
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const showOverlay = (problems) => {
    hideOverlay();
    const host = document.createElement("sitegen-error-overlay");
    host.setAttribute("role", "alertdialog");
    host.setAttribute("aria-label", "sitegen build error");
    const root = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = OVERLAY_CSS;
    const box = el("div", "box");
    const close = el("button", "", "\u00d7");
    close.setAttribute("aria-label", "Hide until the next build");
    close.addEventListener("click", () => hideOverlay());
    const count = problems.length;
    box.append(close, el("h2", "", `sitegen: the build failed (${count} problem${count === 1 ? "" : "s"})`),
               el("p", "note", "The page shows the last good build. Save a fix and this goes away."));
    const list = el("ol");
    for (const p of problems) {
      const item = el("li");
      const where = p.file ? p.file + (p.line ? ":" + p.line : "") : "(no file)";
      item.append(el("div", "where", where), el("div", "message", String(p.message || "")));
      if (p.hint) item.append(el("p", "hint", "\u2192 " + String(p.hint)));
      list.append(item);
    }
    box.append(list);
    root.append(style, box);
    document.documentElement.append(host);   // outside <body>, so a body swap keeps it
    overlay = host;
  };
  const hideOverlay = () => {
    if (overlay) overlay.remove();
    overlay = null;
  };

  // ---- updating the page in place -------------------------------------------------------
  const isCode = (s) => !s.type || /^(text|application)\/(x-)?(java|ecma)script$|^module$/i.test(s.type.trim());
  const ownScript = (s) => (s.getAttribute("src") || "").startsWith(OWN);
  // What a page loads or runs from its head: when that differs, only a reload is faithful.
  const headResources = (doc) => [...doc.head.querySelectorAll('link[rel~="stylesheet"], script')]
    .filter((n) => !ownScript(n) && (n.tagName === "LINK" || n.hasAttribute("src") || isCode(n)))
    .map((n) => {
      const url = n.getAttribute("href") || n.getAttribute("src");
      return n.tagName + " " + (url === null ? n.textContent : outputPath(url) ?? url);
    })
    .join("\n");
  const bodyHasCode = (doc) => [...doc.body.querySelectorAll("script")].some((s) => isCode(s) && !ownScript(s));
  const headExtras = (doc) => [...doc.head.children].filter(
    (n) => !(n.matches('link[rel~="stylesheet"], script[src], title')));

  const refresh = async () => {
    let res;
    try {
      res = await fetch(location.href, { cache: "no-store", credentials: "same-origin" });
    } catch (e) {
      return;                                   // server gone; the event stream will bring us back
    }
    if (!(res.headers.get("content-type") || "").startsWith("text/html")) { location.reload(); return; }
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    if (headResources(doc) !== headResources(document) || bodyHasCode(doc) || bodyHasCode(document)) {
      location.reload();
      return;
    }
    const x = window.scrollX, y = window.scrollY;
    document.title = doc.title;
    for (const attr of ["lang", "dir", "class"]) {
      const v = doc.documentElement.getAttribute(attr);
      if (v === null) document.documentElement.removeAttribute(attr);
      else document.documentElement.setAttribute(attr, v);
    }
    const oldExtras = headExtras(document);
    for (const n of headExtras(doc)) document.head.append(document.adoptNode(n));
    for (const n of oldExtras) n.remove();
    document.body.replaceWith(document.adoptNode(doc.body));
    window.scrollTo(x, y);
    const tag = document.querySelector('script[src^="' + OWN + 'reload.js"]');
    if (tag) {
      live.build = tag.getAttribute("data-build") || live.build;
      live.page = tag.getAttribute("data-page") || live.page;
    }
    live.refreshes += 1;
    document.dispatchEvent(new CustomEvent("sitegen:refresh"));
  };

  // Stylesheets: a changed file is re-fetched under a new query; a changed file that another
  // sheet pulls in with @import gets its import rule replaced (a browser reuses an imported
  // sheet it already loaded, even when the importing sheet is fetched again).
  const bustImports = (sheet, want, build) => {
    let rules;
    try { rules = sheet.cssRules; } catch (e) { return; }
    for (let i = rules.length - 1; i >= 0; i--) {
      const rule = rules[i];
      if (!(rule instanceof CSSImportRule)) continue;
      const target = (rule.styleSheet && rule.styleSheet.href) || new URL(rule.href, sheet.href || location.href).href;
      if (want.has(outputPath(target))) {
        const media = rule.media && rule.media.mediaText ? " " + rule.media.mediaText : "";
        try {
          sheet.deleteRule(i);
          sheet.insertRule("@import url(" + JSON.stringify(bust(target, build)) + ")" + media + ";", i);
        } catch (e) { /* leave it */ }
      } else if (rule.styleSheet) {
        bustImports(rule.styleSheet, want, build);
      }
    }
  };
  const swapLink = (link, want, build) => new Promise((resolve) => {
    const fresh = link.cloneNode(false);
    fresh.href = bust(link.href, build);
    const done = () => {
      link.remove();
      if (fresh.sheet) bustImports(fresh.sheet, want, build);
      resolve();
    };
    fresh.addEventListener("load", done, { once: true });
    fresh.addEventListener("error", done, { once: true });
    link.after(fresh);
  });
  const swapCss = async (paths, build) => {
    const want = paths === null ? { has: () => true } : new Set(paths);
    const waits = [];
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const own = outputPath(link.href);
      if (own === null) continue;
      if (want.has(own)) waits.push(swapLink(link, want, build));
      else if (link.sheet) bustImports(link.sheet, want, build);
    }
    for (const style of document.querySelectorAll("style")) {
      if (style.sheet) bustImports(style.sheet, want, build);
    }
    await Promise.all(waits);
    live.cssSwaps += 1;
  };
  // Other files: images are fetched again; anything else the page uses means a reload.
  const reloadAssets = (paths, build) => {
    const want = new Set(paths);
    for (const img of document.images) {
      const src = img.getAttribute("src");
      if (src && want.has(outputPath(img.src))) img.src = bust(img.src, build);
      if (img.srcset && img.srcset.split(",").some((c) => want.has(outputPath(c.trim().split(/\s+/)[0])))) {
        location.reload();
        return;
      }
    }
    for (const n of document.querySelectorAll("script[src], link[href], source[src], video[src], audio[src], object[data], embed[src], iframe[src]")) {
      if (n.matches('link[rel~="stylesheet"], link[rel~="alternate"], link[rel~="canonical"]') || ownScript(n)) continue;
      const url = n.getAttribute("src") || n.getAttribute("href") || n.getAttribute("data");
      if (url && want.has(outputPath(url))) { location.reload(); return; }
    }
  };

  const onOk = async (msg) => {
    hideOverlay();
    if (msg.build === live.build) return;
    if (msg.prev !== live.build || !Array.isArray(msg.changed)) {
      // Behind (events missed, a new server) or the list of changes is unknown: fetch the page
      // (it then carries the build it came from) and every stylesheet again.
      await refresh();
      await swapCss(null, msg.build);
      return;
    }
    const changed = msg.changed;
    const css = changed.filter((p) => /\.css$/i.test(p));
    const assets = changed.filter((p) => !/\.(css|html?|xml|json|txt)$/i.test(p));
    const here = outputPath(location.href);      // differs from live.page on a 404 page
    const mine = [live.page, here, here + "/index.html"];
    if (changed.some((p) => mine.includes(p))) await refresh();
    else live.build = msg.build;
    if (css.length) await swapCss(css, msg.build);
    if (assets.length) reloadAssets(assets, msg.build);
  };
  const onError = async (msg) => {
    if (msg.build && msg.build !== live.build) await refresh();
    showOverlay(Array.isArray(msg.problems) ? msg.problems : []);
  };
  const handle = (type, msg) => {
    queue = queue.then(() => (type === "ok" ? onOk(msg) : type === "error" ? onError(msg) : null))
                 .catch((e) => console.error("sitegen live reload:", e));
  };

  // ---- connecting -----------------------------------------------------------------------
  const direct = () => {
    const es = new EventSource(OWN + "events");
    for (const type of ["ok", "error"]) es.addEventListener(type, (e) => handle(type, JSON.parse(e.data)));
  };
  let shared = null;
  if (typeof SharedWorker === "function") {
    try {
      shared = new SharedWorker(OWN + "worker.js", { name: "sitegen-live-reload" });
    } catch (e) {
      shared = null;
    }
  }
  if (shared) {
    shared.port.onmessage = (e) => handle(e.data.type, e.data.data);
    shared.onerror = () => { shared = null; direct(); };
    shared.port.start();
    window.addEventListener("pagehide", () => { if (shared) shared.port.postMessage("bye"); });
  } else {
    direct();
  }
})();

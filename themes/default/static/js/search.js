// The search page: load Pagefind's Component UI when the page is served over HTTP.
// Opened from disk (file://) the browser refuses to load the index, so the page keeps its
// note pointing to the tags and the archive instead.
(function () {
  "use strict";
  var ui = document.getElementById("search");
  var offline = document.getElementById("search-offline");
  if (!ui || !offline || location.protocol === "file:") {
    return;
  }
  // Pagefind's Component UI looks for its bundle at /pagefind/ when loaded as a module; tell it
  // where the bundle is (beside its script), so the page works under a subpath too.
  var src = new URL(ui.getAttribute("data-ui"), location.href);
  var config = ui.querySelector("pagefind-config");
  if (config) {
    config.setAttribute("bundle-path", new URL(".", src).pathname);
  }
  var script = document.createElement("script");
  script.type = "module";
  script.src = src.href;
  script.onerror = function () {
    ui.hidden = true;
    offline.hidden = false;
  };
  // The filters stand open beside the results on wide screens and fold away on narrow ones, so
  // the first result is on the first screen (the breakpoint is search.css's).
  var filters = document.getElementById("search-filters");
  if (filters && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 60rem)");
    var follow = function () { filters.open = wide.matches; };
    follow();
    if (wide.addEventListener) {
      wide.addEventListener("change", follow);
    }
  }
  ui.hidden = false;
  offline.hidden = true;
  document.head.appendChild(script);
})();

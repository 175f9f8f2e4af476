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
  var script = document.createElement("script");
  script.type = "module";
  script.src = ui.getAttribute("data-ui");
  script.onerror = function () {
    ui.hidden = true;
    offline.hidden = false;
  };
  ui.hidden = false;
  offline.hidden = true;
  document.head.appendChild(script);
})();

// 意见征集 countdown: the published page shows the days left when it was built; this keeps
// the number current between daily republications (no inline script: the site's CSP).
(function () {
  "use strict";
  function update() {
    var nodes = document.querySelectorAll(".countdown[data-closes]");
    var today = new Date();
    var base = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
    for (var i = 0; i < nodes.length; i++) {
      var parts = nodes[i].getAttribute("data-closes").split("-");
      var end = Date.UTC(+parts[0], +parts[1] - 1, +parts[2]);
      var days = Math.max(0, Math.round((end - base) / 86400000));
      var lang = document.documentElement.lang || "zh-hans";
      nodes[i].textContent = lang.indexOf("en") === 0 ? days + " days left" : "剩余 " + days + " 天";
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();

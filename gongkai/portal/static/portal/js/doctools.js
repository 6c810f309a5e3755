/* 打印 / 字号 toolbar of portal document pages (issue 15 §10).
 * Without JavaScript the links work through :target in portal.css. With it, 打印 opens the
 * browser's print dialog as well, and the chosen text size is kept for the next page.
 */
(function () {
  "use strict";
  var KEY = "gk_doc_size";

  function remember(size) {
    try {
      window.localStorage.setItem(KEY, size);
    } catch (e) {
      /* Private mode: the size holds for this page only. */
    }
  }

  function apply(size) {
    var root = document.documentElement;
    root.classList.remove("doc-size-large", "doc-size-small");
    if (size === "large" || size === "small") {
      root.classList.add("doc-size-" + size);
    }
  }

  try {
    apply(window.localStorage.getItem(KEY) || "");
  } catch (e) {
    /* No storage: nothing remembered. */
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".doc-tools a") : null;
    if (!link) {
      return;
    }
    if (link.hasAttribute("data-print")) {
      event.preventDefault();
      window.print();
    } else if (link.hasAttribute("data-size")) {
      event.preventDefault();
      var size = link.getAttribute("data-size");
      apply(size);
      remember(size);
    }
  });
})();

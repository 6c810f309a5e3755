/* 依申请公开 public pages: progressive enhancements only; every page works without JS. */
(function () {
  "use strict";

  // A form is sent once: a second click while the first request is on its way is ignored.
  // (The application form also carries a client token, so the server is idempotent anyway.)
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-once")) {
      return;
    }
    if (form.dataset.sending === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
    });
  });

  // Back/forward cache: a restored page must be submittable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.removeAttribute("aria-disabled");
      });
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    // The print button needs script; without it the browser's own print works the same.
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
    // After a failed submission, focus the summary of errors (screen readers read it).
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  });
})();

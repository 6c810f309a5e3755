/* Staff back office: progressive enhancements only; every page works without JS. */
(function () {
  "use strict";

  // Ask before destructive actions (撤回, 废止, 删除附件).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // A form is sent once: a second click while the first request is on its way is ignored.
  // (The create form also carries a client_token, so the server is idempotent anyway.)
  document.addEventListener("submit", function (event) {
    var form = event.target;
    // getAttribute: a field named "method" (送达方式) shadows form.method.
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.sending === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    form.setAttribute("aria-busy", "true");
  });

  // 打印 buttons (受理回执): shown only with script; without it the browser's print works.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // Back/forward cache: a restored page must be submittable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
      form.removeAttribute("aria-busy");
    });
  });

  // The document form shows the reasons of the chosen 公开属性 only: 依申请公开理由 for
  // 依申请公开, 不予公开理由 for 不予公开 (the server ignores the other list anyway).
  function showReasonsFor(form) {
    var chosen = form.querySelector('input[name="attribute"]:checked');
    var attribute = chosen ? chosen.value : "";
    form.querySelectorAll("[data-attribute]").forEach(function (input) {
      var cell = input.closest(".cell");
      if (cell && !cell.querySelector(".has-error")) {
        cell.hidden = attribute !== "" && input.getAttribute("data-attribute") !== attribute;
      }
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "attribute" && event.target.form) {
      showReasonsFor(event.target.form);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("document-form");
    if (form) {
      showReasonsFor(form);
    }
  });

  // Move focus to the first field with an error after a failed submission.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector(".has-error input, .has-error select, .has-error textarea");
    if (invalid) {
      invalid.focus();
    }
  });
})();

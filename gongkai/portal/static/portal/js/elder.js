/* 适老化 large-font mode.
 * Loaded in <head> so the class is on <html> before the first paint. Without JavaScript
 * the toggle is a plain GET form to /elder-mode/, which sets the same cookie server-side.
 */
(function () {
  "use strict";
  var COOKIE = "gk_elder";
  var KEY = "gk_elder";
  var root = document.documentElement;

  function cookieOn() {
    return document.cookie.split(/;\s*/).indexOf(COOKIE + "=1") !== -1;
  }

  function stored() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }

  function remember(on) {
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = on
      ? COOKIE + "=1; Path=/; Max-Age=31536000; SameSite=Lax" + secure
      : COOKIE + "=; Path=/; Max-Age=0; SameSite=Lax" + secure;
    try {
      window.localStorage.setItem(KEY, on ? "1" : "0");
    } catch (e) {
      /* Private mode: the cookie is enough. */
    }
  }

  // Pages may be served from static files, so the class is set here as well as by Django.
  if (cookieOn() || stored() === "1") {
    root.classList.add("elder");
  }

  function render(form, on) {
    var button = form.querySelector("button");
    var state = form.querySelector(".elder-toggle__state");
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.value = on ? "0" : "1";
    if (state) {
      state.textContent = on ? state.getAttribute("data-on") : state.getAttribute("data-off");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-elder-toggle]");
    if (!form) {
      return;
    }
    render(form, root.classList.contains("elder"));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var on = !root.classList.contains("elder");
      root.classList.toggle("elder", on);
      remember(on);
      render(form, on);
    });
  });
})();

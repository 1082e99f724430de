// Keyboard access to Material's header toggles: the menu (drawer) and search buttons are
// <label>s for hidden checkboxes, which Tab skips.  Make them focusable buttons that Enter and
// Space press.  (The palette toggle is a radio input that Tab reaches already.)
(function () {
  "use strict";
  document.querySelectorAll('label.md-header__button[for="__drawer"], label.md-header__button[for="__search"]')
    .forEach(function (label) {
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      label.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          label.click();
          if (label.htmlFor === "__search") {
            var box = document.querySelector(".md-search__input");
            if (box) box.focus();
          }
        }
      });
    });

  // A formula, code block or table (Material's .md-typeset__scrollwrap) wider than its column
  // scrolls sideways: make it a Tab stop so the keyboard can scroll it (only those that do
  // scroll, re-checked when the window changes).
  function scrollables() {
    document.querySelectorAll(".md-typeset .math-scroll, .md-typeset pre > code, .md-typeset__scrollwrap").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scroll-stop", "");
      } else if (!scrolls && el.hasAttribute("data-scroll-stop")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroll-stop");
      }
    });
  }
  scrollables();
  window.addEventListener("load", scrollables);
  document.addEventListener("blocks:whole", scrollables);   // blocks built after the load (speed.py)
  window.addEventListener("resize", scrollables);
})();

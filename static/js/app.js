/* Small behaviours of every page, in a file because the Content-Security-Policy refuses inline scripts and
 * on...= attributes (docs/security.md).
 *
 * - data-submit-on-change on a field: choosing a value submits its form (language, school, filters); each such
 *   form keeps a <noscript> button for a browser without JavaScript.
 * - data-print on a button: prints the page.
 */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.form && field.hasAttribute && field.hasAttribute("data-submit-on-change")) {
      field.form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      window.print();
    }
  });
})();

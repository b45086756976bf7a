/* The error summary of a refused form (templates/includes/error_summary.html): it takes the focus when the
 * page loads, so that a screen reader reads it first and a keyboard user starts from it. A link in it puts
 * the focus in its field and shows the field's label as well (a jump to the id alone scrolls the label
 * out of sight and leaves the focus where it was in some browsers). docs/accessibility-forms.md
 */
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']");
    var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    var shown = (label && label.offsetParent !== null && label) || legend || field;
    shown.scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();

/* Beheer (the Django admin). Django's SelectFilter (filter_horizontal) gives its search icon, a plain <span>, an
   aria-label, which ARIA does not allow on an element without a role; as an image the label is read out.
   SelectFilter builds on "load", and this script's listener comes after its own. */
window.addEventListener("load", function () {
  document.querySelectorAll(".selector .help-tooltip[aria-label]").forEach(function (icon) {
    icon.setAttribute("role", "img");
  });
});

/* Data tables scroll sideways in a box of their own on a narrow screen (320 px wide, or 400 % zoom), never the
 * page (WCAG 1.4.10). A table that its template did not put in a .table-responsive box gets one here, so that no
 * table (nor a future one) is forgotten. A box that really scrolls becomes a named region that takes the focus,
 * so that a keyboard user can scroll it with the arrow keys; a box that fits stays silent (no extra tab stop and
 * no extra landmark for a screen reader).
 */
(function () {
  "use strict";

  var ADDED = "data-scroll-box";

  var counter = 0;

  // The region is named by the table's caption, else by the heading above it, else by its column heads.
  function name(box, table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      caption.id = caption.id || "tabel-" + ++counter;
      box.setAttribute("aria-labelledby", caption.id);
      return;
    }
    var text = table.getAttribute("aria-label") || "";
    var node = box;
    while (node && node !== document.body && !text.trim()) {
      var previous = node.previousElementSibling;
      while (previous && !text.trim()) {
        // A heading, or the last heading inside a block (a title row with a button beside the heading).
        var headings = /^H[1-6]$/.test(previous.tagName) ? [previous] : previous.querySelectorAll("h1, h2, h3, h4, h5, h6");
        text = headings.length ? headings[headings.length - 1].textContent : "";
        previous = previous.previousElementSibling;
      }
      node = node.parentElement;
    }
    if (!text.trim()) {
      var row = table.querySelector("thead tr") || table.querySelector("tr");
      text = row ? Array.prototype.map.call(row.cells, function (cell) { return cell.textContent.trim(); }).join(", ") : "";
    }
    box.setAttribute("aria-label", text.replace(/\s+/g, " ").trim());
  }

  function wrap(root) {
    var tables = (root.querySelectorAll ? root : document).querySelectorAll("main table");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.closest(".table-responsive")) {
        return;
      }
      var box = document.createElement("div");
      box.className = "table-responsive";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  function update() {
    var boxes = document.querySelectorAll("main .table-responsive");
    Array.prototype.forEach.call(boxes, function (box) {
      var table = box.querySelector("table");
      var scrolls = table && box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute(ADDED, "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        name(box, table);
      } else if (!scrolls && box.hasAttribute(ADDED)) {
        box.removeAttribute(ADDED);
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.removeAttribute("aria-labelledby");
      }
    });
  }

  function run(root) {
    wrap(root || document);
    update();
  }

  var pending;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(update, 150);
  });
  if (window.htmx) {
    window.htmx.onLoad(run);  // the first page and every htmx swap
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { run(document); });
  } else {
    run(document);
  }
})();

/* The search picker (core.widgets.SearchSelectMultiple): a <select multiple> becomes a search box.
 *
 * The select keeps working without this script. With it, tom-select (static/vendor/tom-select) shows the
 * chosen records as removable items and a text box; what the user types is looked up in the select's own
 * options and at the URL in data-picker-url (?q=..., JSON {"results": [{value, text, optgroup}]}).
 * The picker's words come from the page (data-picker-*), in the page's language.
 */
(function () {
  "use strict";

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function enhance(select) {
    if (select.tomselect || typeof TomSelect === "undefined") {
      return;
    }
    var data = select.dataset;
    var url = data.pickerUrl;
    var settings = {
      plugins: { remove_button: { title: data.pickerRemove || "" } },
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      maxOptions: 50,
      closeAfterSelect: true,
      hidePlaceholder: false,
      placeholder: data.pickerPlaceholder || "",
      loadThrottle: 250,
      render: {
        no_results: function () {
          return '<div class="no-results">' + escape(data.pickerEmpty) + "</div>";
        },
        loading: function () {
          return '<div class="spinner" aria-hidden="true"></div>';
        },
        option_create: function () {
          return "";
        },
      },
    };
    if (url) {
      settings.shouldLoad = function (query) {
        return query.trim().length >= 2;
      };
      settings.load = function (query, callback) {
        var address = url + (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
        fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (json) {
            callback(json.results || []);
          })
          .catch(function () {
            callback();
          });
      };
    }
    var picker = new TomSelect(select, settings);
    tieToLabelAndErrors(select, picker);
  }

  // tom-select moves the label to its search box and keeps the select for the form, where a screen reader
  // still finds it: both keep the label's name, and the search box the field's error and help text.
  function tieToLabelAndErrors(select, picker) {
    var label = document.getElementById(select.id + "-ts-label");
    if (label) {
      select.setAttribute("aria-labelledby", label.id);
    }
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (select.hasAttribute(name) && picker.control_input) {
        picker.control_input.setAttribute(name, select.getAttribute(name));
      }
    });
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll('select[data-picker="search"]').forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      enhanceAll();
    });
  } else {
    enhanceAll();
  }
  // Parts of a page that htmx swaps in get their pickers too.
  document.addEventListener("htmx:afterSettle", function (event) {
    enhanceAll(event.target);
  });
})();

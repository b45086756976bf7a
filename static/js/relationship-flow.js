/* The flowchart of the working relationship (coaching/assessment_form.html). */
// Progressive disclosure: a question shows once every earlier answer is "ja". The server decides anyway.
(function () {
  var form = document.getElementById("stroomkaart");
  if (!form) { return; }
  var names = ["is_problem", "asks_for_help", "request_workable", "own_resources"];
  function answer(name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : null;
  }
  function update() {
    var open = true;
    names.forEach(function (name, index) {
      var wrapper = document.getElementById("div_id_" + name);
      if (wrapper && index > 0) { wrapper.hidden = !open; }
      open = open && answer(name) === "True";
    });
  }
  form.addEventListener("change", update);
  update();
})();

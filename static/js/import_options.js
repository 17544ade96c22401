// Upload page: show the options of the chosen import kind only (the LRMX unit and
// category fieldset carries data-kinds="lrmx"). Without JavaScript it stays visible.
(function () {
  "use strict";
  var select = document.getElementById("id_kind");
  var groups = document.querySelectorAll("[data-kinds]");
  if (!select || !groups.length) return;
  function update() {
    groups.forEach(function (group) {
      var kinds = group.getAttribute("data-kinds").split(" ");
      group.hidden = kinds.indexOf(select.value) === -1;
    });
  }
  select.addEventListener("change", update);
  update();
})();

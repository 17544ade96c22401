// A header checkbox with data-check-all="NAME" ticks every checkbox named NAME.
document.addEventListener("change", function (event) {
  var all = event.target.closest("[data-check-all]");
  if (!all) return;
  var name = all.getAttribute("data-check-all");
  document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
    box.checked = all.checked;
  });
});

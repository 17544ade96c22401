// A checkbox marked data-select-all="NAME" ticks or clears every checkbox named NAME
// (the cadre list's rows for the batch 任免审批表 export). No inline scripts: CSP.
document.addEventListener("change", (event) => {
  const toggle = event.target.closest("[data-select-all]");
  if (!toggle) return;
  const name = toggle.dataset.selectAll;
  document.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => {
    box.checked = toggle.checked;
  });
});

// « Ajouter une ligne » without a round trip: the formset's empty form (its <template>) cloned
// with the next number, TOTAL_FORMS raised. Without JavaScript the button is a submit that saves
// nothing and shows one more line (applications.views._with_added_line).
document.querySelectorAll("[data-ajouter-ligne]").forEach((button) => {
  const prefix = button.dataset.ajouterLigne;
  const template = document.getElementById(`modele-${prefix}`);
  const lines = document.getElementById(`lignes-${prefix}`);
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  if (!template || !lines || !total) return;
  button.addEventListener("click", (event) => {
    event.preventDefault();
    const index = parseInt(total.value, 10) || 0;
    const html = template.innerHTML.replaceAll("__prefix__", String(index)).replaceAll("__numero__", String(index + 1));
    lines.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const first = lines.lastElementChild.querySelector("input, select, textarea");
    if (first) first.focus();
  });
});

// The tariff page without round trips: the search box and the "only differences" switch filter
// the rows as you type, and the currency switch submits the form at once. Without this script
// the same form works by its "Показать" button, and the server filters the same way.
const form = document.getElementById("tariffs-form");
const search = document.querySelector("[data-tariff-search]");
const differences = document.querySelector("[data-tariff-diff]");
const counter = document.querySelector("[data-tariff-count]");

// Must match quiz_app/reference/view.py normalize(): case, ё and non-breaking hyphens.
const normalize = (text) =>
  text.toLocaleLowerCase("ru").replaceAll("ё", "е").replaceAll("\u2011", "-").split(/\s+/).filter(Boolean).join(" ");

const applyFilters = () => {
  const needle = normalize(search ? search.value : "");
  const onlyDifferences = differences ? differences.checked : false;
  let shown = 0;
  document.querySelectorAll("[data-tariff-table] tbody").forEach((group) => {
    let groupShown = false;
    group.querySelectorAll("tr[data-row]").forEach((row) => {
      const isLimit = row.hasAttribute("data-limit");
      const matches = isLimit || !needle || row.dataset.search.includes(needle);
      const visible = matches && (row.dataset.differs === "1" || !onlyDifferences);
      row.hidden = !visible;
      if (visible) {
        groupShown = true;
        if (!isLimit) shown += 1;
      }
    });
    group.hidden = !groupShown;
  });
  if (counter) counter.textContent = counter.dataset.template.replace("__N__", String(shown));
};

if (form) {
  search?.addEventListener("input", applyFilters);
  differences?.addEventListener("change", applyFilters);
  document.querySelectorAll("[data-tariff-autosubmit]").forEach((control) => {
    control.addEventListener("change", () => form.requestSubmit());
  });
}

// Hovering an entity in the list outlines its mentions in the text, and
// the other way round. The page works without it.
document.addEventListener("mouseover", (ev) => {
  const el = ev.target.closest("[data-ent]");
  document.querySelectorAll(".hl").forEach((x) => x.classList.remove("hl"));
  if (!el) return;
  const id = el.getAttribute("data-ent");
  document.querySelectorAll('[data-ent="' + CSS.escape(id) + '"]').forEach((x) => x.classList.add("hl"));
});

// The signer page's only script beyond htmx: a drawing pad (signature_pad, served by the binary).
// Without it the typed signature still works.
function setup() {
  const canvas = document.getElementById("signature-pad");
  const form = document.getElementById("sign-form");
  if (!canvas || !form || canvas.dataset.ready || !window.SignaturePad) return;
  canvas.dataset.ready = "1";
  canvas.closest(".draw").hidden = false;
  const pad = new window.SignaturePad(canvas, { penColor: "#0b2a73", backgroundColor: "rgba(0,0,0,0)" });
  document.getElementById("clear-signature").addEventListener("click", () => pad.clear());
  const sync = () => {
    const drawn = !pad.isEmpty();
    form.querySelector('[name="kind"]').value = drawn ? "drawn" : "typed";
    form.querySelector('[name="image"]').value = drawn ? pad.toDataURL("image/png") : "";
  };
  pad.addEventListener("endStroke", sync);
  form.addEventListener("submit", sync);
  form.addEventListener("htmx:configRequest", sync);
}
document.addEventListener("DOMContentLoaded", setup);
document.addEventListener("htmx:afterSettle", setup);

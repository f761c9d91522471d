// Shows a generated PDF's pages in the document page with pdf.js, served by the binary (no CDN,
// no browser PDF plugin needed: this works the same on phones and in headless browsers).
const el = document.getElementById("pdf-preview");
if (el) {
  try {
    const pdfjs = await import(el.dataset.lib);
    pdfjs.GlobalWorkerOptions.workerSrc = el.dataset.worker;
    // The page's Content-Security-Policy forbids eval; pdf.js has a path without it.
    const doc = await pdfjs.getDocument({ url: el.dataset.src, isEvalSupported: false }).promise;
    el.textContent = "";
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const viewport = page.getViewport({ scale: 1.5 });
      const canvas = document.createElement("canvas");
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `Page ${i} of ${doc.numPages}`);
      el.append(canvas);
      await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport }).promise;
    }
    el.dataset.rendered = String(doc.numPages);
  } catch (e) {
    el.textContent = "The preview could not be shown; download the PDF instead.";
    el.dataset.error = String(e);
  }
}

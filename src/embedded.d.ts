// Types for files the bundler embeds (`with { type: "file" }` gives a path, `"text"` a string).
declare module "*.sql" { const text: string; export default text; }
declare module "*.css" { const text: string; export default text; }
declare module "*.svg" { const text: string; export default text; }
declare module "*.so" { const path: string; export default path; }
declare module "htmx.org/dist/htmx.min.js" { const value: string; export default value; }
declare module "@scalar/api-reference/browser/standalone.js" { const path: string; export default path; }
declare module "*.ttf" { const path: string; export default path; }
declare module "pdfjs-dist/build/pdf.min.mjs" { const path: string; export default path; }
declare module "pdfjs-dist/build/pdf.worker.min.mjs" { const path: string; export default path; }
declare module "*/pdf-preview.js" { const text: string; export default text; }
declare module "*/sign.js" { const text: string; export default text; }
declare module "*/clickwrap-embed.js" { const text: string; export default text; }
declare module "*/signature_pad.umd.min.js" { const path: string; export default path; }

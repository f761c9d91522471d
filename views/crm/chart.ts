// A small server-rendered SVG bar chart (no script): deals by stage on the dashboard.
import { html, type SafeHtml } from "../../src/http/html";

export interface Bar {
  label: string;
  value: number;
  href?: string;
}

export function barChart(bars: Bar[], title: string): SafeHtml {
  const w = 640, h = 220, pad = 28, gap = 12;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const bw = (w - pad * 2 - gap * (bars.length - 1)) / bars.length;
  const plot = h - pad * 2;
  return html`<svg class="chart" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">
  <title id="chart-title">${title}</title>
  ${bars.map((b, i) => {
    const bh = Math.round((b.value / max) * plot);
    const x = Math.round(pad + i * (bw + gap));
    const y = h - pad - bh;
    const bar = html`<g data-stage="${b.label}" data-count="${b.value}">
      <rect x="${x}" y="${y}" width="${Math.round(bw)}" height="${Math.max(bh, 1)}" rx="3" fill="#0b5cad"></rect>
      <text x="${Math.round(x + bw / 2)}" y="${y - 6}" text-anchor="middle" font-size="13">${b.value}</text>
      <text x="${Math.round(x + bw / 2)}" y="${h - 8}" text-anchor="middle" font-size="12">${b.label}</text>
    </g>`;
    return b.href ? html`<a href="${b.href}">${bar}</a>` : bar;
  })}
</svg>`;
}

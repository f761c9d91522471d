// Obligation pages: the dashboard's "Due soon / overdue" panel, /obligations (filters, Done and
// Waive over htmx, the calendar feed), and the month calendar. Dates show in the organization's
// time zone as YYYY-MM-DD HH:MM, the way Canadian forms write them.
import { html, type SafeHtml } from "../../src/http/html";
import { formatCents } from "../../src/lib/money";
import { zonedParts } from "../../src/lib/timezone";
import type { Day } from "../../src/modules/forms/dates";
import { iso } from "../../src/modules/forms/dates";
import { TYPE_LABELS, URGENCY_LABELS, type ObligationType, type ObligationView, type Urgency } from "../../src/modules/obligations/service";
import { csrfInput } from "../forms";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "Fri 2026-07-17 18:00" in the zone. */
export function localDue(at: string, timeZone: string): string {
  const p = zonedParts(new Date(at), timeZone);
  const weekday = WEEKDAYS[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()];
  return `${weekday} ${iso(p)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** An obligation as the pages show it: urgency is null unless it is open and dated. */
export interface ObligationItem extends ObligationView {
  urgency: Urgency | null;
}

const what = (v: ObligationView) => html`${v.o.description ?? TYPE_LABELS[v.o.type]}${v.o.amountCents !== null ? html` <small>${formatCents(v.o.amountCents)}</small>` : ""}`;
const dealLink = (v: ObligationView) => (v.o.dealId && v.dealTitle ? html`<a href="/deals/${v.o.dealId}">${v.dealTitle}</a>` : html`<small>No deal</small>`);
const docLink = (v: ObligationView) => html`<a href="/documents/${v.o.documentId}">${v.documentTitle}</a>`;
const badge = (u: Urgency | null, status: string) =>
  u ? html`<span class="badge urgency-${u}">${URGENCY_LABELS[u]}</span>` : html`<span class="badge">${status === "open" ? "Waiting" : status}</span>`;

export function dueSoonPanel(items: ObligationItem[], timeZone: string): SafeHtml {
  return html`<section id="obligations-panel" aria-labelledby="obligations-panel-h">
  <h2 id="obligations-panel-h">Due soon / overdue</h2>
  ${items.length ? html`<ul class="obligation-list">${items.map((v) => html`<li class="urgency-${v.urgency}">
    ${badge(v.urgency, v.o.status)} <time datetime="${v.o.dueAt}">${localDue(v.o.dueAt!, timeZone)}</time> · ${what(v)}<br>
    <small>${v.o.dealId ? html`${dealLink(v)} · ` : ""}${docLink(v)}</small>
  </li>`)}</ul>` : html`<p>Nothing due soon or overdue.</p>`}
  <p><a href="/obligations">All obligations</a> · <a href="/obligations/calendar">Calendar</a></p>
</section>`;
}

function actions(v: ObligationView, csrf: string): SafeHtml {
  const form = (action: string, label: string, cls = "") => {
    const url = `/obligations/${v.o.id}/${action}`;
    return html`<form method="post" action="${url}" hx-post="${url}" hx-target="closest tr" hx-swap="outerHTML" class="inline">${csrfInput(csrf)}<button type="submit" class="${cls}" aria-label="${label}: ${v.o.description ?? v.o.type}">${label}</button></form>`;
  };
  if (v.o.status === "open") return html`${form("done", "Done")} ${form("waive", "Waive", "secondary")}`;
  if (v.o.status === "done" || v.o.status === "waived") return form("reopen", "Reopen", "secondary outline");
  return html``;
}

export function obligationRow(v: ObligationItem, timeZone: string, csrf: string): SafeHtml {
  const closed = v.o.status === "done" || v.o.status === "waived";
  return html`<tr id="obl-${v.o.id}" data-status="${v.o.status}" class="${v.urgency ? `urgency-${v.urgency}` : `status-${v.o.status}`}">
  <td>${v.o.dueAt ? html`<time datetime="${v.o.dueAt}">${localDue(v.o.dueAt, timeZone)}</time>${v.o.dueAtOverridden ? html` <small title="Moved by hand; re-syncs keep it">moved</small>` : ""}` : html`<small>After acceptance</small>`}</td>
  <td>${badge(v.urgency, v.o.status)}</td>
  <td>${TYPE_LABELS[v.o.type]}</td>
  <td>${what(v)}${v.o.note ? html`<br><small>${v.o.note}</small>` : ""}${closed && v.o.doneAt ? html`<br><small>${v.o.status} ${localDue(v.o.doneAt, timeZone)}</small>` : ""}</td>
  <td>${dealLink(v)}</td>
  <td>${docLink(v)}</td>
  <td class="actions">${actions(v, csrf)}</td>
</tr>`;
}

export interface ObligationFilters {
  status: string;
  type?: string;
  urgency?: string;
  dealId?: string;
  withinDays: number;
}

const WINDOWS = [7, 14, 30, 90, 365];

function select(name: string, label: string, options: [string, string][], selected: string | undefined, any?: string): SafeHtml {
  return html`<select name="${name}" aria-label="${label}">${any ? html`<option value="">${any}</option>` : ""}${options.map(([v, l]) => html`<option value="${v}"${v === selected ? html` selected` : ""}>${l}</option>`)}</select>`;
}

export function feedSection(s: { csrf: string; active?: { createdAt: string }; url?: string }): SafeHtml {
  return html`<section id="calendar-feed" aria-labelledby="calendar-feed-h">
  <h2 id="calendar-feed-h">Calendar feed</h2>
  <p>Subscribe from Google Calendar, Outlook or Apple Calendar to see your open obligations there. The address is secret: anyone who has it can read the feed.</p>
  ${s.url ? html`<label for="feed-url">Your feed address (shown once: copy it now)
    <input id="feed-url" type="text" readonly value="${s.url}"></label>` : s.active ? html`<p>A feed is active since ${s.active.createdAt.slice(0, 10)}.</p>` : html`<p>No feed yet.</p>`}
  <form method="post" action="/obligations/feed" hx-post="/obligations/feed" hx-target="#calendar-feed" hx-swap="outerHTML" class="inline">${csrfInput(s.csrf)}
    <button type="submit">${s.active || s.url ? "Create a new address (revokes the old one)" : "Create a feed address"}</button></form>
  ${s.active || s.url ? html`<form method="post" action="/obligations/feed/revoke" hx-post="/obligations/feed/revoke" hx-target="#calendar-feed" hx-swap="outerHTML" class="inline">${csrfInput(s.csrf)}
    <button type="submit" class="secondary">Revoke</button></form>` : ""}
</section>`;
}

export function obligationsPage(s: {
  rows: ObligationItem[]; waiting: ObligationItem[]; filters: ObligationFilters; deals: { id: string; title: string }[]; timeZone: string; csrf: string; feed: SafeHtml;
}): SafeHtml {
  const f = s.filters;
  const types = Object.entries(TYPE_LABELS) as [ObligationType, string][];
  return html`<hgroup><h1>Obligations</h1><p>Deadlines from generated documents: closings, condition waivers, deposits, expiries and renewals. Times are ${s.timeZone}.</p></hgroup>
<p><a href="/obligations/calendar">Month calendar</a></p>
<form method="get" action="/obligations" class="filters">
  ${select("status", "Status", [["open", "Open"], ["done", "Done"], ["waived", "Waived"], ["superseded", "Superseded"]], f.status)}
  ${select("type", "Type", types, f.type, "Any type")}
  ${select("urgency", "Urgency", Object.entries(URGENCY_LABELS), f.urgency, "Any urgency")}
  ${select("dealId", "Deal", s.deals.map((d) => [d.id, d.title]), f.dealId, "Any deal")}
  ${select("withinDays", "Within", [...new Set([...WINDOWS, f.withinDays])].sort((x, y) => x - y).map((n) => [String(n), `Next ${n} days`]), String(f.withinDays))}
  <button type="submit">Filter</button>
</form>
${s.rows.length ? html`<table class="obligations">
  <thead><tr><th>Due</th><th>Urgency</th><th>Type</th><th>What</th><th>Deal</th><th>Document</th><th></th></tr></thead>
  <tbody>${s.rows.map((v) => obligationRow(v, s.timeZone, s.csrf))}</tbody>
</table>` : html`<p>No obligations match.</p>`}
${s.waiting.length ? html`<h2>Waiting for acceptance</h2>
<p><small>Due a set time after the agreement is signed by everyone; they get their date then.</small></p>
<table class="obligations"><tbody>${s.waiting.map((v) => obligationRow(v, s.timeZone, s.csrf))}</tbody></table>` : ""}
${s.feed}`;
}

export interface MonthView {
  year: number;
  month: number;
  /** Weeks of 7 days, Sunday first (en-CA). */
  weeks: Day[][];
  byDay: Map<string, ObligationItem[]>;
  holidays: Map<string, string>;
  today: string;
  timeZone: string;
}

const monthParam = (y: number, m: number) => `${y}-${pad(m)}`;

export function calendarPage(v: MonthView): SafeHtml {
  const prev = v.month === 1 ? monthParam(v.year - 1, 12) : monthParam(v.year, v.month - 1);
  const next = v.month === 12 ? monthParam(v.year + 1, 1) : monthParam(v.year, v.month + 1);
  const cell = (d: Day) => {
    const key = iso(d);
    const items = v.byDay.get(key) ?? [];
    const classes = [d.month !== v.month ? "outside" : "", key === v.today ? "today" : "", items.some((i) => i.urgency === "overdue") ? "has-overdue" : ""].filter(Boolean).join(" ");
    return html`<td data-date="${key}"${classes ? html` class="${classes}"` : ""}${key === v.today ? html` aria-current="date"` : ""}>
      <span class="day">${d.day}</span>${v.holidays.has(key) ? html` <small class="holiday">${v.holidays.get(key)}</small>` : ""}
      ${items.map((i) => html`<a class="obl ${i.urgency ? `urgency-${i.urgency}` : `status-${i.o.status}`}" href="${i.o.dealId ? `/deals/${i.o.dealId}` : `/documents/${i.o.documentId}`}" title="${TYPE_LABELS[i.o.type]}: ${i.o.description ?? ""}">${localDue(i.o.dueAt!, v.timeZone).slice(-5)} ${i.o.description ?? TYPE_LABELS[i.o.type]}</a>`)}
    </td>`;
  };
  return html`<hgroup><h1>${MONTHS[v.month - 1]} ${v.year}</h1><p>Obligations by due date (${v.timeZone}). <a href="/obligations">List</a></p></hgroup>
<nav class="month-nav" aria-label="Months"><a href="/obligations/calendar?month=${prev}" rel="prev">← ${MONTHS[(v.month + 10) % 12]}</a> <a href="/obligations/calendar">Today</a> <a href="/obligations/calendar?month=${next}" rel="next">${MONTHS[v.month % 12]} →</a></nav>
<table class="month">
  <thead><tr>${WEEKDAYS.map((d) => html`<th scope="col">${d}</th>`)}</tr></thead>
  <tbody>${v.weeks.map((w) => html`<tr>${w.map(cell)}</tr>`)}</tbody>
</table>`;
}

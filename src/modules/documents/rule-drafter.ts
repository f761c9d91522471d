// The built-in drafter for POST /api/documents/draft when no AI gateway is configured: it picks a
// form pack by keywords and fills what plain patterns can find (addresses, money, dates, terms,
// parties). Like the AI drafter it only proposes: every field it fills is listed in
// provenance.inferred for the wizard to point out, and the result always passes
// validateCanonical (values that would break a pack's rules are adjusted or dropped), whatever
// the prompt. No dependencies beyond the form packs' own date and holiday helpers.
import { isBusinessDay, nextBusinessDay } from "../../lib/ontario-holidays";
import { addDays, addMonths, cmp, isReal, type Day } from "../forms/dates";
import { validateCanonical } from "../forms/registry";

export interface RuleDraft {
  formKey: string;
  canonical: Record<string, unknown>;
}

type Body = Record<string, unknown>;
type Person = { name: string; email?: string };
type Span = { start: number; end: number };
type DateMention = Span & { date: Day };
type Duration = Span & { n: number; unit: "year" | "month" | "week" | "day"; business: boolean };
type MoneyLabel = "monthly" | "rent" | "deposit" | "keyDeposit" | "commission" | null;
type MoneyMention = Span & { cents: number; label: MoneyLabel; dollarSign: boolean };

/** Longer prompts are cut: enough for any real request, and it bounds the regex work. */
const MAX_PROMPT = 20_000;
/** A condition without a stated period gets five days, a common Ontario default. */
const DEFAULT_CONDITION_DAYS = 5;
/** The spec's example drafts a Toronto address from a prompt that names no city. */
const DEFAULT_CITY = "Toronto";

// ---------------------------------------------------------------------------------------------
// The prompt, and which parts of it an extractor has already claimed (so "2502" in "unit 2502"
// is not also read as money, and a street name is not read as a city).

class Prompt {
  readonly text: string;
  private taken: Span[] = [];

  constructor(raw: unknown) {
    this.text = (typeof raw === "string" ? raw : "")
      .slice(0, MAX_PROMPT)
      .normalize("NFKC") // full-width digits and the like become ASCII
      .replace(/[‘’ʼ]/g, "'")
      .replace(/[‐-―−]/g, "-")
      .replace(/[\u0000-\u0008\u000e-\u001f]/g, " ")
      .replace(/\s*[\r\n]+\s*/g, ". ") // a new line ends a clause, like a period
      .replace(/\s+/g, " ");
  }

  free(s: Span): boolean {
    return !this.taken.some((t) => s.start < t.end && t.start < s.end);
  }

  take(s: Span): void {
    this.taken.push({ start: s.start, end: s.end });
  }

  /** Matches of the (global) regexes, earliest first, that no earlier extractor claimed; claims them. */
  claim(...res: RegExp[]): RegExpExecArray[] {
    const all = res.flatMap((re) => [...this.text.matchAll(re)] as RegExpExecArray[]);
    all.sort((a, b) => a.index - b.index || b[0].length - a[0].length);
    const out: RegExpExecArray[] = [];
    for (const m of all) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (m[0].length && this.free(span)) {
        this.take(span);
        out.push(m);
      }
    }
    return out;
  }

  /** The text with claimed spans blanked out. */
  masked(): string {
    const chars = this.text.split(""); // UTF-16 units, as the spans count
    for (const t of this.taken) chars.fill(" ", t.start, t.end);
    return chars.join("");
  }

  before(at: number, n = 40): string {
    return this.text.slice(Math.max(0, at - n), at).toLowerCase();
  }

  after(at: number, n = 40): string {
    return this.text.slice(at, at + n).toLowerCase();
  }
}

const has = (p: Prompt, re: RegExp) => re.test(p.text);

// ---------------------------------------------------------------------------------------------
// Which pack. Explicit form names win over loose words: "buyer rep" first (its prompts often say
// "buy a house"), then "agreement of purchase and sale", then lease words (so "offer to lease" is
// a lease), then loose sale words. With nothing to go on we choose the residential lease: the most
// general pack (any rental unit, every field optional), and the wizard lets the agent switch.

const BUYER_REP = /\bbuyer'?s?[\s-]*rep(?:resentation)?\b|\brepresent(?:s|ing)?\s+(?:a\s+|the\s+)?(?:buyers?|purchasers?)\b/i;
const APS_NAMED = /\bagreements?\s+of\s+purchase\b|\bpurchase\s+and\s+sale\b|\bAPS\b/i;
const LEASE = /\bleas(?:e|es|ed|ing)\b|\btenanc(?:y|ies)\b|\brent(?:s|al|als|ing)?\b|\btenants?\b|\blandlords?\b|\bmonth[\s-]to[\s-]month\b|\/\s*mo(?:nth)?\b/i;
const APS_LOOSE = /\b(?:offers?|purchas(?:e|ing)|buy|buying|buyers?|purchasers?|sellers?|vendors?|sale|closing|completion)\b/i;
/** A condo clue: the word, a condo corporation (TSCC 1234), or a locker. A unit number alone is not
 *  one: basement apartments and rental buildings have units too. */
const CONDO = /\bcondo(?:minium)?s?\b|\b(?:TSCC|MTCC|YRSCC|YRCC|PSCC|PCC|HSCC|OCSCC|NSCC|WSCC|DCC|MCC)\b|\blockers?\b/i;

function pickForm(p: Prompt): string {
  if (has(p, BUYER_REP) || /\bBRA\b/.test(p.text)) return "on/buyer-rep";
  if (has(p, APS_NAMED)) return "on/aps";
  if (has(p, LEASE)) return has(p, CONDO) ? "on/condo-lease" : "on/residential-lease";
  if (has(p, APS_LOOSE)) return "on/aps";
  return "on/residential-lease";
}

// ---------------------------------------------------------------------------------------------
// Addresses and places.

const SUFFIXES = "street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|crescent|cres|lane|ln|way|court|ct|place|pl|circle|cir|trail|trl|parkway|pkwy|terrace|square|sq|gate|grove|heights|hts|highway|hwy|gardens|gdns|line|path|mews|quay|row";
/** "88 Harbour St", "123 Main Street West", "2502-88 Harbour St" (unit first, the Canadian way). */
const STREET_RE = new RegExp(
  `(?<![\\p{L}\\p{N}$.,/-])(?:(\\d{1,6}[a-z]?)\\s?-\\s?)?(\\d{1,6}[a-z]?)\\s+((?:\\p{L}[\\p{L}'.-]{0,40}\\s+){1,4}?)(${SUFFIXES})\\b\\.?(?:\\s+(north|south|east|west|[nsew])\\b\\.?)?`,
  "giu",
);
/** Words that show the match is not a street name ("12 months way", "5 days from St..."). */
const NOT_STREET_WORDS = new Set(["a", "an", "and", "the", "of", "for", "from", "to", "on", "in", "at", "by", "per", "with", "or",
  "day", "days", "week", "weeks", "month", "months", "year", "years", "unit", "suite", "apt"]);
const UNIT_RES = [
  /\b(?:unit|suite|ste|apt|apartment)\.?\s?(?:no\.?\s?|number\s)?#?\s?([a-z]{0,2}\d{1,6}[a-z]?)\b/gi,
  /#\s?([a-z]{0,2}\d{1,6}[a-z]?)\b/gi,
];

/** The first street address (later ones, a landlord's say, are claimed so no city is read from them). */
function street(p: Prompt): { street?: string; unit?: string } {
  let first: { street?: string; unit?: string } | undefined;
  for (const m of p.text.matchAll(STREET_RE) as IterableIterator<RegExpExecArray>) {
    const words = m[3].trim().split(" ");
    if (words.some((w) => NOT_STREET_WORDS.has(w.toLowerCase()))) continue;
    // A lone lowercase letter after the suffix is more likely a word than a direction ("St w/ parking").
    const dir = m[5] && (m[5].length > 1 || m[5] === m[5].toUpperCase()) ? ` ${m[5]}` : "";
    const end = m.index + (m[5] && !dir ? m[0].lastIndexOf(m[5]) : m[0].length);
    p.take({ start: m.index, end });
    first ??= { street: `${m[2]} ${words.join(" ")} ${m[4]}${dir}`, unit: m[1] };
  }
  return first ?? {};
}

function unitNumber(p: Prompt): string | undefined {
  return p.claim(...UNIT_RES)[0]?.[1];
}

const CITIES = ["Toronto", "Ottawa", "Mississauga", "Brampton", "Hamilton", "London", "Markham", "Vaughan", "Kitchener",
  "Windsor", "Oakville", "Burlington", "Richmond Hill", "Oshawa", "Barrie", "Guelph", "Waterloo", "Cambridge", "Kingston",
  "St. Catharines", "Niagara Falls", "Whitby", "Ajax", "Pickering", "Milton", "Newmarket", "Aurora", "Halton Hills",
  "Georgetown", "Caledon", "Stouffville", "Whitchurch-Stouffville", "Clarington", "Bowmanville", "Brantford", "Peterborough",
  "Sudbury", "Greater Sudbury", "Thunder Bay", "Sault Ste. Marie", "North Bay", "Sarnia", "Belleville", "Cornwall",
  "Welland", "Woodstock", "Stratford", "Orillia", "Orangeville", "Collingwood", "Innisfil", "Bradford", "Georgina",
  "Cobourg", "Port Hope", "Timmins", "Owen Sound", "Midland", "Grimsby", "Lindsay", "Etobicoke", "Scarborough", "North York"];
/** Areas a buyer may search, beyond single cities. */
const REGIONS: Record<string, string> = { gta: "Greater Toronto Area", "greater toronto area": "Greater Toronto Area",
  "durham region": "Durham Region", "york region": "York Region", "peel region": "Peel Region", "halton region": "Halton Region",
  "niagara region": "Niagara Region", "waterloo region": "Waterloo Region", "simcoe county": "Simcoe County" };
const PLACES = new Map<string, string>([...CITIES.map((c) => [c.toLowerCase(), c] as const), ...Object.entries(REGIONS)]);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const PLACE_RE = new RegExp(`\\b(?:${[...PLACES.keys()].sort((a, b) => b.length - a.length).map(escapeRe).join("|")})(?![\\p{L}])`, "giu");

/** Known places, in order, outside claimed spans (a street or a person named Milton is no city). */
function places(p: Prompt): string[] {
  const found = [...p.masked().matchAll(PLACE_RE)].map((m) => PLACES.get(m[0].toLowerCase())!);
  return [...new Set(found)];
}

function address(street: string | undefined, unit: string | undefined, city: string | undefined, putUnit: boolean) {
  if (!street && !city && !(unit && putUnit)) return undefined;
  // A street without a city gets the default; the path is listed as inferred like every other.
  return { street, unit: putUnit ? unit : undefined, city: city ?? (street ? DEFAULT_CITY : undefined), province: "ON" };
}

// ---------------------------------------------------------------------------------------------
// Dates, times and durations.

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const MONTH = "(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\b\\.?";
// Numeric dates like 08/01/2026 are left alone: day-first or month-first cannot be told apart.
const DATE_RES = [
  new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s+(\\d{4})(?!\\d))?`, "gi"), // August 1 2026, Aug 1, 2026
  new RegExp(`(?<![\\d.,$])(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}(?:,?\\s+(\\d{4})(?!\\d))?`, "gi"), // 1 August 2026
  /(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])/g, // 2026-08-01
  /\b(today|tomorrow)\b/gi,
];

const validDay = (d: Day) => Number.isInteger(d.year) && d.year >= 1900 && d.year <= 2200 && d.month >= 1 && d.month <= 12 && d.day >= 1 && isReal(d);

function dates(p: Prompt, today: Day): DateMention[] {
  const out: DateMention[] = [];
  for (const m of p.claim(...DATE_RES)) {
    let d: Day;
    const g = m.slice(1);
    if (/^(today|tomorrow)$/i.test(g[0])) d = addDays(today, g[0].toLowerCase() === "today" ? 0 : 1);
    else if (/^\d{4}$/.test(g[0])) d = { year: +g[0], month: +g[1], day: +g[2] };
    else {
      const [monthWord, day, year] = /^\d/.test(g[0]) ? [g[1], g[0], g[2]] : [g[0], g[1], g[2]];
      if (monthWord === "may") continue; // lower-case "may" is the verb far more often than the month
      d = { year: year ? +year : today.year, month: MONTHS[monthWord.toLowerCase().slice(0, 3)], day: +day };
      // No year: the next such date, counting today (a lease "from September 1" said on September 1
      // starts today, not a year later).
      if (!year && validDay(d) && cmp(d, today) < 0) d = { ...d, year: d.year + 1 };
      if (!year && !isReal(d)) d = { ...d, year: d.year + 1 }; // February 29 outside a leap year
    }
    if (validDay(d)) out.push({ date: d, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const TIME_RES = [
  /(?<![\d:])(\d{1,2})(?::([0-5]\d))?\s?([ap])\.?\s?m\b\.?/gi,
  /(?<![\d:$])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])/g,
  /\b(noon|midnight)\b/gi,
];

function times(p: Prompt): (Span & { time: string })[] {
  const out: (Span & { time: string })[] = [];
  for (const m of p.claim(...TIME_RES)) {
    let h: number, min = Number(m[2] ?? 0);
    if (/^noon$/i.test(m[1])) [h, min] = [12, 0];
    else if (/^midnight$/i.test(m[1])) [h, min] = [23, 59]; // the last minute of the day, as forms write it
    else if (m[3]) {
      h = Number(m[1]);
      if (h < 1 || h > 12) continue;
      h = (h % 12) + (m[3].toLowerCase() === "p" ? 12 : 0);
    } else h = Number(m[1]);
    out.push({ time: `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8,
  nine: 9, ten: 10, eleven: 11, twelve: 12, fourteen: 14, fifteen: 15, eighteen: 18, twenty: 20, thirty: 30, sixty: 60, ninety: 90 };
const DURATION_RE = new RegExp(
  `\\b(\\d{1,3}|${Object.keys(NUMBER_WORDS).join("|")})[\\s-]+(?:(business|banking|calendar)[\\s-]+)?(years?|yrs?|months?|mos?|weeks?|wks?|days?)\\b`,
  "gi",
);

function durations(p: Prompt): Duration[] {
  const out: Duration[] = [];
  for (const m of p.claim(DURATION_RE)) {
    const word = m[1].toLowerCase();
    const unit = ({ y: "year", m: "month", w: "week", d: "day" } as const)[m[3][0].toLowerCase() as "y" | "m" | "w" | "d"];
    // "a month" is almost always a rate ("3,200 a month"); "a year" is a term.
    if ((word === "a" || word === "an") && unit !== "year") continue;
    const n = NUMBER_WORDS[word] ?? Number(word);
    if (n > 0) out.push({ n, unit, business: /^b/i.test(m[2] ?? ""), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The day a period that starts on `from` reaches; for business days, counting only those. */
function plus(from: Day, d: Pick<Duration, "n" | "unit" | "business">): Day {
  if (d.unit === "year") return addMonths(from, 12 * d.n);
  if (d.unit === "month") return addMonths(from, d.n);
  if (d.unit === "week") return addDays(from, 7 * d.n);
  if (!d.business) return addDays(from, d.n);
  let x = from;
  for (let i = 0; i < d.n; i++) x = nextBusinessDay(addDays(x, 1));
  return x;
}

/** The last day of a term: "one year from August 1 2026" ends July 31 2027. */
const lastDay = (start: Day, d: Duration) => addDays(plus(start, d), -1);

/** Words that may sit between a date's label and the date ("closing on or about", "irrevocable until 6 pm on"). */
const FILLER = "(?:\\s*[:,-]?\\s*(?:on|or|about|of|the|date|by|at|is|until|till|before|no later than|\\d{1,2}(?::\\d{2})?\\s?(?:[ap]\\.?\\s?m\\.?)?))*";

/** The role of a date: the label just before it, with nothing but filler words between. */
function roleOf(p: Prompt, d: Span, prevEnd: number, roles: [string, string][]): string | undefined {
  const before = p.text.slice(Math.max(prevEnd, d.start - 60), d.start);
  return roles.find(([, key]) => new RegExp(`\\b(?:${key})\\b${FILLER}\\s*$`, "i").test(before))?.[0];
}

function withRoles(p: Prompt, ds: DateMention[], roles: [string, string][]) {
  return ds.map((d, i) => ({ ...d, role: roleOf(p, d, i ? ds[i - 1].end : 0, roles) }));
}

// ---------------------------------------------------------------------------------------------
// Money and percentages.

const MONEY_RE = /(?<![\p{L}\p{N}$.,\/#-])(\$\s?)?(\d{1,3}(?:,\d{3}){1,4}|\d{1,12})(\.\d{1,6})?(?:\s?(k|mm|m|million|thousand|grand)\b)?/giu;
const MULTIPLIER: Record<string, number> = { k: 1e3, thousand: 1e3, grand: 1e3, m: 1e6, mm: 1e6, million: 1e6 };

/** What an amount is, from the words around it ("deposit of $X", "$X/month", "$X commission"). */
function moneyLabel(before: string, after: string): MoneyLabel {
  const lead = (key: string) => new RegExp(`\\b${key}\\s*(?:amount\\s*)?(?:of|:|is|=|at)?\\s*(?:about\\s*)?$`).test(before);
  if (lead("key deposit") || /^\s*key\s+deposit\b/.test(after)) return "keyDeposit";
  // "$3,200 deposit", "$3,200 last month's rent deposit"; not "$899,000 and a deposit of ..."
  if (lead("deposit") || /^\s*(?:(?:rent|rental|security|damage|last|month'?s?)\s+){0,3}deposit\b/.test(after)) return "deposit";
  if (lead("commission") || /^\s*(?:flat\s+|fixed\s+)?(?:commission|fee)\b/.test(after)) return "commission";
  if (/^\s*(?:\/\s*(?:month|mo|mth|m)\b|(?:per|a|each|every)\s+month\b|monthly\b|p\/?m\b)/.test(after)) return "monthly";
  if (lead("rent(?:al)?")) return "rent";
  return null;
}

function money(p: Prompt): MoneyMention[] {
  const out: MoneyMention[] = [];
  for (const m of p.text.matchAll(MONEY_RE) as IterableIterator<RegExpExecArray>) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (!p.free(span)) continue;
    const label = moneyLabel(p.before(span.start), p.after(span.end));
    const suffix = m[4]?.toLowerCase();
    // A bare number is money only with a sign, a magnitude or a label: "12" in "unit 12" is not.
    if (!m[1] && !suffix && !label) continue;
    const cents = Math.round(Number(m[2].replace(/,/g, "") + (m[3] ?? "")) * (suffix ? MULTIPLIER[suffix] : 1) * 100);
    if (!Number.isSafeInteger(cents)) continue;
    p.take(span);
    out.push({ ...span, cents, label, dollarSign: !!m[1] });
  }
  return out;
}

function percents(p: Prompt): number[] {
  return p.claim(/(?<![\w.])(\d{1,3}(?:\.\d{1,4})?)\s?(?:%|percent\b|per\s?cent\b)/gi).map((m) => Number(m[1]));
}

// ---------------------------------------------------------------------------------------------
// People: a role word followed by capitalised names, each with an optional e-mail
// ("tenant Sam Lee sam@example.com", "buyers Jane Smith (jane@example.com) and Raj Smith").

const EMAIL_RE = /[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,6}\.[a-z]{2,24}(?![\w.-]*@)/gi;
const NAME_RE = /\p{Lu}[\p{L}'.-]{0,40}(?: \p{Lu}[\p{L}'.-]{0,40}){0,4}/uy;
/** Capitalised words that end a name: form words, role words, months, places' generic words. */
const NOT_NAME_WORDS = new Set(("a an and or the for from to on in at by of with is are agreement representation rep lease offer " +
  "purchase sale aps bra deposit condo unit suite apt apartment street st avenue ave road rd tenant tenants landlord landlords " +
  "buyer buyers seller sellers purchaser purchasers vendor vendors client clients agent brokerage realtor closing completion " +
  "irrevocable conditional commission rent price hst gta draft please " + Object.keys(MONTHS).join(" ") +
  " january february march april june july august september sept october november december").split(" "));
const KEEP_PERIOD = /^(?:ltd|inc|corp|co|jr|sr)\.$/i;

type Role = string;

function cleanName(raw: string): string | undefined {
  const words: string[] = [];
  for (const w of raw.split(" ")) {
    if (NOT_NAME_WORDS.has(w.toLowerCase().replace(/\.$/, ""))) break;
    words.push(w);
    // A period ends the sentence, hence the name, unless it marks an initial or "Ltd." and the like.
    if (w.endsWith(".") && !/^\p{L}\.$/u.test(w) && !KEEP_PERIOD.test(w)) break;
  }
  const last = words.length - 1;
  if (last >= 0 && !KEEP_PERIOD.test(words[last])) words[last] = words[last].replace(/\.+$/, "");
  const name = words.join(" ").trim();
  return name && !PLACES.has(name.toLowerCase()) ? name.slice(0, 200) : undefined;
}

/**
 * Parties by role. `roles` maps a role word (regex) to a role; "between" yields its names to
 * `between` in order, used only for roles the prompt did not name: a lease reads "between the
 * landlord and the tenant", an offer "between the buyer and the seller".
 */
function parties(p: Prompt, emails: Map<number, string>, roles: [string, Role][], between: Role[]): Record<Role, Person[]> {
  const found: Record<Role, Person[]> = {};
  const add = (role: Role, person: Person) => {
    const list = (found[role] ??= []);
    if (!list.some((x) => x.name.toLowerCase() === person.name.toLowerCase())) list.push(person);
  };
  const words = [...roles.map(([re]) => re), "between"].join("|");
  const betweens: Person[][] = [];
  for (const m of p.text.matchAll(new RegExp(`\\b(?:${words})\\b`, "gi")) as IterableIterator<RegExpExecArray>) {
    const people = namesAt(p, m.index + m[0].length, emails);
    if (!people.length) continue;
    if (m[0].toLowerCase() === "between") betweens.push(people);
    else {
      const role = roles.find(([re]) => new RegExp(`^(?:${re})$`, "i").test(m[0]))![1];
      people.forEach((x) => add(role, x));
    }
  }
  for (const people of betweens) {
    people.forEach((x, i) => { if (between[i] && !found[between[i]]?.length) add(between[i], x); });
  }
  return found;
}

/** The names (and e-mails) listed from `at`: "Sam Lee sam@x.ca and Alex Lee". Claims their spans. */
function namesAt(p: Prompt, at: number, emails: Map<number, string>): Person[] {
  const people: Person[] = [];
  const sticky = (re: RegExp) => { re.lastIndex = at; const m = re.exec(p.text); if (m) at = re.lastIndex; return m; };
  if (!sticky(/(?:\s*[,:]\s*|\s+)(?:(?:is|are|named|will be)\s+)?/y)) return people;
  for (;;) {
    const start = at;
    const m = sticky(new RegExp(NAME_RE));
    const name = m && cleanName(m[0]);
    if (!name) break;
    at = start + name.length;
    p.take({ start, end: at });
    const person: Person = { name };
    const e = /\s?[,;:(<[]?\s?/y;
    e.lastIndex = at;
    const em = e.exec(p.text);
    const email = em && emails.get(e.lastIndex);
    if (email) {
      person.email = email;
      at = e.lastIndex + email.length;
      sticky(/\s?[)>\]]/y);
    }
    people.push(person);
    if (!sticky(/\s?(?:,|and|&)\s?(?:,|and|&)?\s?/y)) break;
  }
  return people;
}

// ---------------------------------------------------------------------------------------------
// The packs' bodies. Each builder reads the generic facts in its own terms, then applies the
// pack's rules so the draft validates.

interface Facts {
  p: Prompt;
  today: Day;
  street?: string;
  unit?: string;
  dates: DateMention[];
  times: (Span & { time: string })[];
  durations: Duration[];
  money: MoneyMention[];
  percents: number[];
  emails: Map<number, string>;
}

function facts(p: Prompt, today: Day): Facts {
  // Order matters: each extractor claims its text, so later, looser ones cannot misread it.
  const emails = new Map(p.claim(EMAIL_RE).map((m) => [m.index, m[0]] as const));
  const { street: st, unit: prefixUnit } = street(p);
  const unit = prefixUnit ?? unitNumber(p);
  const ds = dates(p, today);
  const ts = times(p);
  const durs = durations(p);
  const pcts = percents(p);
  return { p, today, street: st, unit, dates: ds, times: ts, durations: durs, money: money(p), percents: pcts, emails };
}

const firstMoney = (f: Facts, ...labels: MoneyLabel[]) => f.money.find((m) => labels.includes(m.label))?.cents;

/** Condo corporation, parking and locker, for condo units. */
function condoDetails(f: Facts) {
  const corp = f.p.text.match(/\b((?:TSCC|MTCC|YRSCC|YRCC|PSCC|PCC|HSCC|OCSCC|NSCC|WSCC|DCC|MCC)\s?#?\s?\d{1,5})\b/i)?.[1];
  const spot = (word: string) => f.p.text.match(new RegExp(`\\b${word}\\s(?:spot\\s|space\\s|unit\\s|no\\.?\\s)?#?\\s?([a-z]{0,3}\\d[\\w-]{0,15})`, "i"))?.[1];
  return { corporation: corp?.toUpperCase(), unit: f.unit, parking: spot("parking"), locker: spot("locker") };
}

function leaseBody(f: Facts, condo: boolean): Body {
  const { p } = f;
  const people = parties(p, f.emails, [["tenants?|lessees?", "tenants"], ["landlords?|lessors?", "landlords"]], ["landlords", "tenants"]);
  const ds = withRoles(p, f.dates, [
    ["end", "to|until|till|through|thru|ending|ends|end"],
    ["start", "from|start|starts|starting|commenc\\w*|begin\\w*|effective|as of|move[\\s-]?in|moving in|possession"],
  ]);
  const commencement = (ds.find((d) => d.role === "start") ?? ds.find((d) => !d.role))?.date;
  let endDate = ds.find((d) => d.role === "end")?.date;
  const termLength = f.durations.find((d) => d.unit === "year" || d.unit === "month");
  if (!endDate && commencement && termLength) endDate = lastDay(commencement, termLength);
  if (endDate && (!validDay(endDate) || (commencement && cmp(endDate, commencement) <= 0))) endDate = undefined;
  const monthly = has(p, /\bmonth[\s-]to[\s-]month\b|\bmonthly\s+tenancy\b|\bperiodic\b/i);
  const kind = endDate ? "fixed" : monthly ? "monthly" : undefined;

  const rent = firstMoney(f, "monthly", "rent") ?? f.money.find((m) => m.label === null && m.dollarSign)?.cents;
  let rentDeposit = firstMoney(f, "deposit");
  if (rentDeposit === undefined && rent !== undefined && has(p, /\bfirst\s+and\s+last\b|\blast\s+month'?s?\s+rent\b/i)) rentDeposit = rent;
  // The Residential Tenancies Act caps a rent deposit at one month's rent: a larger one is dropped.
  if (rentDeposit !== undefined && rent !== undefined && rentDeposit > rent) rentDeposit = undefined;
  const keyDeposit = firstMoney(f, "keyDeposit");
  const dueDay = Number(p.text.match(/\bdue\s(?:on\s)?(?:the\s)?(\d{1,2})(?:st|nd|rd|th)\b(?!\s(?:of\s)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/i)?.[1]);

  const city = places(p)[0];
  const details = condo ? condoDetails(f) : undefined;
  return {
    tenants: people.tenants?.slice(0, 6) ?? [],
    landlords: people.landlords?.slice(0, 4) ?? [],
    // A condo's unit goes to the condo details (the pack's place for it); otherwise to the address.
    property: { address: address(f.street, f.unit, city, !condo), condo: details },
    term: { commencement, kind, endDate },
    monthlyRent: rent !== undefined ? { cents: rent } : undefined,
    rent: dueDay >= 1 && dueDay <= 31 ? { dueDay } : undefined,
    rentDeposit: rentDeposit !== undefined ? { cents: rentDeposit } : undefined,
    keyDeposit: keyDeposit !== undefined ? { cents: keyDeposit } : undefined,
  };
}

const CONDITIONS: { key: string; re: RegExp; description: string }[] = [
  { key: "financing", re: /\bfinanc\w*|\bmortgage\b/i, description: "Buyer arranging financing satisfactory to the buyer" },
  { key: "inspection", re: /\binspection\b/i, description: "Buyer obtaining a home inspection satisfactory to the buyer" },
  { key: "status_certificate", re: /\bstatus\s+certificate\b/i, description: "Buyer's lawyer reviewing the status certificate" },
  { key: "lawyer_review", re: /\blawyer'?s?\s+review\b/i, description: "Buyer's lawyer reviewing the agreement" },
  { key: "sale_of_buyers_property", re: /\bsale\s+of\s+(?:the\s+)?buyer'?s?\s+(?:property|home|house)\b/i, description: "Sale of the buyer's property" },
];

/**
 * Conditions named in a conditional offer, each waived N days (or business days) after acceptance,
 * N from the nearest "within N days" after it. Acceptance is taken as today: the agent drafts the
 * offer now, and the wizard shows the dates as inferred.
 */
function conditions(f: Facts) {
  const { p } = f;
  if (!has(p, /\bconditional\b|\bsubject\s+to\b|\bconditions?\b/i) || has(p, /\bfirm\b|\bunconditional\b|\bno\s+conditions\b/i)) return [];
  return CONDITIONS.flatMap(({ key, re, description }) => {
    const at = p.text.search(re);
    if (at < 0) return [];
    const days = f.durations.find((d) => d.unit === "day" && d.start > at && d.start - at < 80 && !/[.;]/.test(p.text.slice(at, d.start)))
      ?? f.durations.find((d) => d.unit === "day" && /\bwithin\s*$/i.test(p.before(d.start, 10)));
    return [{ key, description, waiverDeadline: { date: plus(f.today, days ?? { n: DEFAULT_CONDITION_DAYS, unit: "day", business: false }) } }];
  });
}

function apsBody(f: Facts): Body {
  const { p, today } = f;
  const people = parties(p, f.emails, [["buyers?|purchasers?", "buyers"], ["sellers?|vendors?", "sellers"]], ["buyers", "sellers"]);
  const ds = withRoles(p, f.dates, [
    ["irrevocable", "irrevocable(?:\\s+(?:until|till|to))?|open\\s+until"],
    ["titleSearch", "title\\s+search(?:\\s+date)?|requisition\\s+date"],
    ["depositDue", "deposit(?:\\s+(?:due|payable))?|due|payable"],
    ["completion", "clos(?:e|es|ing)|complet(?:e|es|ion|ing)|possession"],
  ]);
  const dated = (role: string) => ds.find((d) => d.role === role);

  // Completion must fall on an Ontario business day: a weekend or holiday moves to the next one
  // (registry offices are closed, so that is when the deal could close anyway).
  let completionDate = dated("completion")?.date;
  if (completionDate && !isBusinessDay(completionDate)) completionDate = nextBusinessDay(completionDate);
  let titleSearchDate = dated("titleSearch")?.date;
  if (titleSearchDate && completionDate && cmp(titleSearchDate, completionDate) > 0) titleSearchDate = undefined;
  // A waiver after completion cannot be: it is held to completion for the agent to fix.
  const conds = conditions(f).slice(0, 10).map((c) =>
    completionDate && cmp(c.waiverDeadline.date, completionDate) > 0 ? { ...c, waiverDeadline: { date: completionDate } } : c);

  const irrevDate = dated("irrevocable");
  const irrevFor = f.durations.find((d) => (d.unit === "day") && /\birrevocable\s(?:for\s)?$/i.test(p.before(d.start, 20)));
  const irrevocable = irrevDate
    ? { date: irrevDate.date, time: f.times.find((t) => t.start >= p.text.search(/\birrevocable\b|\bopen\s+until\b/i) && t.start <= irrevDate.end + 25)?.time ?? "23:59" }
    : irrevFor ? { date: plus(today, irrevFor), time: "23:59" } : undefined;

  // The price: the largest amount that is not a deposit or other labelled sum.
  const prices = f.money.filter((m) => m.label === null).map((m) => m.cents);
  const price = prices.length ? Math.max(...prices) : undefined;
  const depositCents = firstMoney(f, "deposit");
  const dueDate = dated("depositDue")?.date;
  // Without a stated rule, "upon acceptance" (within 24 hours), the usual Ontario practice.
  const rule = has(p, /\bherewith\b/i) ? "herewith" : dueDate && !has(p, /\b(?:up)?on\s+acceptance\b/i) ? "by_date" : "upon_acceptance";
  const deposit = depositCents !== undefined && (price === undefined || depositCents <= price)
    ? { amount: { cents: depositCents }, rule, dueDate: rule === "by_date" ? dueDate : undefined }
    : undefined;

  // A unit number in an offer means a condo: a freehold's rooms are not sold separately.
  const propertyType = has(p, CONDO) || f.unit ? "condo" : has(p, /\b(?:house|home|detached|semi|townhouse|bungalow|freehold|cottage)\b/i) ? "freehold" : undefined;
  const hst = has(p, /\bhst\s+(?:is\s+)?included\b|\binclud(?:ing|es)\s+(?:the\s+)?hst\b|\binclusive\s+of\s+hst\b/i) ? "included"
    : has(p, /\bplus\s+hst\b|\+\s?hst\b|\bhst\s+(?:is\s+)?(?:extra|in\s+addition)\b/i) ? "in_addition" : undefined;
  return {
    buyers: people.buyers?.slice(0, 4) ?? [],
    sellers: people.sellers?.slice(0, 4) ?? [],
    propertyType,
    property: {
      address: address(f.street, f.unit, places(p)[0], propertyType !== "condo"),
      condo: propertyType === "condo" ? condoDetails(f) : undefined,
    },
    price: price !== undefined ? { cents: price } : undefined,
    deposit,
    irrevocable,
    conditions: conds.length ? conds : undefined,
    titleSearchDate,
    completionDate,
    hst,
  };
}

const PROPERTY_TYPES: [RegExp, string][] = [
  [/(?<!semi[\s-]?)\bdetached\b/i, "detached"], [/\bsemi(?:[\s-]?detached)?s?\b/i, "semi-detached"],
  [/\btown\s?(?:house|home)s?\b/i, "townhouse"], [/\bcondo(?:minium)?s?\b/i, "condo"], [/\bbungalows?\b/i, "bungalow"],
  [/\bduplex(?:es)?\b/i, "duplex"], [/\bcottages?\b/i, "cottage"], [/\bvacant\s+land\b/i, "vacant land"],
];

function buyerRepBody(f: Facts): Body {
  const { p, today } = f;
  const people = parties(p, f.emails, [
    ["buyers?|purchasers?|clients?|for", "buyers"],
    ["agent|salesperson|representative|realtor|broker", "representative"],
    ["brokerage", "brokerage"],
  ], ["buyers", "brokerage"]);
  const ds = withRoles(p, f.dates, [
    ["expiry", "until|till|through|thru|to|expir\\w*|ending|ends|end"],
    ["start", "from|start|starts|starting|commenc\\w*|begin\\w*|effective"],
  ]);
  // Agreements usually start when signed: today, unless the prompt says otherwise.
  const start = (ds.find((d) => d.role === "start") ?? ds.find((d) => !d.role))?.date ?? today;
  const holdover = f.durations.find((d) => /\bholdover\s(?:period\s)?(?:of\s)?$/i.test(p.before(d.start, 25)) || /^\s?holdover\b/i.test(p.after(d.end, 12)));
  const term = f.durations.find((d) => d !== holdover);
  let expiry = ds.find((d) => d.role === "expiry")?.date ?? (term ? lastDay(start, term) : undefined);
  const acknowledged = has(p, /\backnowledg/i) || undefined;
  if (expiry && (!validDay(expiry) || cmp(expiry, start) <= 0)) expiry = undefined;
  // More than six months needs the buyer's own separate acknowledgment, which a drafter cannot
  // give for them: without it said in the prompt, the expiry is left for the wizard.
  if (expiry && cmp(addMonths(start, 6), expiry) < 0 && !acknowledged) expiry = undefined;

  const percent = f.percents.find((x) => x <= 10);
  const fixed = firstMoney(f, "commission");
  const commission = percent !== undefined ? { kind: "percent", percent: Math.round(percent * 100) / 100 }
    : fixed !== undefined ? { kind: "fixed", cents: fixed } : undefined;
  // A holdover in weeks or months is counted in days (a month as 30), the field's unit.
  const holdoverDays = holdover && holdover.unit !== "year" ? Math.min(365, holdover.unit === "day" ? holdover.n : holdover.unit === "week" ? 7 * holdover.n : 30 * holdover.n) : undefined;

  const areas = places(p);
  const types = PROPERTY_TYPES.filter(([re]) => has(p, re)).map(([, t]) => t);
  return {
    buyers: people.buyers?.slice(0, 4) ?? [],
    representative: people.representative?.[0],
    brokerage: people.brokerage?.[0] ? { name: people.brokerage[0].name } : undefined,
    geographicArea: areas.length ? joinAnd(areas).slice(0, 500) : undefined,
    propertyTypes: types.length ? types : undefined,
    start,
    expiry,
    commission,
    holdoverDays,
    longTermAcknowledged: expiry && cmp(addMonths(start, 6), expiry) < 0 ? acknowledged : undefined,
  };
}

const joinAnd = (xs: string[]) => (xs.length < 2 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

// ---------------------------------------------------------------------------------------------
// Assembly.

const BODY_KEYS: Record<string, string> = { "on/aps": "aps", "on/residential-lease": "lease", "on/condo-lease": "lease", "on/buyer-rep": "buyerRep" };
/** What every draft of a pack has even when nothing was found: its party lists, empty. */
const SKELETONS: Record<string, () => Body> = {
  "on/aps": () => ({ buyers: [], sellers: [] }),
  "on/residential-lease": () => ({ tenants: [], landlords: [] }),
  "on/condo-lease": () => ({ tenants: [], landlords: [] }),
  "on/buyer-rep": () => ({ buyers: [] }),
};

/** Drops undefined values and the objects left empty by it; arrays (even empty) stay. */
function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(compact);
  if (!v || typeof v !== "object") return v;
  const out: Body = {};
  for (const [k, x] of Object.entries(v)) {
    const c = compact(x);
    if (c === undefined || (c && typeof c === "object" && !Array.isArray(c) && !Object.keys(c).length)) continue;
    out[k] = c;
  }
  return out;
}

/** A date or an amount is one field in the wizard, so its path ends there, not at .year or .cents. */
const isAtomic = (v: object) => {
  const k = Object.keys(v).sort().join();
  return k === "cents" || k === "day,month,year";
};

/** The dotted path of every value filled in. */
function filledPaths(v: unknown, path: string): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => filledPaths(x, `${path}.${i}`));
  if (v && typeof v === "object" && !isAtomic(v)) return Object.entries(v).flatMap(([k, x]) => filledPaths(x, `${path}.${k}`));
  return v === undefined ? [] : [path];
}

function canonicalOf(formKey: string, body: Body) {
  const bodyKey = BODY_KEYS[formKey];
  return {
    schemaVersion: 1,
    formKey,
    [bodyKey]: body,
    provenance: { aiDrafted: true, drafter: "rules", inferred: filledPaths(body, bodyKey) },
  };
}

/**
 * The builders apply the packs' rules themselves; this is the guarantee behind them. Any field an
 * issue points at is dropped (its whole top-level field, so nothing half-filled remains) until the
 * draft validates; at worst the bare skeleton is returned.
 */
function validated(formKey: string, body: Body): Record<string, unknown> {
  const bodyKey = BODY_KEYS[formKey];
  let current = { ...SKELETONS[formKey](), ...(compact(body) as Body) };
  for (let pass = 0; pass < 20; pass++) {
    const canonical = canonicalOf(formKey, current);
    const result = validateCanonical(canonical);
    if (result.ok) return canonical;
    current = { ...current };
    for (const issue of result.issues) {
      if (issue.path[0] !== bodyKey || !issue.path[1]) return canonicalOf(formKey, SKELETONS[formKey]());
      delete current[issue.path[1]];
    }
    current = { ...SKELETONS[formKey](), ...current };
  }
  return canonicalOf(formKey, SKELETONS[formKey]());
}

export function ruleDraft(prompt: string, today: { year: number; month: number; day: number }): RuleDraft {
  const p = new Prompt(prompt);
  const formKey = pickForm(p);
  let body: Body;
  try {
    const f = facts(p, today);
    body = formKey === "on/aps" ? apsBody(f) : formKey === "on/buyer-rep" ? buyerRepBody(f) : leaseBody(f, formKey === "on/condo-lease");
  } catch {
    // Drafting is a convenience: an input no pattern foresaw yields an empty draft, never a 500.
    body = SKELETONS[formKey]();
  }
  return { formKey, canonical: validated(formKey, body) };
}

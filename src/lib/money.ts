// Money is integer cents everywhere; this turns it into what a Canadian reader expects.
const CAD = new Intl.NumberFormat("en-CA", { style: "currency", currency: "CAD" });

export function formatCents(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? "—" : CAD.format(cents / 100);
}

/** "1,234.50", "$899,000", "899000" → cents; null when it is not an amount. */
export function parseDollars(input: string): number | null {
  const s = input.replace(/[$,\s]/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
}

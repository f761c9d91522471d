import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { EXAMPLES } from "../forms/examples";
import { packFor } from "../forms/registry";
import { allOf, anyOf, chunkText, CHUNK_SIZE, documentText, queryTerms } from "./text";

describe("documentText", () => {
  test("title, form, parties and every value as the PDF shows it", () => {
    const c = EXAMPLES["on/aps"];
    const t = documentText(packFor("on/aps"), { title: "APS — 2502-88 Harbour St, Toronto", formKey: "on/aps", canonical: c });
    expect(t.title).toBe("APS — 2502-88 Harbour St, Toronto");
    for (const s of ["Form: Agreement of Purchase and Sale (on/aps)", "Jane Smith (buyer) jane@example.com", "Bob Jones (seller)", "Street: 88 Harbour St",
      "Postal code: M5J 0C3", "Price: $899,000.00", "Completion date: August 28, 2026", "Chattels: Fridge; Stove; Dishwasher; Washer and dryer", "Rule: upon acceptance"]) {
      expect(t.body).toContain(s);
    }
  });

  test("a half-filled draft and an unknown form still give text", () => {
    const draft = documentText(packFor("on/condo-lease"), { title: "Draft", formKey: "on/condo-lease", canonical: { schemaVersion: 1, formKey: "on/condo-lease", lease: { monthlyRent: { cents: 320_000 } } } });
    expect(draft.body).toContain("Monthly rent: $3,200.00");
    expect(documentText(undefined, { title: "x", formKey: "on/gone", canonical: { a: "b" } }).body).toContain("A: b");
  });
});

describe("chunkText", () => {
  const text = Array.from({ length: 120 }, (_, i) => `Line ${i}: ${"word ".repeat(i % 7 + 3).trim()}`).join("\n");

  test("short text is one chunk headed by the title; long text pieces of at most CHUNK_SIZE, each headed, overlapping", () => {
    expect(chunkText("Price: $1.00", "Title")).toEqual(["Title\nPrice: $1.00"]);
    expect(chunkText("", "")).toEqual([]);
    const chunks = chunkText(text, "Lease — 12 Elm St");
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(CHUNK_SIZE);
      expect(c.startsWith("Lease — 12 Elm St\n")).toBe(true);
    }
    // Every line is whole in some chunk, and consecutive chunks share text.
    for (const line of text.split("\n")) expect(chunks.some((c) => c.includes(line))).toBe(true);
    for (let i = 1; i < chunks.length; i++) {
      const prevTail = chunks[i - 1].slice(-60);
      const body = chunks[i].slice("Lease — 12 Elm St\n".length);
      expect(body.slice(0, 200).split(/\s+/).some((w) => w.length > 3 && prevTail.includes(w))).toBe(true);
    }
  });

  test("text without spaces is still cut, and always moves forward", () => {
    const chunks = chunkText("x".repeat(3500));
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks.every((c) => c.length <= CHUNK_SIZE)).toBe(true);
  });
});

describe("queryTerms", () => {
  test("words become quoted phrases of letters and digits; stop words go; the last word typed is a prefix", () => {
    expect(queryTerms("the condo lease at 88 Harbour")).toEqual(['"condo"', '"lease"', '"88"', '"harbour"*']);
    expect(queryTerms("899,000")).toEqual(['"899 000"']);
    expect(queryTerms("jane@example.com")).toEqual(['"jane example com"']);
    expect(queryTerms("Harbour ")).toEqual(['"harbour"']); // a trailing space: the word is complete
    expect(queryTerms("88 Harbour St")).toEqual(['"88"', '"harbour"', '"st"']); // too short to be a prefix
    expect(queryTerms("Nadia W")).toEqual(['"nadia"']); // a lone letter being typed waits
    expect(queryTerms("the")).toEqual(['"the"']); // only stop words: keep them
    expect(queryTerms("Montréal")).toEqual(['"montréal"*']);
  });

  test("hostile input is plain text or nothing, and never FTS5 syntax", () => {
    const db = new Database(":memory:");
    db.run("CREATE VIRTUAL TABLE s USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2')");
    db.run("INSERT INTO s(title, body) VALUES ('near', 'title body and or not')");
    const hostile = ['"', "NEAR(", "*", "title:x", "a OR", "(", ")", "-x", "^a", '"unbalanced', "AND", "NOT x", "{title body}: x", "col:*", "a + b", "x'); DROP TABLE s; --",
      "NEAR(a b, 2)", "😀 emoji", "\u0000", "a".repeat(5000), "né* AND (", "  ", "''"];
    for (const q of hostile) {
      const terms = queryTerms(q);
      for (const t of terms) expect(t).toMatch(/^"[\p{L}\p{N} ]+"\*?$/u);
      if (terms.length) {
        expect(() => db.query("SELECT rowid FROM s WHERE s MATCH ?").all(allOf(terms))).not.toThrow();
        expect(() => db.query("SELECT rowid FROM s WHERE s MATCH ?").all(anyOf(terms))).not.toThrow();
      }
    }
    expect(queryTerms('"')).toEqual([]);
    expect(queryTerms("*")).toEqual([]);
    expect(queryTerms(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ")).length).toBe(12);
  });
});

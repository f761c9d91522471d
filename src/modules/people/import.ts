// CSV import of people. The whole file is parsed first: a malformed file (broken quoting, no
// first-name column, rows of the wrong width) is refused before anything is written. Then each
// row is checked, with progress saved as it goes, and the accepted rows are inserted in one
// transaction at the end, so an import is never half-applied; refused rows are reported with
// their reason.
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../../context";
import { peopleImports, type ImportRowResult } from "../../db/schema";
import { badRequest, HttpError, notFound } from "../../http/errors";
import type { Principal } from "../../http/principal";
import { CsvError, parseCsv } from "../../lib/csv";
import { newUuid } from "../../lib/ids";
import { cleanPerson, insertPerson, type PersonInput, type PersonType } from "./service";

export const IMPORT_MAX_ROWS = 10_000;
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
const CHUNK = 200;

// Header names people actually use, mapped to fields (case, spaces, dashes and underscores ignored).
const HEADERS: Record<string, keyof PersonInput> = {
  firstname: "firstName", first: "firstName", givenname: "firstName", name: "firstName",
  lastname: "lastName", last: "lastName", surname: "lastName", familyname: "lastName",
  email: "email", emailaddress: "email", phone: "phone", phonenumber: "phone", mobile: "phone", cell: "phone",
  type: "type", tags: "tags", notes: "notes",
};

interface ParsedRow {
  row: number; // 1-based data row number, as a spreadsheet shows it (header is row 1)
  input: PersonInput;
}

/** Parses and maps the file, or throws a 400 naming what is wrong with it. */
export function readPeopleCsv(text: string): ParsedRow[] {
  if (text.length > IMPORT_MAX_BYTES) throw badRequest("Validation failed", [{ field: "file", message: "The file is larger than 5 MB" }]);
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) throw badRequest("Validation failed", [{ field: "file", message: `Not a valid CSV file (${e.message}); nothing was imported` }]);
    throw e;
  }
  if (rows.length < 2) throw badRequest("Validation failed", [{ field: "file", message: "The file has no rows below its header" }]);
  if (rows.length - 1 > IMPORT_MAX_ROWS) throw badRequest("Validation failed", [{ field: "file", message: `At most ${IMPORT_MAX_ROWS} rows per import` }]);
  const header = rows[0].map((h) => HEADERS[h.toLowerCase().replace(/[\s_-]/g, "")]);
  if (!header.includes("firstName")) throw badRequest("Validation failed", [{ field: "file", message: "The header needs a first name column (firstName or name)" }]);
  const width = rows[0].length;
  const bad = rows.findIndex((r) => r.length !== width);
  if (bad > 0) throw badRequest("Validation failed", [{ field: "file", message: `Row ${bad + 1} has ${rows[bad].length} columns, the header has ${width}; nothing was imported` }]);
  return rows.slice(1).map((cells, i) => {
    const input: PersonInput = {};
    header.forEach((key, c) => {
      const v = cells[c].trim();
      if (!key || !v) return;
      if (key === "tags") input.tags = v.split(/[;,]/);
      else if (key === "type") input.type = v.toLowerCase() as PersonType;
      else (input as Record<string, string>)[key] = v;
    });
    return { row: i + 2, input };
  });
}

/** Starts an import; returns its id at once, the work continues in the background. */
export function startImport(ctx: AppContext, principal: Principal, text: string, fileName: string | null): string {
  const rows = readPeopleCsv(text);
  const id = newUuid();
  ctx.db.write.insert(peopleImports).values({
    id, organizationId: principal.orgId!, status: "running", fileName, totalRows: rows.length,
    createdBy: principal.userId ?? null, createdAt: ctx.clock.now().toISOString(),
  }).run();
  void runImport(ctx, principal, id, rows);
  return id;
}

function describe(e: unknown): string {
  if (e instanceof HttpError) return e.fields?.map((f) => `${f.field}: ${f.message}`).join("; ") || e.message;
  throw e;
}

async function runImport(ctx: AppContext, principal: Principal, id: string, rows: ParsedRow[]): Promise<void> {
  const report: ImportRowResult[] = [];
  const accepted: ParsedRow[] = [];
  const seen = new Map<string, number>();
  try {
    // Pass 1: check every row, saving progress between chunks so the page can show it.
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      try {
        const clean = cleanPerson(r.input, true);
        for (const key of [clean.email, clean.phone]) {
          if (key && seen.has(key)) throw badRequest("Validation failed", [{ field: key === clean.email ? "email" : "phone", message: `same as row ${seen.get(key)}` }]);
        }
        for (const key of [clean.email, clean.phone]) if (key) seen.set(key, r.row);
        accepted.push(r);
      } catch (e) {
        report.push({ row: r.row, status: "refused", reason: describe(e) });
      }
      if ((i + 1) % CHUNK === 0) {
        ctx.db.write.update(peopleImports).set({ processedRows: i + 1 }).where(eq(peopleImports.id, id)).run();
        await new Promise((resolve) => setTimeout(resolve, 0)); // let requests (and progress polls) in
      }
    }
    // Pass 2: one transaction for every accepted row; a duplicate of an existing person is refused per row.
    let created = 0;
    ctx.db.writer.transaction(() => {
      for (const r of accepted) {
        try {
          const p = insertPerson(ctx, principal, r.input);
          report.push({ row: r.row, status: "created", personId: p.id });
          created++;
        } catch (e) {
          report.push({ row: r.row, status: "refused", reason: describe(e) });
        }
      }
      report.sort((a, b) => a.row - b.row);
      ctx.db.write.update(peopleImports).set({ status: "done", processedRows: rows.length, createdCount: created, report, finishedAt: ctx.clock.now().toISOString() })
        .where(eq(peopleImports.id, id)).run();
    }).immediate();
    ctx.events.kick();
  } catch (e) {
    ctx.logger.error("people import failed", { importId: id, error: (e as Error).message });
    ctx.db.write.update(peopleImports).set({ status: "failed", error: "The import failed and nothing was imported", finishedAt: ctx.clock.now().toISOString() })
      .where(eq(peopleImports.id, id)).run();
  }
}

export function getImport(ctx: AppContext, orgId: string, id: string) {
  const row = ctx.db.read.select().from(peopleImports).where(and(eq(peopleImports.id, id), eq(peopleImports.organizationId, orgId))).get();
  if (!row) throw notFound(`Import ${id} not found`);
  return {
    id: row.id, status: row.status, fileName: row.fileName, totalRows: row.totalRows, processedRows: row.processedRows,
    createdCount: row.createdCount, refusedCount: row.report.filter((r) => r.status === "refused").length,
    report: row.report, error: row.error, createdAt: row.createdAt, finishedAt: row.finishedAt,
  };
}

/**
 * An import still "running" when the process starts was cut off by a restart. Its rows were
 * never inserted (that happens in one final transaction), so it is marked failed.
 */
export function failInterruptedImports(ctx: AppContext): number {
  const stuck = ctx.db.write.select({ id: peopleImports.id }).from(peopleImports).where(eq(peopleImports.status, "running")).all();
  for (const { id } of stuck) {
    ctx.db.write.update(peopleImports).set({ status: "failed", error: "The appliance restarted during the import; nothing was imported. Upload the file again.", finishedAt: ctx.clock.now().toISOString() })
      .where(eq(peopleImports.id, id)).run();
  }
  return stuck.length;
}

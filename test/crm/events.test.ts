// The outbox: events commit with their change, handlers run after commit, a crash between the
// two loses nothing, and the DOCUMENT_SIGNED handlers advance deals and spawn checklists.
import { afterEach, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { emit } from "../../src/modules/events/service";
import { stageAfterSigning } from "../../src/modules/deals/handlers";
import { startTestApp, tempDir, type TestApp } from "../support/app";
import { ownerOf, type TestAccount } from "../support/accounts";

const apps: TestApp[] = [];
afterEach(async () => {
  while (apps.length) await apps.pop()!.stop();
});

async function start(dataDir?: string) {
  const app = await startTestApp({ dataDir });
  apps.push(app);
  return app;
}

async function dealAt(a: TestAccount, stage: string) {
  const r = await a.api("POST", "/api/deals", { kind: "purchase", stage, address: { street: "12 Elm St", city: "Guelph", province: "ON" }, keyDates: { closing: { year: 2026, month: 10, day: 15 } } });
  return (await r.json()).deal.id as string;
}

const dealStage = (app: TestApp, id: string) => (app.ctx.db.reader.query("SELECT stage FROM deals WHERE id = ?").get(id) as { stage: string }).stage;
const taskCount = (app: TestApp, id: string) => (app.ctx.db.reader.query("SELECT count(*) AS n FROM deal_tasks WHERE deal_id = ?").get(id) as { n: number }).n;

test("the advance rule: offer → conditional or firm, conditional → firm, others unchanged", () => {
  expect(stageAfterSigning("offer", true)).toBe("conditional");
  expect(stageAfterSigning("offer", false)).toBe("firm");
  expect(stageAfterSigning("conditional", false)).toBe("firm");
  for (const s of ["lead", "showing", "firm", "closed", "lost"] as const) expect(stageAfterSigning(s, false)).toBeNull();
});

test("DOCUMENT_SIGNED on a conditional deal makes it firm and spawns the checklist once", async () => {
  const app = await start();
  const a = await ownerOf(app);
  const id = await dealAt(a, "conditional");
  app.ctx.db.writer.transaction(() => emit(app.ctx.db, app.ctx.clock, a.orgId, "DOCUMENT_SIGNED", { documentId: "doc_x", envelopeId: "env_x", dealId: id }))();
  app.ctx.events.drain();
  expect(dealStage(app, id)).toBe("firm");
  const tasks = taskCount(app, id);
  expect(tasks).toBeGreaterThan(3);
  // at-least-once delivery of the same event does nothing more
  app.ctx.db.writer.run("UPDATE events SET dispatched_at = NULL");
  app.ctx.db.writer.run("DELETE FROM event_handled");
  app.ctx.events.drain();
  expect(taskCount(app, id)).toBe(tasks);
  const history = (await (await a.api("GET", `/api/deals/${id}/history`)).json()).history;
  expect(history.at(-1)).toMatchObject({ from: "conditional", to: "firm", reason: "document doc_x signed" });
});

test("DOCUMENT_SIGNED on an offer with conditions makes it conditional (no checklist yet)", async () => {
  const app = await start();
  const a = await ownerOf(app);
  const id = await dealAt(a, "offer");
  app.ctx.db.writer.transaction(() => emit(app.ctx.db, app.ctx.clock, a.orgId, "DOCUMENT_SIGNED", { documentId: "doc_y", dealId: id, hasConditions: true }))();
  app.ctx.events.drain();
  expect(dealStage(app, id)).toBe("conditional");
  expect(taskCount(app, id)).toBe(0);
});

test("an event committed just before a crash is delivered at the next start", async () => {
  const dataDir = tempDir();
  const first = await startTestApp({ dataDir });
  const a = await ownerOf(first);
  const id = await dealAt(a, "conditional");
  await first.ctx.events.idle();
  // Commit the event but stop before any dispatch runs (no kick, as if the process died here).
  first.ctx.db.writer.transaction(() => emit(first.ctx.db, first.ctx.clock, a.orgId, "DOCUMENT_SIGNED", { documentId: "doc_z", dealId: id }))();
  await first.stop({ keepData: true });

  const second = await startTestApp({ dataDir });
  await Bun.sleep(20); // start() kicks the dispatcher on the next tick
  await second.ctx.events.idle();
  expect(dealStage(second, id)).toBe("firm");
  expect(taskCount(second, id)).toBeGreaterThan(0);
  const pending = (second.ctx.db.reader.query("SELECT count(*) AS n FROM events WHERE dispatched_at IS NULL").get() as { n: number }).n;
  expect(pending).toBe(0);
  await second.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("a failing handler is retried and does not block other handlers", async () => {
  const app = await start();
  const a = await ownerOf(app);
  let calls = 0;
  const seen: string[] = [];
  app.ctx.events.on("test.flaky", ["NOTE_ADDED"], () => {
    calls++;
    if (calls === 1) throw new Error("transient");
  });
  app.ctx.events.on("test.recorder", ["NOTE_ADDED"], (ev) => seen.push(ev.id));
  const p = (await (await a.api("POST", "/api/people", { firstName: "Nora" })).json()).person;
  await a.api("POST", `/api/people/${p.id}/notes`, { body: "hello" });
  await app.ctx.events.idle();
  expect(seen).toHaveLength(1);
  expect(calls).toBe(1);
  expect((app.ctx.db.reader.query("SELECT count(*) AS n FROM events WHERE name = 'NOTE_ADDED' AND dispatched_at IS NULL").get() as { n: number }).n).toBe(1);
  app.ctx.events.drain(); // the retry
  expect(calls).toBe(2);
  expect(seen).toHaveLength(1); // the recorder already ran: not again
  expect((app.ctx.db.reader.query("SELECT count(*) AS n FROM events WHERE dispatched_at IS NULL").get() as { n: number }).n).toBe(0);
});

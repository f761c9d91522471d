// The event outbox. emit() writes an event in the caller's transaction; after commit the
// dispatcher hands it to every registered handler. A handler runs inside a write transaction
// (a savepoint of its batch) together with the row that records it ran, so its database effects happen exactly once, and
// an event committed just before a crash is picked up at the next start.
import { and, asc, eq, isNull, notInArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { eventHandled, events } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";
import type { Logger } from "../../lib/log";

export const EVENT_NAMES = [
  "PERSON_CREATED", "PERSON_UPDATED", "PERSON_DELETED",
  "DEAL_CREATED", "DEAL_UPDATED", "DEAL_STAGE_CHANGED",
  "TASK_COMPLETED", "NOTE_ADDED",
  "DOCUMENT_CREATED", "DOCUMENT_UPDATED", "DOCUMENT_GENERATED", "DOCUMENT_SIGNED",
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export interface StoredEvent {
  id: string;
  organizationId: string;
  name: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** Writes the event; call with the same db handle (and transaction) as the change it reports. */
export function emit(db: Db, clock: Clock, orgId: string, name: EventName, payload: Record<string, unknown>): string {
  const id = newId("evt");
  db.write.insert(events).values({ id, organizationId: orgId, name, payload, createdAt: clock.now().toISOString() }).run();
  return id;
}

export type EventHandler = (event: StoredEvent) => void;

interface Registration {
  name: string;
  events: readonly string[] | "*";
  fn: EventHandler;
}

export class EventDispatcher {
  private handlers: Registration[] = [];
  private running: Promise<void> | undefined;
  private again = false;
  /** Events whose handler failed; left for the retry timer rather than retried at once. */
  private failed = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private db: Db, private clock: Clock, private logger: Logger) {}

  /** name identifies the handler in event_handled: keep it stable across releases. */
  on(name: string, eventNames: readonly EventName[] | "*", fn: EventHandler): this {
    if (this.handlers.some((h) => h.name === name)) throw new Error(`event handler ${name} registered twice`);
    this.handlers.push({ name, events: eventNames, fn });
    return this;
  }

  /** Delivers pending events soon (after the current request's transaction has committed). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      // One batch per write transaction, yielding between batches so requests are not held up.
      try {
        do {
          await new Promise((resolve) => setTimeout(resolve, 0));
        } while (this.drainBatch(this.failed) > 0);
      } catch (e) {
        // A busy or full database: the timer tries again; an unhandled rejection would end the process.
        this.logger.error("event dispatch failed; will retry", { error: (e as Error).message });
      }
    })().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Waits until nothing is pending (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Picks up what a previous process left, then retries failed handlers every intervalMs. */
  start(intervalMs = 5000): void {
    this.kick();
    this.timer = setInterval(() => {
      this.failed.clear(); // time to retry
      this.kick();
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs every pending event through its handlers now, failed ones included; returns how many were tried. */
  drain(): number {
    let tried = 0;
    this.failed.clear();
    for (let n; (n = this.drainBatch(this.failed)) > 0; ) tried += n;
    return tried;
  }

  /**
   * Up to 100 pending events in one write transaction (one fsync for the batch, not one per
   * handler). Each handler runs in a savepoint, so a failing one is rolled back alone. Returns
   * how many events completed; handlers may emit events, which the next batch picks up. Events
   * whose handler failed go into `failed` and wait for the next run (the retry timer).
   */
  /** Returns the batch's size (0 = nothing left); failed events are excluded from later batches. */
  private drainBatch(failed: Set<string>): number {
    return this.db.writer.transaction(() => {
      const pending = failed.size ? and(isNull(events.dispatchedAt), notInArray(events.id, [...failed])) : isNull(events.dispatchedAt);
      // rowid is insertion order, whatever the clock did.
      const batch = this.db.write.select().from(events).where(pending).orderBy(asc(sql`${events}.rowid`)).limit(100).all();
      for (const ev of batch) if (!this.dispatchOne(ev)) failed.add(ev.id);
      return batch.length;
    }).immediate();
  }

  private dispatchOne(ev: StoredEvent): boolean {
    let allDone = true;
    for (const h of this.handlers) {
      if (h.events !== "*" && !h.events.includes(ev.name)) continue;
      const done = this.db.write.select().from(eventHandled).where(and(eq(eventHandled.eventId, ev.id), eq(eventHandled.handler, h.name))).get();
      if (done) continue;
      try {
        // Nested in drainBatch's transaction, this is a savepoint: a throw undoes this handler only.
        this.db.writer.transaction(() => {
          h.fn(ev);
          this.db.write.insert(eventHandled).values({ eventId: ev.id, handler: h.name, handledAt: this.clock.now().toISOString() }).run();
        })();
      } catch (e) {
        allDone = false;
        this.logger.error("event handler failed; will retry", { eventId: ev.id, event: ev.name, handler: h.name, error: (e as Error).message });
      }
    }
    if (allDone) this.db.write.update(events).set({ dispatchedAt: this.clock.now().toISOString() }).where(eq(events.id, ev.id)).run();
    return allDone;
  }
}

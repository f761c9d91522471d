// The event outbox. emit() writes an event in the caller's transaction; after commit the
// dispatcher hands it to every registered handler. A handler runs inside a write transaction
// together with the row that records it ran, so its database effects happen exactly once, and
// an event committed just before a crash is picked up at the next start.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { eventHandled, events } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";
import type { Logger } from "../../lib/log";

export const EVENT_NAMES = [
  "PERSON_CREATED", "PERSON_UPDATED", "PERSON_DELETED",
  "DEAL_CREATED", "DEAL_UPDATED", "DEAL_STAGE_CHANGED",
  "TASK_COMPLETED", "NOTE_ADDED",
  "DOCUMENT_SIGNED",
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
    this.running = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => { this.drain(); }).finally(() => {
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
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs every pending event through its handlers; returns how many events completed. */
  drain(): number {
    let completed = 0;
    for (;;) {
      const batch = this.db.write.select().from(events).where(isNull(events.dispatchedAt)).orderBy(asc(events.createdAt), asc(sql`${events}.rowid`)).limit(100).all();
      let progressed = 0;
      for (const ev of batch) if (this.dispatchOne(ev)) progressed++;
      completed += progressed;
      // Handlers may emit events of their own: keep going until a pass finds nothing to do.
      if (batch.length === 0 || progressed === 0) return completed;
    }
  }

  private dispatchOne(ev: StoredEvent): boolean {
    let allDone = true;
    for (const h of this.handlers) {
      if (h.events !== "*" && !h.events.includes(ev.name)) continue;
      const done = this.db.write.select().from(eventHandled).where(and(eq(eventHandled.eventId, ev.id), eq(eventHandled.handler, h.name))).get();
      if (done) continue;
      try {
        this.db.writer.transaction(() => {
          h.fn(ev);
          this.db.write.insert(eventHandled).values({ eventId: ev.id, handler: h.name, handledAt: this.clock.now().toISOString() }).run();
        }).immediate();
      } catch (e) {
        allDone = false;
        this.logger.error("event handler failed; will retry", { eventId: ev.id, event: ev.name, handler: h.name, error: (e as Error).message });
      }
    }
    if (allDone) this.db.write.update(events).set({ dispatchedAt: this.clock.now().toISOString() }).where(eq(events.id, ev.id)).run();
    return allDone;
  }
}

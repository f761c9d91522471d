// A background job that runs on a timer and soon after a kick, never overlapping itself: one
// run at a time per process, so a job that sends mail or webhooks never sends twice from here.
import type { Logger } from "./log";

export class SerialRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private stopping = new AbortController();

  constructor(private name: string, private logger: Logger, private job: (signal: AbortSignal) => Promise<number>) {}

  /** Runs once every earlier run has finished; resolves with what the job reports (work done). */
  run(): Promise<number> {
    return this.enqueue();
  }

  /** A run soon; kicks made before it starts share it. */
  kick(): void {
    if (this.queued || this.stopping.signal.aborted) return;
    this.queued = true;
    // On the next turn: whoever kicks may be inside a transaction not yet committed.
    setTimeout(() => {
      this.enqueue(() => (this.queued = false)).catch(() => undefined); // enqueue() has logged it
    }, 0);
  }

  private enqueue(onStart?: () => void): Promise<number> {
    const next = this.tail.then(() => {
      onStart?.();
      return this.job(this.stopping.signal);
    });
    this.tail = next.catch((e) => this.logger.error(`${this.name} run failed`, { error: (e as Error).message }));
    return next;
  }

  start(intervalMs: number): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and signals the job to abandon work in flight; what was due stays due. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.stopping.abort();
  }

  async idle(): Promise<void> {
    for (let t = this.tail; ; t = this.tail) {
      await t;
      if (t === this.tail) return;
    }
  }
}

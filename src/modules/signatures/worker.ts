// The signature worker: expires envelopes whose time has passed, reminds signers who have not
// signed, and seals completed envelopes (final PDF, certificate, digital signature). It runs every
// minute and when kicked; sealing retries with back-off and alerts the sender on the third failure,
// so no completed envelope sits unsealed without anyone knowing.
import { and, eq, inArray, isNotNull, lte } from "drizzle-orm";
import type { AppContext } from "../../context";
import { signatureEnvelopes, signatureSigners } from "../../db/schema";
import { MINUTE } from "../../lib/clock";
import type { Logger } from "../../lib/log";
import { SerialRunner } from "../../lib/serial-runner";
import { appendEvent, SYSTEM } from "./evidence";
import { sealEnvelope } from "./seal-envelope";
import { issueToken, mailLink } from "./service";
import { notifySender, REMINDER_EVERY } from "./signer";

const BACKOFF = [1, 5, 30, 120, 720].map((m) => m * MINUTE);
export const SEAL_ALERT_AFTER = 3;

export class SignatureWorker extends SerialRunner {
  constructor(ctx: () => AppContext, logger: Logger) {
    super("signature worker", logger, (signal) => runDue(ctx(), signal));
  }
}

async function runDue(ctx: AppContext, signal: AbortSignal): Promise<number> {
  let done = await expireDue(ctx);
  done += await remindDue(ctx);
  done += await sealDue(ctx, signal);
  return done;
}

export async function expireDue(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const due = ctx.db.write.transaction(() => {
    const rows = ctx.db.write.select().from(signatureEnvelopes)
      .where(and(inArray(signatureEnvelopes.status, ["sent", "partially_signed"]), isNotNull(signatureEnvelopes.expiresAt), lte(signatureEnvelopes.expiresAt, now))).all();
    for (const e of rows) {
      ctx.db.write.update(signatureEnvelopes).set({ status: "expired", endedAt: now, updatedAt: now }).where(eq(signatureEnvelopes.id, e.id)).run();
      appendEvent(ctx, e.organizationId, e.id, { type: "expired", meta: SYSTEM, data: { expiresAt: e.expiresAt } });
    }
    return rows;
  });
  for (const e of due) {
    const unsigned = ctx.db.read.select({ name: signatureSigners.name, status: signatureSigners.status }).from(signatureSigners).where(eq(signatureSigners.envelopeId, e.id)).all()
      .filter((s) => s.status !== "signed").map((s) => s.name);
    await notifySender(ctx, e, "expired", `The signing links expired on ${e.expiresAt!.slice(0, 10)} before everyone signed (still waiting for: ${unsigned.join(", ")}). Send it again if the deal still needs it.`)
      .catch((err) => ctx.logger.error("expiry notice failed", { envelopeId: e.id, error: (err as Error).message }));
  }
  return due.length;
}

/** One reminder per signer every SIGNATURE_REMINDER_DAYS, each with a fresh link of their own. */
export async function remindDue(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - REMINDER_EVERY(ctx)).toISOString();
  const due = ctx.db.write.transaction(() => {
    const rows = ctx.db.write.select({ signer: signatureSigners, envelope: signatureEnvelopes }).from(signatureSigners)
      .innerJoin(signatureEnvelopes, eq(signatureEnvelopes.id, signatureSigners.envelopeId))
      .where(and(
        inArray(signatureEnvelopes.status, ["sent", "partially_signed"]),
        inArray(signatureSigners.status, ["sent", "opened", "authenticated", "consented"]),
        lte(signatureSigners.sentAt, cutoff),
      )).all()
      .filter((r) => !r.envelope.expiresAt || r.envelope.expiresAt > now.toISOString())
      // Every SIGNATURE_REMINDER_DAYS since the link was sent, or since the last reminder.
      .filter((r) => (r.signer.lastRemindedAt ?? r.signer.sentAt!) <= cutoff);
    return rows.map((r) => {
      ctx.db.write.update(signatureSigners).set({ lastRemindedAt: now.toISOString() }).where(eq(signatureSigners.id, r.signer.id)).run();
      appendEvent(ctx, r.envelope.organizationId, r.envelope.id, { type: "reminded", signerId: r.signer.id, meta: SYSTEM });
      return { ...r, token: issueToken(ctx, r.envelope.organizationId, r.signer.id, "reminder") };
    });
  });
  for (const r of due) {
    await mailLink(ctx, r.envelope, r.signer, r.token, { reminder: true })
      .catch((err) => ctx.logger.error("reminder mail failed", { envelopeId: r.envelope.id, error: (err as Error).message }));
  }
  return due.length;
}

export async function sealDue(ctx: AppContext, signal: AbortSignal): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const due = ctx.db.read.select().from(signatureEnvelopes)
    .where(and(inArray(signatureEnvelopes.sealStatus, ["pending", "failed"]), lte(signatureEnvelopes.sealNextAt, now))).all();
  let sealed = 0;
  for (const env of due) {
    if (signal.aborted) break;
    try {
      await sealEnvelope(ctx, env);
      sealed++;
    } catch (e) {
      const attempts = env.sealAttempts + 1;
      const message = (e as Error).message;
      ctx.logger.error("sealing failed", { envelopeId: env.id, attempts, error: message });
      ctx.db.write.update(signatureEnvelopes).set({
        sealStatus: "failed", sealAttempts: attempts, sealError: message.slice(0, 500),
        sealNextAt: new Date(ctx.clock.now().getTime() + BACKOFF[Math.min(attempts - 1, BACKOFF.length - 1)]).toISOString(),
      }).where(eq(signatureEnvelopes.id, env.id)).run();
      if (attempts === SEAL_ALERT_AFTER) {
        await notifySender(ctx, env, "seal_failed", `Everyone signed, but producing the sealed PDF has failed ${attempts} times (last error: ${message}). The signatures are safe; Winnerr keeps retrying.`)
          .catch(() => undefined);
      }
    }
  }
  return sealed;
}

// One way to send mail. With SMTP_URL set, messages go out through nodemailer; without it they
// land in the mail_outbox table, readable by platform admins at /admin/outbox, so an appliance
// with no mail server still works. Every message is plain text plus simple HTML.
import nodemailer from "nodemailer";
import type { Config } from "../../config";
import type { Db } from "../../db/client";
import { mailOutbox } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import { newUuid } from "../../lib/ids";
import type { Logger } from "../../lib/log";
import { HttpError } from "../../http/errors";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  organizationId?: string | null;
  attachments?: { filename: string; content: Uint8Array; contentType: string }[];
}

export interface Mailer {
  readonly transport: "smtp" | "outbox";
  send(message: MailMessage): Promise<void>;
}


export function createMailer(config: Config, db: Db, clock: Clock, logger: Logger): Mailer {
  if (config.smtpUrl) {
    const transporter = nodemailer.createTransport(config.smtpUrl);
    return {
      transport: "smtp",
      async send(m) {
        try {
          await transporter.sendMail({
            from: config.mailFrom, to: m.to, subject: m.subject, text: m.text, html: m.html,
            attachments: m.attachments?.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
          });
        } catch (e) {
          // The recipient and subject are enough to investigate; the body may hold a one-time link.
          logger.error("mail delivery failed", { to: m.to, subject: m.subject, error: (e as Error).message });
          // 503 in the caller's family: nothing the caller sent was wrong, and a retry may work.
          throw new HttpError(503, "mail_unavailable", "The mail could not be sent; try again in a few minutes");
        }
        logger.info("mail sent", { to: m.to, subject: m.subject });
      },
    };
  }
  return {
    transport: "outbox",
    async send(m) {
      db.write.insert(mailOutbox).values({
        id: newUuid(),
        organizationId: m.organizationId ?? null,
        toAddress: m.to,
        subject: m.subject,
        // The outbox keeps text, not files: it notes what a real mail would have carried.
        text: m.attachments?.length ? `${m.text}\n[attached: ${m.attachments.map((a) => `${a.filename} (${a.content.length} bytes)`).join(", ")}]` : m.text,
        html: m.html,
        createdAt: clock.now().toISOString(),
      }).run();
      logger.info("mail kept in outbox", { to: m.to, subject: m.subject });
    },
  };
}

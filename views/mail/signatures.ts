// Mails of the signature flow: to signers (their link, a reminder, a code, the final PDF) and to
// the sender (completed, declined, expired, sealing trouble). A signer's mail carries only that
// signer's link.
import { html } from "../../src/http/html";
import { frame, linkMail, type Mail } from "./templates";

export function signRequestMail(s: { signerName: string; company: string; title: string; url: string; expiresAt: string | null; reminder?: boolean }): Mail {
  const until = s.expiresAt ? ` The link works until ${s.expiresAt.slice(0, 10)}.` : "";
  return linkMail(
    `${s.reminder ? "Reminder: " : ""}${s.company} asks you to sign: ${s.title}`,
    `Hello ${s.signerName}, ${s.company} sent you "${s.title}" to review and sign electronically.`,
    "Review and sign", s.url,
    `You will confirm a code sent to you, agree to sign electronically, then sign or decline.${until} This link is yours alone: do not forward it.`,
  );
}

export function signerCodeMail(code: string, title: string): Mail {
  const subject = `Your signing code: ${code}`;
  return {
    subject,
    text: `Your code to sign "${title}" is ${code}.\n\nIt works for 10 minutes. If you did not ask for it, ignore this mail.\n`,
    html: frame(subject, html`<p>Your code to sign "${title}" is</p><p style="font-size:28px;letter-spacing:4px"><strong>${code}</strong></p><p>It works for 10 minutes. If you did not ask for it, ignore this mail.</p>`),
  };
}

export function signedCopyMail(s: { signerName: string; title: string; sha256: string }): Mail {
  const subject = `Signed: ${s.title}`;
  const body = `Hello ${s.signerName}, everyone has signed "${s.title}". The final PDF, with every signature and a certificate of completion, is attached. Keep it for your records.\n\nIts SHA-256 is ${s.sha256}; the PDF is digitally sealed, so a PDF reader shows any later change to it.`;
  return { subject, text: `${body}\n`, html: frame(subject, html`<p>${body}</p>`) };
}

export type SenderNotice = "completed" | "declined" | "expired" | "seal_failed";

export function senderNoticeMail(kind: SenderNotice, s: { title: string; detail: string; url: string }): Mail {
  const subjects: Record<SenderNotice, string> = {
    completed: `Completed: ${s.title}`,
    declined: `Declined: ${s.title}`,
    expired: `Expired before everyone signed: ${s.title}`,
    seal_failed: `Action needed: sealing the signed PDF failed for ${s.title}`,
  };
  return linkMail(subjects[kind], s.detail, "Open the document", s.url, kind === "seal_failed" ? "Winnerr keeps retrying; if it keeps failing, check the appliance's log." : "");
}

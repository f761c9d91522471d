// The appliance's mails: plain text plus simple HTML, each naming why it was sent.
import { html, type SafeHtml } from "../../src/http/html";

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

export function frame(title: string, body: SafeHtml): string {
  return html`<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:560px;margin:auto;padding:16px;color:#222">
<h2 style="color:#0b5cad">${title}</h2>${body}
<p style="color:#777;font-size:12px">Sent by Winnerr. If you did not expect this message you can ignore it.</p>
</body></html>`.value;
}

export function linkMail(subject: string, intro: string, action: string, url: string, outro: string): Mail {
  return {
    subject,
    text: `${intro}\n\n${action}: ${url}\n\n${outro}\n`,
    html: frame(subject, html`<p>${intro}</p><p><a href="${url}" style="background:#0b5cad;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${action}</a></p><p style="font-size:13px">Or paste this address into your browser:<br>${url}</p><p>${outro}</p>`),
  };
}

export const verificationMail = (url: string): Mail =>
  linkMail("Confirm your email for Winnerr", "Confirm your email address to finish creating your Winnerr account.", "Confirm email", url, "The link works for 24 hours.");

export const alreadyRegisteredMail = (loginUrl: string): Mail =>
  linkMail("You already have a Winnerr account", "Someone (hopefully you) asked to register this address, but it already has a Winnerr account.", "Sign in", loginUrl, "If you forgot your password, ask your brokerage's administrator.");

export const invitationMail = (inviter: string, company: string, url: string): Mail =>
  linkMail(`${inviter} invited you to ${company} on Winnerr`, `${inviter} invited you to join ${company} on Winnerr.`, "Accept the invitation", url, "Set your name and password to start. The link works for 7 days.");

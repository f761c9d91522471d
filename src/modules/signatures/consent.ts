// The consent a signer gives is recorded against the exact text shown: its version and SHA-256
// are stored with the signer and in the evidence log. Change the text, change the version.
import { sha256Hex } from "../../lib/crypto";

export const CONSENT_VERSION = "2026-11-01";

export const CONSENT_TEXT = [
  "I agree to sign this document electronically. My electronic signature has the same effect as my handwritten signature on paper.",
  "I can read the whole document before signing, and I can decline instead of signing.",
  "When everyone has signed, I will receive by email the final PDF with every signature and a certificate of completion, which I should keep. The PDF is digitally sealed so that any later change to it can be detected.",
  "I can ask the brokerage for a paper copy, and I can withdraw this consent before I sign by declining.",
].join("\n\n");

export const CONSENT_SHA256 = sha256Hex(CONSENT_TEXT);

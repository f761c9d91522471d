// The sealing service's public surface (no HTTP): turn a generated document and its signing
// evidence into the final, digitally signed PDF with a certificate of completion, and check one.
export { stampSignatures, SIGNATURE_BOX, type StampedSignature } from "./stamp";
export { appendCertificate, timestampStatement, type CertificateData, type CertificateSigner, type CertificateTimestamp } from "./certificate";
export { loadSigningIdentity, signingIdentityPath, type LoadIdentityOptions, type SigningIdentity } from "./identity";
export { requestTimestamp, checkTimestampToken, DEFAULT_TSA_TIMEOUT_MS, type TimestampOutcome, type TokenCheck } from "./tsa";
export { signPdf, type SignPdfOptions, type SignedPdf } from "./sign";
export { verifyPdfSignature, type PdfSignatureCheck } from "./verify";
export { sealDocument, type SealInput, type SealedDocument } from "./seal";
export { formatEvidenceTime, formatSigningDate } from "./format";

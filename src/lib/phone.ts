// Phone numbers in E.164. North American numbers may be written the usual ways
// ("(416) 555-0100", "416.555.0100", "1-416-555-0100"); anything else needs its "+country".
export function toE164(input: string): string | null {
  const trimmed = input.trim();
  // Only digits and the usual separators: an extension ("ext 5", "x12") would be glued on.
  if (!/^\+?[\d\s().\-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, "");
  if (trimmed.startsWith("+")) {
    if (digits.startsWith("1") && digits.length !== 11) return null; // North America: +1 and ten digits
    return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
  }
  if (digits.length === 10 && /^[2-9]/.test(digits)) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1") && /^[2-9]/.test(digits[1])) return `+${digits}`;
  return null;
}

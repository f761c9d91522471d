import { expect, test } from "bun:test";
import { toE164 } from "./phone";

test.each([
  ["(416) 555-0100", "+14165550100"],
  ["416.555.0100", "+14165550100"],
  ["1-416-555-0100", "+14165550100"],
  ["+44 20 7946 0958", "+442079460958"],
  ["+1 (647) 555 0199", "+16475550199"],
])("%s → %s", (input, out) => expect(toE164(input)).toBe(out));

test.each(["555-0100", "123", "+0 123 4567", "phone", "416555010", "+1234567890123456"])("%s is refused", (input) => {
  expect(toE164(input)).toBeNull();
});

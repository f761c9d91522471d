import { expect, test } from "bun:test";
import { checkWebhookUrl, isNonPublicAddress, UnsafeWebhookUrl } from "./ssrf";

async function refusal(url: string, allowPrivate = false): Promise<string> {
  try {
    await checkWebhookUrl(url, allowPrivate);
  } catch (e) {
    expect(e).toBeInstanceOf(UnsafeWebhookUrl);
    return (e as Error).message;
  }
  throw new Error(`${url} was accepted`);
}

test.each([
  "http://127.0.0.1:1/x",
  "http://127.1.2.3/",
  "http://[::1]/",
  "http://169.254.169.254/latest/meta-data/",
  "http://10.1.2.3/",
  "http://172.16.0.1/",
  "http://172.31.255.255/",
  "http://192.168.1.10/hook",
  "http://100.64.0.1/",
  "http://0.0.0.0/",
  "http://[::]/",
  "http://[fe80::1]/",
  "http://[fd12:3456::1]/",
  "http://[::ffff:127.0.0.1]/", // IPv4-mapped; the URL parser rewrites it as ::ffff:7f00:1
  "http://[::ffff:a9fe:a9fe]/", // 169.254.169.254, mapped
  "http://2130706433/", // 127.0.0.1 written as one number
  "http://0x7f.1/",
  "http://localhost/",
  "http://[64:ff9b::7f00:1]/", // NAT64 of 127.0.0.1
  "http://[2002:7f00:1::1]/", // 6to4 of 127.0.0.1
  "http://[::7f00:1]/", // IPv4-compatible 127.0.0.1
  "http://198.18.0.1/",
  "http://192.0.0.8/",
])("refuses %s", async (url) => {
  expect(await refusal(url)).toMatch(/private, loopback or link-local/);
});

test("a name that cannot be resolved is refused too (the check fails closed)", async () => {
  expect(await refusal("http://localhost./")).toMatch(/private, loopback or link-local|cannot be resolved/);
});

test.each(["http://93.184.216.34/hook", "https://8.8.8.8/", "http://[2606:4700:4700::1111]/", "http://172.32.0.1/", "http://100.128.0.1/", "http://[::ffff:8.8.8.8]/"])(
  "accepts the public address %s",
  async (url) => {
    expect((await checkWebhookUrl(url, false)).href).toBe(new URL(url).href);
  },
);

test("WEBHOOKS_ALLOW_PRIVATE lets private addresses through, but not bad schemes or credentials", async () => {
  expect((await checkWebhookUrl("http://127.0.0.1:1/x", true)).port).toBe("1");
  expect(await refusal("ftp://127.0.0.1/", true)).toMatch(/https or http/);
  expect(await refusal("http://user:pw@127.0.0.1/", true)).toMatch(/user name or password/);
});

test("bad URLs are refused with a reason", async () => {
  expect(await refusal("not a url")).toMatch(/absolute http/);
  expect(await refusal("file:///etc/passwd")).toMatch(/https or http/);
  expect(await refusal("https://user@93.184.216.34/")).toMatch(/user name or password/);
  expect(await refusal("http://no-such-host.invalid/")).toMatch(/cannot be resolved|did not resolve/);
});

test("address classification", () => {
  for (const ip of ["127.0.0.1", "::1", "::ffff:10.0.0.1", "0:0:0:0:0:ffff:c0a8:0101", "fe80::abcd", "fc00::1", "not-an-ip"]) expect(isNonPublicAddress(ip)).toBe(true);
  for (const ip of ["1.1.1.1", "2001:4860:4860::8888", "::ffff:1.1.1.1"]) expect(isNonPublicAddress(ip)).toBe(false);
});

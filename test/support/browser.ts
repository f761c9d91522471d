// Real Chromium through playwright-core, started the way this machine allows: the system
// browser, headless, no sandbox (root), no background networking, a fresh profile.
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { tempDir } from "./app";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const OUTPUT_DIR = path.resolve(import.meta.dir, "../../test-output");

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Requests the page made to hosts other than loopback (must stay empty). */
  external: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
  const profile = tempDir("winnerr-chromium-");
  // A persistent context is how playwright takes a fresh --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const external: string[] = [];
  page.on("request", (r) => {
    const host = new URL(r.url()).hostname;
    if (!["127.0.0.1", "localhost", "[::1]"].includes(host) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) {
      external.push(r.url());
    }
  });
  return {
    context,
    page,
    external,
    async screenshot(name) {
      mkdirSync(OUTPUT_DIR, { recursive: true });
      const file = path.join(OUTPUT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Collects the page's script errors and console errors: a page under test should have none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  return errors;
}

/** Signs in through the login page and waits for the dashboard. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(baseUrl + "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(baseUrl + "/");
}

/**
 * Waits until htmx has run and processed every hx-* element on the page: before that (the script
 * is deferred; swapped-in content is processed after the settle delay) a change event reaches no
 * handler. A person is never that fast; a test is.
 */
export async function htmxReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    if (!(window as unknown as { htmx?: unknown }).htmx || document.readyState !== "complete") return false;
    if (document.querySelector(".htmx-swapping, .htmx-settling, .htmx-request")) return false;
    return Array.from(document.querySelectorAll("[hx-post], [hx-get]")).every((el) => "htmx-internal-data" in el);
  });
}

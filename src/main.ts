#!/usr/bin/env bun
// The CLI entry of the one executable: serve | migrate | backup FILE | openapi | --help.
import { existsSync } from "node:fs";
import path from "node:path";
import pkg from "../package.json";
import { createApp } from "./app";
import { ConfigError, parseConfig, type Config } from "./config";
import { createContext } from "./context";
import { backupTo, DB_FILENAME, openDatabase } from "./db/client";
import { runMigrations } from "./db/migrate";
import { startServer } from "./server";
import { HttpError } from "./http/errors";
import { randomSecret } from "./lib/crypto";
import { createOwner, issueSetupLink } from "./modules/setup/service";
import { runReindex } from "./modules/search/reindex";
import { systemClock } from "./lib/clock";
import { createLogger } from "./lib/log";

const HELP = `Winnerr ${pkg.version}: a self-hosted appliance for real-estate brokerages.

Usage: winnerr <command>

Commands:
  serve          Serve the web app and APIs on PORT (default 3000), data in DATA_DIR (default ./data)
  migrate        Apply pending database migrations and exit
  backup FILE    Write an online, consistent copy of the database to FILE (readers are not blocked)
  reindex        Rebuild the document search index (and, with an embedding model, re-embed every document)
  openapi        Print the OpenAPI document as JSON
  admin create --email E [--name N] [--company C] [--platform-admin] [--password-stdin]
                 Create an owner with a new organization (prints a generated password
                 unless one is given on stdin)
  healthcheck    Exit 0 when the server on PORT answers /health with 200 (for Docker HEALTHCHECK)
  --help, -h     Show this help
  --version      Print the versions of Winnerr, SQLite and sqlite-vec

Environment: PORT, HOST, DATA_DIR, PUBLIC_URL, LOG_LEVEL (see README).`;

function fail(message: string, code = 1): never {
  process.stderr.write(message.endsWith("\n") ? message : message + "\n");
  process.exit(code);
}

function loadConfig(): Config {
  try {
    return parseConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
}

async function serve() {
  const config = loadConfig();
  const ctx = await createContext(config);
  const running = startServer(createApp(ctx), ctx);
  ctx.logger.info(`Winnerr ${pkg.version} listening on ${running.url}`, {
    url: running.url,
    publicUrl: config.publicUrl,
    dataDir: config.dataDir,
  });
  const setupUrl = issueSetupLink(ctx);
  if (setupUrl) {
    // PocketBase-style installer link: the one time a secret is printed, because whoever runs the
    // appliance must be able to claim it. It works once, for 30 minutes, while no user exists.
    ctx.logger.warn(`No account exists yet. Open this link within 30 minutes to create the first owner: ${setupUrl}`);
  }
  const shutdown = async (signal: string) => {
    ctx.logger.info("shutting down", { signal });
    await running.stop();
    ctx.logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

async function migrate() {
  const config = loadConfig();
  const db = await openDatabase(config.dataDir);
  try {
    const n = runMigrations(db);
    console.log(n ? `applied ${n} migration(s)` : "database is up to date");
  } finally {
    db.close();
  }
}

async function backup(target: string | undefined) {
  if (!target) fail("usage: winnerr backup FILE");
  const config = loadConfig();
  const file = path.join(config.dataDir, DB_FILENAME);
  if (!existsSync(file)) fail(`no database at ${file} (set DATA_DIR)`);
  if (existsSync(target)) fail(`refusing to overwrite ${target}`);
  const db = await openDatabase(config.dataDir);
  try {
    backupTo(db.writer, target);
    console.log(`backup written to ${path.resolve(target)}`);
  } finally {
    db.close();
  }
}

async function reindex() {
  const config = loadConfig();
  const file = path.join(config.dataDir, DB_FILENAME);
  if (!existsSync(file)) fail(`no database at ${file} (set DATA_DIR)`);
  const db = await openDatabase(config.dataDir);
  try {
    runMigrations(db);
    const logger = createLogger("warn", (l) => process.stderr.write(l + "\n"));
    if (!(await runReindex({ db, config, clock: systemClock, logger }, process.stderr, process.stdout))) process.exitCode = 1;
  } finally {
    db.close();
  }
}

async function printOpenapi() {
  const config = { ...loadConfig(), dataDir: ":memory:", logLevel: "error" as const };
  const ctx = await createContext(config);
  const res = await createApp(ctx).handle(new Request(`${config.publicUrl}/openapi.json`));
  process.stdout.write(JSON.stringify(await res.json(), null, 2) + "\n");
  ctx.db.close();
}

async function adminCommand(args: string[]) {
  const [sub, ...rest] = args;
  if (sub !== "create") fail("usage: winnerr admin create --email E [--name N] [--company C] [--platform-admin] [--password-stdin]", 2);
  const flag = (name: string) => rest.includes(`--${name}`);
  const option = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const email = option("email");
  if (!email) fail("admin create: --email is required", 2);
  let password = randomSecret(12);
  let generated = true;
  if (flag("password-stdin")) {
    password = (await new Response(Bun.stdin.stream()).text()).replace(/\r?\n$/, "");
    generated = false;
  }
  const config = { ...loadConfig(), logLevel: "error" as const };
  const ctx = await createContext(config);
  try {
    const user = await createOwner(ctx, {
      email,
      name: option("name") ?? email.split("@")[0],
      companyName: option("company") ?? "My brokerage",
      password,
      platformAdmin: flag("platform-admin"),
    });
    console.log(`created ${user.email} (owner${user.platformAdmin ? ", platform admin" : ""})`);
    if (generated) console.log(`password: ${password}\nSign in at ${config.publicUrl}/login and change it under Account.`);
  } catch (e) {
    fail(`admin create: ${e instanceof HttpError ? [e.message, ...(e.fields ?? []).map((f) => `${f.field}: ${f.message}`)].join("; ") : (e as Error).message}`);
  } finally {
    ctx.db.close();
  }
}

async function healthcheck() {
  const config = loadConfig();
  try {
    const res = await fetch(`http://127.0.0.1:${config.port}/health`, { signal: AbortSignal.timeout(3000) });
    if (res.status !== 200) fail(`unhealthy: /health answered ${res.status}`);
    console.log("healthy");
  } catch (e) {
    fail(`unhealthy: ${(e as Error).message}`);
  }
}

async function printVersion() {
  // Opening a database proves the embedded sqlite-vec loads in this build.
  const db = await openDatabase(":memory:");
  const v = db.reader.query("SELECT sqlite_version() AS sqlite, vec_version() AS vec").get() as { sqlite: string; vec: string };
  console.log(`winnerr ${pkg.version} (sqlite ${v.sqlite}, sqlite-vec ${v.vec}, bun ${Bun.version})`);
  db.close();
}

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case "serve":
  case undefined:
    await serve();
    break;
  case "migrate":
    await migrate();
    break;
  case "backup":
    await backup(args[0]);
    break;
  case "reindex":
    await reindex();
    break;
  case "openapi":
    await printOpenapi();
    break;
  case "admin":
    await adminCommand(args);
    break;
  case "healthcheck":
    await healthcheck();
    break;
  case "--help":
  case "-h":
  case "help":
    console.log(HELP);
    break;
  case "--version":
  case "version":
    await printVersion();
    break;
  default:
    fail(`unknown command "${command}"\n\n${HELP}`, 2);
}

// Everything a running appliance holds: configuration, the database, the clock, the logger,
// the signing key and the principal resolvers. Built once by `serve`, and by each test.
import type { Config } from "./config";
import { openDatabase, type Db } from "./db/client";
import { runMigrations } from "./db/migrate";
import { systemClock, type Clock } from "./lib/clock";
import { createLogger, type Logger, type LogSink } from "./lib/log";
import { PrincipalRegistry } from "./http/principal";
import { ensureSigningKey, type SigningKey } from "./modules/keys/service";

export interface AppContext {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  signingKey: SigningKey;
  principals: PrincipalRegistry;
}

export interface ContextOptions {
  clock?: Clock;
  logSink?: LogSink;
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const clock = opts.clock ?? systemClock;
  const logger = createLogger(config.logLevel, opts.logSink);
  const db = await openDatabase(config.dataDir);
  const applied = runMigrations(db);
  if (applied) logger.info("migrations applied", { count: applied });
  const signingKey = await ensureSigningKey(db, clock);
  return { config, db, clock, logger, signingKey, principals: new PrincipalRegistry() };
}

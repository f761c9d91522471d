// Everything a running appliance holds: configuration, the database, the clock, the logger,
// the signing key and the principal resolvers. Built once by `serve`, and by each test.
import type { Config } from "./config";
import { openDatabase, type Db } from "./db/client";
import { runMigrations } from "./db/migrate";
import { systemClock, type Clock } from "./lib/clock";
import { createLogger, type Logger, type LogSink } from "./lib/log";
import { PrincipalRegistry } from "./http/principal";
import { ensureSigningKey, type SigningKey } from "./modules/keys/service";
import { createMailer, type Mailer } from "./modules/mail/service";
import type { TokenIssuer } from "./modules/identity/tokens";
import { RateLimiter } from "./http/rate-limit";
import { bearerResolver, sessionResolver } from "./modules/identity/resolvers";
import type { SetupLinkState } from "./modules/setup/service";
import { EventDispatcher } from "./modules/events/service";
import { registerEventHandlers } from "./modules/events/handlers";
import { MINUTE } from "./lib/clock";
import { loadDataKey } from "./lib/seal";
import { WebhookWorker } from "./modules/webhooks/delivery";
import { SignatureWorker } from "./modules/signatures/worker";

export interface AppContext {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  signingKey: SigningKey;
  principals: PrincipalRegistry;
  mailer: Mailer;
  tokens: TokenIssuer;
  setupLink: SetupLinkState;
  events: EventDispatcher;
  /** Seals secrets the appliance must use again (webhook signing keys); kept in DATA_DIR/secrets, not the database. */
  dataKey: Uint8Array;
  webhooks: WebhookWorker;
  /** Expiry, reminders and sealing of signature envelopes. */
  signatures: SignatureWorker;
  limits: {
    /** Failed sign-ins per account (email) and per client address. */
    loginAccount: RateLimiter;
    loginIp: RateLimiter;
    /** The public signer routes, per client address (the spec's figures). */
    signGet: RateLimiter;
    signPost: RateLimiter;
  };
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
  const dataKey = loadDataKey(config.dataDir);
  const ctx: AppContext = {
    config,
    db,
    clock,
    logger,
    signingKey,
    principals: new PrincipalRegistry(),
    mailer: createMailer(config, db, clock, logger),
    tokens: { key: signingKey, issuer: config.publicUrl, clock },
    setupLink: {},
    events: new EventDispatcher(db, clock, logger),
    dataKey,
    webhooks: new WebhookWorker({ db, clock, logger, dataKey, config }),
    signatures: new SignatureWorker(() => ctx, logger),
    limits: {
      loginAccount: new RateLimiter(5, 15 * MINUTE, clock),
      loginIp: new RateLimiter(30, 15 * MINUTE, clock),
      signGet: new RateLimiter(60, MINUTE, clock),
      signPost: new RateLimiter(30, MINUTE, clock),
    },
  };
  ctx.principals.add(bearerResolver(ctx)).add(sessionResolver(ctx));
  registerEventHandlers(ctx);
  return ctx;
}

import { t } from "elysia";
import { Int, Pagination, pageQueryFields } from "../../http/shapes";
import { EVENT_NAMES } from "../events/service";

const Nullable = <T extends Parameters<typeof t.Union>[0][number]>(s: T) => t.Union([s, t.Null()]);

export const EVENTS_ERROR = `events must be a non-empty list of event names (${EVENT_NAMES.join(", ")}) or ["*"] for all`;

export const EventFilter = t.UnionEnum([...EVENT_NAMES, "*"], { description: 'An event name, or "*" for every event', error: EVENTS_ERROR });

export const Webhook = t.Object({
  id: t.String({ examples: ["wh_3k9x0c1q7m2n4b5v6z8a"] }),
  url: t.String(),
  events: t.Array(t.String()),
  active: t.Boolean({ description: "false pauses it: events meanwhile are not sent to it, and retries already queued wait until it is active again" }),
  secretLastFour: t.String({ description: "The end of the signing secret, to tell secrets apart; the secret itself is shown only once" }),
  createdAt: t.String(),
  updatedAt: t.String(),
});

const Url = t.String({ minLength: 1, maxLength: 2048, error: "url must be an http(s) URL of at most 2048 characters" });
const Events = t.Array(EventFilter, { minItems: 1, maxItems: EVENT_NAMES.length + 1, error: EVENTS_ERROR });

export const WebhookBody = t.Object({
  url: Url,
  events: Events,
  active: t.Optional(t.Boolean()),
});
export const WebhookPatch = t.Partial(WebhookBody);

export const WithSecret = t.Object({
  webhook: Webhook,
  secret: t.String({ description: "whsec_…: the HMAC-SHA256 key for Winnerr-Signature. Shown in this response only; store it now." }),
});

export const Attempt = t.Object({
  attempt: Int(),
  statusCode: Nullable(Int()),
  error: Nullable(t.String()),
  durationMs: Int(),
  at: t.String(),
});

// Literals rather than t.UnionEnum: in a query Elysia fills an absent UnionEnum with its first value.
export const DeliveryStatus = t.Union([t.Literal("pending"), t.Literal("succeeded"), t.Literal("failed")], { error: "status must be pending, succeeded or failed" });

export const Delivery = t.Object({
  id: t.String({ description: "Sent as Winnerr-Webhook-Id; the same on every retry" }),
  eventId: t.String(),
  event: t.String(),
  status: DeliveryStatus,
  attempts: Int(),
  lastStatusCode: Nullable(Int()),
  lastError: Nullable(t.String()),
  nextAttemptAt: Nullable(t.String()),
  createdAt: t.String(),
  deliveredAt: Nullable(t.String()),
  log: t.Array(Attempt),
});

export const DeliveriesQuery = t.Object({ ...pageQueryFields(25), status: t.Optional(DeliveryStatus) });
export const DeliveryList = t.Object({ deliveries: t.Array(Delivery), pagination: Pagination });

export const IdParams = t.Object({ id: t.String({ maxLength: 64 }) });

// Every in-process reaction to events, registered in one place so the order is visible:
// deal-stage advance runs before the checklist spawn, which looks at the advanced stage.
import type { AppContext } from "../../context";
import { registerDealHandlers } from "../deals/handlers";
import { registerWebhookHandlers } from "../webhooks/handlers";
import { registerObligationHandlers } from "../obligations/handlers";
import { registerSearchHandlers } from "../search/handlers";

export function registerEventHandlers(ctx: AppContext): void {
  registerDealHandlers(ctx);
  registerObligationHandlers(ctx);
  registerSearchHandlers(ctx);
  registerWebhookHandlers(ctx);
}

// Outbox handlers of the obligations tracker. Scaffold: helper fills.
import type { AppContext } from "../../context";

export function registerObligationHandlers(ctx: AppContext): void {
  void ctx;
}

// Outbox handlers that keep the search index current. Scaffold: helper fills.
import type { AppContext } from "../../context";

export function registerSearchHandlers(ctx: AppContext): void {
  void ctx;
}

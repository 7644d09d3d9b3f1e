/**
 * Every `/v1/data` and `/v1/audit` route, registered together.
 */
import type { App, DataRouteContext } from "../../../types.ts";
import { deleteReaderRoute } from "./delete-reader.ts";
import { getAuditRoute } from "./get-audit.ts";
import { getDataRoute } from "./get-data.ts";
import { listDataRoute } from "./list-data.ts";
import { putDataRoute } from "./put-data.ts";
import { putReaderRoute } from "./put-reader.ts";

/**
 * Registers the data routes on `app`.
 *
 * @example
 * ```ts
 * await registerDataRoutes(app, { ...context, records });
 * ```
 */
export async function registerDataRoutes(app: App, context: DataRouteContext): Promise<void> {
  await app.register(putDataRoute, context);
  await app.register(getDataRoute, context);
  await app.register(putReaderRoute, context);
  await app.register(deleteReaderRoute, context);
  await app.register(listDataRoute, context);
  await app.register(getAuditRoute, context);
}

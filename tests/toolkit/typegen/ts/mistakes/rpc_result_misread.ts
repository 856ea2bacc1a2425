// A mistake tsc must catch: check_usage_limit returns rows, not one object.
import type { Client } from "../src/data"

export async function allowed(db: Client): Promise<boolean> {
  const { data } = await db.rpc("check_usage_limit", { p_resource: "upload" })
  return data!.allowed // MISTAKE: allowed
}

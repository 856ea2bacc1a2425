// A mistake tsc must catch: check_usage_limit has no argument p_resourse.
import type { Client } from "../src/data"

export async function allowance(db: Client) {
  return db.rpc("check_usage_limit", { p_resourse: "upload" }) // MISTAKE: p_resourse
}

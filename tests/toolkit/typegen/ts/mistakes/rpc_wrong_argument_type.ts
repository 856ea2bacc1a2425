// A mistake tsc must catch: p_range is an integer, not a string.
import type { Client } from "../src/data"

export async function series(db: Client) {
  return db.rpc("creator_analytics_timeseries", { p_range: "30" }) // MISTAKE: p_range
}

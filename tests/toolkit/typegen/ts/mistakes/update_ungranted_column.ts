// A mistake tsc must catch: like_count is kept by a trigger; the API roles may not update it.
import type { Client } from "../src/data"

export async function cheat(db: Client) {
  await db.from("mashups").update({ like_count: 1000 }).eq("id", "m") // MISTAKE: like_count
}

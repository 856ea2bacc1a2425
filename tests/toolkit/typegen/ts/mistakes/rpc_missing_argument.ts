// A mistake tsc must catch: match_mashups needs p_query.
import type { Client } from "../src/data"

export async function similar(db: Client) {
  return db.rpc("match_mashups", { p_k: 5 }) // MISTAKE: p_query
}

// A mistake tsc must catch: there is no function match_mashup.
import type { Client } from "../src/data"

export async function similar(db: Client) {
  return db.rpc("match_mashup", { p_query: "[1]" }) // MISTAKE: match_mashup
}

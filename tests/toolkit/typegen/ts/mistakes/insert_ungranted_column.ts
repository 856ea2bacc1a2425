// A mistake tsc must catch: battle_votes.created_at exists, but the API roles may not set it.
import type { Client } from "../src/data"

export async function vote(db: Client) {
  await db.from("battle_votes").insert({
    battle_id: "b",
    entry_id: "e",
    user_id: "u",
    created_at: "2020-01-01", // MISTAKE: created_at
  })
}

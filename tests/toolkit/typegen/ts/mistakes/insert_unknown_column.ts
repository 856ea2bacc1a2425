// A mistake tsc must catch: a column battle_votes does not have.
import type { Client } from "../src/data"

export async function vote(db: Client) {
  await db.from("battle_votes").insert({
    battle_id: "b",
    entry_id: "e",
    user_id: "u",
    votes: 1, // MISTAKE: votes
  })
}

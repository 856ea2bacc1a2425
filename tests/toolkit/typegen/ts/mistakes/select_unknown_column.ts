// A mistake tsc must catch: selecting a column mashups does not have.
import type { Client } from "../src/data"

export async function page(db: Client) {
  const { data } = await db.from("mashups").select("id, titel").single()
  const title: string | undefined = data?.titel // MISTAKE: titel
  return title
}

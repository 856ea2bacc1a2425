// An app's data layer on supabase-js, typed by the file `mashdb types` generates
// (generated/database.ts, written by the test). It must typecheck as it is.
import { createClient, type SupabaseClient } from "@supabase/supabase-js"
import type { Database, Tables, TablesInsert, TablesUpdate } from "../generated/database"

export type Client = SupabaseClient<Database>

export function connect(url: string, anonKey: string): Client {
  return createClient<Database>(url, anonKey)
}

export async function castVote(db: Client, battleId: string, entryId: string, userId: string) {
  const vote: TablesInsert<"battle_votes"> = {
    battle_id: battleId,
    entry_id: entryId,
    user_id: userId,
  }
  const { data, error } = await db
    .from("battle_votes")
    .insert(vote)
    .select("id, battle_id, entry_id, created_at")
    .single()
  if (error) throw error
  const id: string = data.id
  const at: string = data.created_at
  return { id, at }
}

export async function uploadAllowance(db: Client, resource: string) {
  const { data, error } = await db.rpc("check_usage_limit", { p_resource: resource })
  if (error) throw error
  const row = data[0]
  const allowed: boolean = row.allowed
  const remaining: number = row.remaining
  const tier: string = row.tier
  return { allowed, remaining, tier, limit: row.limit }
}

export async function similarMashups(db: Client, embedding: number[], genre: string) {
  const { data, error } = await db.rpc("match_mashups", {
    p_query: JSON.stringify(embedding),
    p_k: 10,
    p_filters: { genre },
  })
  if (error) throw error
  return data.map((m) => {
    const tags: string[] = m.tags
    const similarity: number = m.similarity
    return { id: m.id, title: m.title, tags, similarity }
  })
}

export async function playsPerDay(db: Client) {
  const { data, error } = await db.rpc("creator_analytics_timeseries", {
    p_period: "day",
    p_range: 90,
  })
  if (error) throw error
  return data.map((point) => {
    const day: string = point.bucket
    const plays: number = point.plays
    return { day, plays, likes: point.likes }
  })
}

export async function defaultSeries(db: Client) {
  const { data } = await db.rpc("creator_analytics_timeseries")
  return data?.length ?? 0
}

export async function mashupPage(db: Client, id: string) {
  const { data, error } = await db
    .from("mashups")
    .select("id, title, genre, tags, like_count, published_at, creator:profiles(username)")
    .eq("id", id)
    .single()
  if (error) throw error
  const title: string = data.title
  const genre: string | null = data.genre
  const tags: string[] = data.tags
  const likes: number = data.like_count
  const creator: string | null = data.creator.username
  return { title, genre, tags, likes, creator, published: data.published_at }
}

export async function retitle(db: Client, id: string, title: string) {
  const change: TablesUpdate<"mashups"> = { title, visibility: "public" }
  const { error } = await db.from("mashups").update(change).eq("id", id)
  if (error) throw error
}

export function card(row: Tables<"mashups">): string {
  return `${row.title} (${row.genre ?? "no genre"})`
}

export async function mashupById(db: Client, id: string) {
  const { data, error } = await db.rpc("get_mashup", { p_mashup_id: id }).select("id, title")
  if (error) throw error
  const titles: string[] = data.map((m) => m.title)
  return titles
}

export async function myBadgeCount(db: Client, userId: string): Promise<number> {
  const { count, error } = await db
    .from("user_badges")
    .select("*", { count: "exact", head: true })
    .eq("user_id", userId)
  if (error) throw error
  return count ?? 0
}

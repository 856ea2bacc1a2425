// What the types generated from tests/toolkit/typegen/case.sql must allow, and must refuse: tsc
// fails on a line after an expect-error directive that compiles.
import type {
  CompositeTypes,
  Database,
  Enums,
  Tables,
  TablesInsert,
  TablesUpdate,
} from "../generated/case"
import { Constants } from "../generated/case"

type Case = Database["typegen_case"]
type Fns = Case["Functions"]

// Row: every selectable column, nullable where the column is; arrays, enums, json,
// composite, numeric, uuid, timestamps, domains and vectors mapped.
export const row: Tables<"items"> = {
  id: 1,
  seq: 2,
  code: "6d7c5f0e-3c5e-4d6f-9f40-1b1e8d1c2a3b",
  name: "n",
  nick: null,
  note: null,
  mood: "happy",
  moods: ["sad", "so-so"],
  tags: [],
  price: 1.5,
  doubled: 3,
  created_at: "2020-01-01T00:00:00Z",
  payload: { a: [1, null, "x"] },
  spot: { x: 1, y: 2, label: null },
  embedding: "[1,2,3]",
}
// @ts-expect-error the API roles may not select secret
row.secret
// @ts-expect-error name is not nullable
export const nullName: Tables<"items">["name"] = null
// @ts-expect-error moods holds enum labels
export const badMoods: Tables<"items">["moods"] = ["angry"]

// Insert: required without default, optional with one, never when generated or not granted.
export const minimal: TablesInsert<"items"> = { name: "n", price: 1 }
export const full: TablesInsert<"items"> = { name: "n", price: 1, seq: 5, note: null, mood: "sad" }
// @ts-expect-error name is required
export const noName: TablesInsert<"items"> = { price: 1 }
// @ts-expect-error id is an identity ALWAYS column
export const withId: TablesInsert<"items"> = { name: "n", price: 1, id: 5 }
// @ts-expect-error doubled is a generated column
export const withDoubled: TablesInsert<"items"> = { name: "n", price: 1, doubled: 2 }
// @ts-expect-error created_at is not granted for insert
export const withCreated: TablesInsert<"items"> = { name: "n", price: 1, created_at: "2020" }
// @ts-expect-error not a label of mood
export const badMood: TablesInsert<"items"> = { name: "n", price: 1, mood: "angry" }

// Update: everything optional; only the granted columns settable.
export const rename: TablesUpdate<"items"> = { name: "m", note: null }
// @ts-expect-error price is not granted for update
export const reprice: TablesUpdate<"items"> = { price: 2 }

// A table no API role may reach is not there.
// @ts-expect-error hidden has no grant
export type Hidden = Case["Tables"]["hidden"]

// Relationships: the foreign keys, one-to-one when their columns are a key.
type Link = Case["Tables"]["item_links"]["Relationships"][number]
export const byItem: Link = {
  foreignKeyName: "item_links_item_id_fkey",
  columns: ["item_id"],
  isOneToOne: true,
  referencedRelation: "items",
  referencedColumns: ["id"],
}
export const byOther: Link = {
  foreignKeyName: "item_links_other_id_fkey",
  columns: ["other_id"],
  isOneToOne: false,
  referencedRelation: "items",
  referencedColumns: ["id"],
}
// @ts-expect-error other_id is not unique: not one-to-one
export const wrongLink: Link = {
  foreignKeyName: "item_links_other_id_fkey",
  columns: ["other_id"],
  isOneToOne: true,
  referencedRelation: "items",
  referencedColumns: ["id"],
}

// Views: columns nullable; Insert and Update only on an auto-updatable view.
export const nameRow: Tables<"item_names"> = { id: null, name: null }
export const nameInsert: Case["Views"]["item_names"]["Insert"] = { name: "x" }
export const counts: Tables<"item_counts"> = { mood: "sad", n: 2 }
// @ts-expect-error a grouped view is not updatable
export type CountsInsert = Case["Views"]["item_counts"]["Insert"]
export const stats: Tables<"item_stats"> = { total: 1 }

// Functions.
export const addInts: Extract<Fns["add"], { Args: { a: number } }>["Returns"] = 3
export const addTexts: Extract<Fns["add"], { Args: { a: string } }>["Returns"] = "ab"
// @ts-expect-error no overload of add takes a number and returns a string
export const addMixed: Extract<Fns["add"], { Args: { a: number } }>["Returns"] = "ab"
export const listArgs: Fns["list_items"]["Args"] = {}
export const listed: Fns["list_items"]["Returns"] = [row]
export const listedTo: Fns["list_items"]["SetofOptions"]["to"] = "items"
export const one: Fns["one_item"]["Returns"] = row
// @ts-expect-error one_item returns one row, not an array
export const oneAsArray: Fns["one_item"]["Returns"] = [row]
export const ids: Fns["item_ids"]["Returns"] = [1, 2]
export const pairs: Fns["pairs"]["Returns"] = [{ n: 1, label: "a" }]
// @ts-expect-error pairs needs p_n
export const pairsArgs: Fns["pairs"]["Args"] = {}
export const bounds: Fns["bounds"]["Returns"] = { low: 1, high: 2 }
export const echoArgs: Fns["echo"]["Args"] = { "": { a: 1 } }
export const mood: Fns["mood_of"]["Returns"] = "so-so"
export const spot: Fns["at_point"]["Returns"] = { x: 1, y: null, label: "p" }
export const nothing: Fns["nothing"]["Returns"] = undefined
// @ts-expect-error positional(int) cannot be called by argument name
export type Positional = Fns["positional"]
// @ts-expect-error only service_role may execute admin_only
export type AdminOnly = Fns["admin_only"]
// @ts-expect-error a trigger function is not an RPC
export type Touch = Fns["touch"]

// Enums, composite types and the enum constants.
export const happy: Enums<"mood"> = "happy"
// @ts-expect-error not a label of mood
export const angry: Enums<{ schema: "typegen_case" }, "mood"> = "angry"
export const point: CompositeTypes<"point"> = { x: 1, y: 2, label: null }
export const labels: readonly ["happy", "sad", "so-so"] = Constants.typegen_case.Enums.mood

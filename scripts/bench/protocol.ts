/** Messages between the measuring process and the server process it starts. */

export type ParentMessage = { id: number; op: "indexed" | "count" | "liveHeap" | "settle" | "stop" };

export type ChildMessage =
  | { type: "ready"; port: number; engine: string }
  | { type: "failed"; error: string }
  | { type: "reply"; id: number; result?: number; error?: string };

/** Produces prefixed, time-ordered unique ids (`camp_01H…`). */
export interface IdGenerator {
  /** A new id `<prefix>_<ULID>`; ids from one generator sort in creation order. */
  next(prefix: "camp" | "run" | "grp" | "msg" | "req" | "ws"): string;
}

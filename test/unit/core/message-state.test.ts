import { describe, expect, test } from "vitest";
import { canMoveMessage, DELIVERED_OR_SENT, type MessageStatus } from "../../../core/index.ts";

const STATUSES: readonly MessageStatus[] = ["PENDING", "QUEUED", "SENT", "DELIVERED", "FAILED", "SKIPPED"];

/**
 * SPEC §4: PENDING (not handed over) -> QUEUED (handed, not confirmed) -> SENT/FAILED; SKIPPED when suppressed at
 * send time; a batch cut short puts QUEUED back to PENDING; delivery reports move SENT to DELIVERED or FAILED and
 * nothing ever leaves DELIVERED, FAILED or SKIPPED.
 */
const ALLOWED: Readonly<Record<MessageStatus, readonly MessageStatus[]>> = {
  PENDING: ["QUEUED", "SKIPPED"],
  QUEUED: ["SENT", "FAILED", "SKIPPED", "PENDING"],
  SENT: ["DELIVERED", "FAILED"],
  DELIVERED: [],
  FAILED: [],
  SKIPPED: [],
};

const pairs = STATUSES.flatMap((from) => STATUSES.map((to) => ({ from, to, allowed: ALLOWED[from].includes(to) })));

describe("message state machine", () => {
  test.each(pairs.filter((p) => p.allowed))("a $from message may become $to", ({ from, to }) => {
    expect(canMoveMessage(from, to)).toBe(true);
  });

  test.each(pairs.filter((p) => !p.allowed))("a $from message never becomes $to", ({ from, to }) => {
    expect(canMoveMessage(from, to)).toBe(false);
  });

  test("36 pairs, 8 allowed; a message never moves back from SENT to QUEUED or PENDING", () => {
    expect(pairs).toHaveLength(36);
    expect(pairs.filter((p) => p.allowed)).toHaveLength(8);
    expect(canMoveMessage("SENT", "PENDING")).toBe(false);
    expect(canMoveMessage("SENT", "QUEUED")).toBe(false);
    expect(canMoveMessage("DELIVERED", "SENT")).toBe(false);
  });

  test("retry filtering treats exactly SENT and DELIVERED as reached", () => {
    expect([...DELIVERED_OR_SENT]).toEqual(["SENT", "DELIVERED"]);
  });
});

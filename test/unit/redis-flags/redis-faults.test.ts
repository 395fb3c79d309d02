import { ClientClosedError, ClientOfflineError, ErrorReply, SocketClosedUnexpectedlyError, TimeoutReadError } from "redis";
import { describe, expect, test } from "vitest";
import { StoreUnavailableError } from "../../../core/domain/result.ts";
import { toStoreFault } from "../../../adapters/redis-flags/redis-faults.ts";

describe("toStoreFault", () => {
  test.each([
    ["offline (reconnecting)", new ClientOfflineError()],
    ["closed", new ClientClosedError()],
    ["socket closed", new SocketClosedUnexpectedlyError()],
    ["no reply in time", new TimeoutReadError(1000)],
    ["loading after a restart", new ErrorReply("LOADING Redis is loading the dataset in memory")],
    ["a replica that cannot take writes", new ErrorReply("READONLY You can't write against a read only replica.")],
    ["a plain socket error", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" })],
  ])("an outage (%s) becomes StoreUnavailableError, keeping the cause", (_, cause) => {
    const fault = toStoreFault("flag store", cause);
    expect(fault).toBeInstanceOf(StoreUnavailableError);
    expect(fault.cause).toBe(cause);
  });

  test("a wrong command or wrong key type is a bug and passes through unchanged", () => {
    const wrongType = new ErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value");
    expect(toStoreFault("flag store", wrongType)).toBe(wrongType);
  });

  test("a StoreUnavailableError is not wrapped twice", () => {
    const already = new StoreUnavailableError("flag store");
    expect(toStoreFault("flag store", already)).toBe(already);
  });
});

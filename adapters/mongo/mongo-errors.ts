/**
 * Driver errors, sorted into the two kinds the engine cares about: "the store is unreachable" (thrown on as
 * `StoreUnavailableError`, which the edge maps to 503 and the worker to "send nothing") and duplicate keys
 * (the expected outcome of the unique indexes some writes rely on).
 * @module
 */
import {
  MongoBulkWriteError,
  MongoClientClosedError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerClosedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from "mongodb";
import { StoreUnavailableError } from "../../core/domain/result.ts";

const DUPLICATE_KEY = 11000;

/** Whether `error` means the server cannot be reached (or the client was closed), not a bad operation. */
export function isUnavailable(error: unknown): boolean {
  // A bulk write wraps a driver fault (such as "topology closed") in a MongoBulkWriteError with no write errors.
  if (error instanceof MongoBulkWriteError && error.errorResponse instanceof Error) return isUnavailable(error.errorResponse);
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoClientClosedError ||
    error instanceof MongoServerClosedError ||
    error instanceof MongoNotConnectedError
  );
}

/** Runs `operation`, turning "unreachable" driver errors into `StoreUnavailableError(store)`. */
export async function guarded<T>(store: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isUnavailable(error)) throw new StoreUnavailableError(store, error);
    throw error;
  }
}

/** A single write refused by a unique index. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoError && error.code === DUPLICATE_KEY;
}

/**
 * For an unordered bulk write whose only failures are duplicate keys (rows that already exist, left as
 * they are): how many documents it did insert. Any other failure is rethrown.
 */
export function insertedDespiteDuplicates(error: unknown): number {
  if (!(error instanceof MongoBulkWriteError)) throw error;
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  const onlyDuplicates = writeErrors.length > 0 && writeErrors.every((e) => e.code === DUPLICATE_KEY);
  if (!onlyDuplicates || error.err !== undefined) throw error;
  return error.insertedCount;
}

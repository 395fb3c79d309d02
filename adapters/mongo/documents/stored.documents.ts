import type { Document } from "mongodb";

/**
 * Every collection here keys its documents by a string (the domain id or an idempotency key), never by an
 * ObjectId; typing collections with this tells the driver so.
 */
export interface Stored extends Document {
  _id: string;
}

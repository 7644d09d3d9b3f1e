/**
 * The refusals of the records service, each an {@link HttpError} with a stable code, so the HTTP layer answers
 * `{ error: { code, message } }` without mapping. Messages name what was wrong, never a key, slot or ciphertext.
 */
import { HttpError } from "../errors.ts";

/**
 * Parameters shared by every records refusal.
 *
 * @example
 * ```ts
 * throw new RecordRequestError("The record was not found.", { statusCode: 404, code: "RECORD_NOT_FOUND" });
 * ```
 */
export type RecordRequestErrorParameters = { statusCode: number; code: string; details?: string };

/**
 * A data-route request the node refuses: bad envelope, not the owner, not granted, unknown record, …
 *
 * Codes: `CHAIN_UNSUPPORTED` (400), `CHAIN_NOT_SYNCED` (503), `SESSION_CHAIN_MISMATCH` (403), `INVALID_ADDRESS`
 * (400), `DATA_NOT_ANCHORED` (409), `NOT_OWNER` (403), `DELETION_PENDING` (409), `INVALID_ENVELOPE` (400),
 * `UNSUPPORTED_ENVELOPE_VERSION` (400), `ENVELOPE_MISMATCH` (400), `ENVELOPE_HAS_READER_SLOTS` (400),
 * `ENVELOPE_TOO_LARGE` (413), `INVALID_READER_SLOT` (400), `DUPLICATE_READER` (400), `READER_KEY_NOT_REGISTERED`
 * (400), `RECORD_NOT_FOUND` (404), `RECORD_CHANGED` (409), `NOT_GRANTED` (403), `BLOCK_UNAVAILABLE` (503); on signed
 * writes `WRITE_IN_FUTURE` (400), `STALE_WRITE` (409), `WRITE_SIGNATURE_INVALID` (403),
 * `PERMISSION_ISSUER_MISMATCH` (403), `PERMISSION_EXPIRED` (403), `PERMISSION_INVALID` (403).
 *
 * @example
 * ```ts
 * throw new RecordRequestError("Only the data's owner may write it.", { statusCode: 403, code: "NOT_OWNER" });
 * ```
 */
export class RecordRequestError extends HttpError {
  override name = "RecordRequestError";

  constructor(shortMessage: string, { statusCode, code, details }: RecordRequestErrorParameters) {
    super(shortMessage, { statusCode, code, details });
  }
}

/**
 * Shorthand for a 400 {@link RecordRequestError}.
 *
 * @example
 * ```ts
 * throw badRequest("INVALID_ENVELOPE", "The envelope cannot be decoded.", "truncated: nonce needs 24 bytes");
 * ```
 */
export function badRequest(code: string, message: string, details?: string): RecordRequestError {
  return new RecordRequestError(message, { statusCode: 400, code, details });
}

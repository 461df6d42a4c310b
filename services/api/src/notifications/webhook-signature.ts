import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The headers every delivery carries (docs/api.md shows a receiver checking them). */
export const SIGNATURE_HEADER = 'x-mnemo-signature';
export const TIMESTAMP_HEADER = 'x-mnemo-timestamp';
export const EVENT_HEADER = 'x-mnemo-event';
export const DELIVERY_HEADER = 'x-mnemo-delivery';

/** How old a signed timestamp a receiver should accept, against replays of a captured request. */
export const REPLAY_WINDOW_SECONDS = 300;

/** A new endpoint's secret: 32 random bytes, shown to its owner once. */
export const newEndpointSecret = () => `whsec_${randomBytes(32).toString('hex')}`;

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed by the endpoint's secret>`. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (and the tests do): recompute the signature over the raw body, compare in
 * constant time, and refuse a timestamp outside the replay window.
 */
export function verifySignature(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isSafeInteger(timestamp)) return false;
  if (Math.abs(nowSeconds - timestamp) > REPLAY_WINDOW_SECONDS) return false;
  const expected = Buffer.from(signature(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

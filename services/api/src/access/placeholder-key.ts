import { randomBytes } from 'node:crypto';

/**
 * The server secret that keys restricted placeholders' ids (HMAC), so an id cannot be confirmed by
 * hashing a guess offline. `npm start` sets it from MNEMO_PLACEHOLDER_KEY or its 0600 file
 * (platform/secret-file.ts); every replica must use the same one, or two replicas show one hidden
 * node under two ids. Until it is set (tests, tools in one process), a random key for this process.
 */
let key: Buffer = randomBytes(32);

export function usePlaceholderKey(secret: string): void {
  if (secret.length < 32) throw new Error('The placeholder key must be at least 32 characters long.');
  key = Buffer.from(secret, 'utf8');
}

export const placeholderKey = (): Buffer => key;

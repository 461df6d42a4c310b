// The demo's webhook receiver: `npm start` runs it on 127.0.0.1 (MNEMO_DEMO_WEBHOOK_PORT, 4010) and
// the demo organisation's endpoint points here. It checks each delivery's signature as any receiver
// should (docs/api.md, "Verifying a delivery") and prints one line per delivery.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const port = Number(process.env.MNEMO_DEMO_WEBHOOK_PORT ?? 4010);
const secretFile = process.env.MNEMO_DEMO_WEBHOOK_SECRET_FILE;
const REPLAY_WINDOW_SECONDS = 300;

/** The endpoint's secret: written by the demo loader at the first start, read when a delivery arrives. */
function secret() {
  try {
    return secretFile ? readFileSync(secretFile, 'utf8').trim() : null;
  } catch {
    return null;
  }
}

function verified(headers, body) {
  const key = secret();
  const timestamp = Number(headers['x-mnemo-timestamp']);
  const given = String(headers['x-mnemo-signature'] ?? '');
  if (!key) return 'not checked (no secret file)';
  if (Math.abs(Date.now() / 1000 - timestamp) > REPLAY_WINDOW_SECONDS) return 'REFUSED: timestamp outside 5 minutes';
  const expected = `v1=${createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex')}`;
  const ok = expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
  return ok ? 'signature ok' : 'REFUSED: bad signature';
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const check = verified(req.headers, body);
    let line = body.slice(0, 200);
    try {
      const event = JSON.parse(body);
      line = `${event.event} ${event.subject?.id} → ${event.recipient} (${event.reason}): ${event.message}`;
    } catch {
      // printed as received
    }
    console.log(`[webhook] #${req.headers['x-mnemo-delivery'] ?? '?'} ${check}: ${line}`);
    res.writeHead(check.startsWith('REFUSED') ? 401 : 204).end();
  });
}).listen(port, '127.0.0.1', () => console.log(`[webhook] demo receiver on http://127.0.0.1:${port}/mnemo`));

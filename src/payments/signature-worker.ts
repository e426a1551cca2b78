import { parentPort } from 'node:worker_threads';
import type { CheckReply, CheckRequest } from './signature-check.ts';
import { KeyCache, verifyHex } from './voucher.ts';

/** A signature-check worker (booted by signature-worker-boot.mjs): items in, one boolean each out. */
if (parentPort === null) throw new Error('signature-worker must run in a worker thread');
const port = parentPort;
const keys = new KeyCache();
port.on('message', (request: CheckRequest) => {
  let reply: CheckReply;
  try {
    reply = {
      id: request.id,
      ok: request.items.map((i) => verifyHex(keys.get(i.public_key), i.bytes, i.signature)),
    };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});

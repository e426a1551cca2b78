import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Connections kept open to the node per driver. */
export const DRIVER_SOCKETS_MAX = 32;
/** A request the node has not answered in this long is a failure. */
export const DRIVER_REQUEST_TIMEOUT_MS = 30_000;
/** Bytes of a response body read at most (a batch result of 8,190 transfers is well under). */
const RESPONSE_BYTES_MAX = 16 << 20;

export interface HttpReply {
  readonly status: number;
  readonly body: unknown;
}

/** A thrown reply: what the node refused, with its problem code. */
export class DriveError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DriveError';
  }
}

/** A small JSON client for the node's API: keep-alive sockets, bearer keys, problem bodies kept. */
export class NodeClient {
  private readonly base: URL;
  private readonly agent: Agent;
  private readonly send: typeof request;

  constructor(target: string) {
    this.base = new URL(target);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:')
      throw new Error(`--target must be an http(s) URL, not ${target}`);
    const https = this.base.protocol === 'https:';
    this.agent = https
      ? new HttpsAgent({ keepAlive: true, maxSockets: DRIVER_SOCKETS_MAX })
      : new Agent({ keepAlive: true, maxSockets: DRIVER_SOCKETS_MAX });
    this.send = https ? (httpsRequest as typeof request) : request;
  }

  call(method: string, path: string, key: string, body?: unknown): Promise<HttpReply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const url = new URL(path, this.base);
    return new Promise((resolve, reject) => {
      const req = this.send(
        url,
        {
          method,
          agent: this.agent,
          timeout: DRIVER_REQUEST_TIMEOUT_MS,
          headers: {
            authorization: `Bearer ${key}`,
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > RESPONSE_BYTES_MAX) req.destroy(new Error('response larger than the driver reads'));
            else chunks.push(c);
          });
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text === '' ? {} : JSON.parse(text);
            } catch {
              // Not JSON: kept as text for the error message.
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${path}: no answer in ${DRIVER_REQUEST_TIMEOUT_MS} ms`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** A call that must succeed (2xx); anything else is thrown as a DriveError with the problem's code. */
  async ok(method: string, path: string, key: string, body?: unknown): Promise<Record<string, unknown>> {
    const r = await this.call(method, path, key, body);
    if (r.status >= 200 && r.status < 300) return r.body as Record<string, unknown>;
    throw problem(method, path, r);
  }

  close(): void {
    this.agent.destroy();
  }
}

export function problem(method: string, path: string, r: HttpReply): DriveError {
  const b = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Record<string, unknown>;
  const code = typeof b.code === 'string' ? b.code : `http_${r.status}`;
  const detail = typeof b.detail === 'string' ? b.detail : String(r.body).slice(0, 200);
  return new DriveError(r.status, code, `${method} ${path}: ${r.status} ${code}: ${detail}`);
}

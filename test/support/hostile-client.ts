import { Agent, request } from 'node:http';
import { sql } from 'kysely';
import { openSecurityDb } from '../../src/store/security-db.ts';

export interface Sent {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface Got {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

/** Keep-alive HTTP to a node, `concurrency` requests at a time. */
export function httpClient(base: string, concurrency: number) {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const send = (r: Sent): Promise<Got> =>
    new Promise((resolve, reject) => {
      const req = request(
        { agent, host: url.hostname, port: url.port, method: r.method, path: r.path, headers: r.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: String(res.headers['content-type'] ?? ''),
              body: Buffer.concat(chunks).toString(),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(r.body);
    });
  return {
    send,
    async fire(requests: readonly Sent[]): Promise<Array<{ sent: Sent; got: Got }>> {
      const out: Array<{ sent: Sent; got: Got }> = [];
      let next = 0;
      const worker = async () => {
        while (next < requests.length) {
          const sent = requests[next++]!;
          out.push({ sent, got: await send(sent) });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return out;
    },
    destroy: () => agent.destroy(),
  };
}

/** Tables whose rows move with time alone (cursors, checkpoints), not with requests. */
const MOVING_TABLES = ['cursors', 'audit_checkpoints', 'audit_guard', 'meta'];

/** Row counts of every other table of a node's database (read beside the running node). */
export async function tableCounts(dir: string, url: string | undefined): Promise<Record<string, number>> {
  const db = await openSecurityDb({ dataDir: dir, databaseUrl: url });
  try {
    const listed =
      db.dialect === 'sqlite'
        ? sql<{
            name: string;
          }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`
        : sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`;
    const tables = (await listed.execute(db.db)).rows.map((r) => r.name);
    const counts: Record<string, number> = {};
    for (const t of tables.filter((x) => !MOVING_TABLES.includes(x)).sort()) {
      const n = (await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(db.db)).rows[0]!
        .n;
      counts[t] = Number(n);
    }
    return counts;
  } finally {
    await db.close();
  }
}

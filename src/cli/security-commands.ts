import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { addSealKey, KEYRING_ENV_VAR, Keyring, sm2PublicKeyFromPem } from '../crypto/index.ts';
import { isTongbaoError } from '../errors/index.ts';
import {
  createKeyOffline,
  getKey,
  insertKey,
  KEYRING_FILE,
  listKeys,
  loadSigningPublicKey,
  outboxWrite,
  prepareRotation,
  presentKey,
  publicKeyFingerprint,
  ROLES,
  resealAll,
  revokeKeyWrite,
  verifyAudit,
} from '../security/index.ts';
import { expireKeyWrite } from '../security/key-store.ts';
import { openSecurityDb, type SecurityDb } from '../store/security-db.ts';
import { nodeOptions, parseCount } from './options.ts';

const err = (line: string) => process.stderr.write(`${line}\n`);
/** Who acted, as the audit log records a command-line action. */
const cliActor = () => `cli:${userInfo().username}`;

interface DataOptions {
  data?: string;
  databaseUrl?: string;
}

function withData(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'data folder (env TONGBAO_DATA)')
    .option(
      '--database-url <url>',
      'PostgreSQL URL instead of the embedded store (env TONGBAO_DATABASE_URL)',
    );
}

async function withDb<T>(
  raw: DataOptions,
  options: { create?: boolean; requireStopped?: boolean },
  fn: (db: SecurityDb, dataDir: string) => Promise<T>,
): Promise<T | undefined> {
  const o = nodeOptions(raw);
  let db: SecurityDb | undefined;
  try {
    db = await openSecurityDb({ dataDir: o.data, databaseUrl: o.databaseUrl, ...options });
    return await fn(db, o.data);
  } catch (error) {
    err(
      isTongbaoError(error)
        ? `refused: ${error.code}: ${error.message}`
        : `failed: ${(error as Error).message}`,
    );
    process.exitCode = 1;
    return undefined;
  } finally {
    await db?.close();
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseRole(value: string): string {
  if (!(ROLES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`one of ${ROLES.join(', ')}`);
  return value;
}

/** `tongbao keys …`, `tongbao keyring rotate`, `tongbao audit verify`. */
export function registerSecurityCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description('API keys: create, list, revoke, rotate (on a running or stopped node)');

  withData(
    keys.command('create').description('Create an API key and print it (shown once; only its hash is kept)'),
  )
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, parseRole)
    .option('--operator <id>', 'the operator an operator key acts for')
    .option('--wallet <id>', 'a wallet a holder or merchant key acts for (repeat for more)', collect, [])
    .option('--label <text>', 'what the key is for', '')
    .option('--rate <n>', "requests per second (default: the role's)", parseCount)
    .action(
      async (
        raw: DataOptions & {
          role: string;
          operator?: string;
          wallet: string[];
          label: string;
          rate?: number;
        },
      ) => {
        await withDb(raw, { create: true }, async (db) => {
          const spec = {
            role: raw.role,
            operator_id: raw.operator ?? null,
            wallets: raw.wallet,
            label: raw.label,
            ...(raw.rate === undefined || raw.rate === 0 ? {} : { rate_per_s: raw.rate }),
          };
          const { record, token } = await createKeyOffline(db, spec, cliActor());
          err(
            `created ${record.role} key ${record.key_id}${db.nodeRunning ? ' (the running node accepts it now)' : ''}; it is shown once:`,
          );
          process.stdout.write(`${token}\n`);
        });
      },
    );

  withData(keys.command('list').description('List keys (never their secrets)'))
    .option('--all', 'include revoked and expired keys')
    .action(async (raw: DataOptions & { all?: boolean }) => {
      await withDb(raw, {}, async (db) => {
        const now = Date.now();
        let after: string | undefined;
        for (;;) {
          const page = await listKeys(db.db, { after, limit: 500, include_revoked: raw.all === true });
          for (const k of page) {
            const v = presentKey(k, now);
            const scope = v.operator_id ?? (v.wallets.length > 0 ? v.wallets.join(',') : '-');
            process.stdout.write(
              `${v.key_id}  ${v.role.padEnd(12)} ${v.status.padEnd(8)} ${scope}  ${v.label}\n`,
            );
          }
          if (page.length < 500) break;
          after = page[page.length - 1]!.key_id;
        }
      });
    });

  withData(
    keys
      .command('revoke')
      .description('Revoke a key and its sessions (a running node stops accepting it within a second)'),
  )
    .argument('<key-id>')
    .action(async (keyId: string, raw: DataOptions) => {
      await withDb(raw, {}, async (db) => {
        const key = await getKey(db.db, keyId);
        if (key === undefined || key.kind !== 'key') throw new Error(`no key ${keyId}`);
        const now = Date.now();
        await db.write([
          revokeKeyWrite(db.db, keyId, now),
          outboxWrite(
            db.db,
            { actor: cliActor(), action: 'key.revoke', subject: `key:${keyId}`, details: { role: key.role } },
            now,
          ),
        ]);
        err(`revoked ${keyId}`);
      });
    });

  withData(
    keys
      .command('rotate')
      .description('Replace a key by a new one with the same role and scope, and print it'),
  )
    .argument('<key-id>')
    .option('--grace-s <n>', 'seconds the old key keeps working', parseCount, 0)
    .action(async (keyId: string, raw: DataOptions & { graceS: number }) => {
      await withDb(raw, {}, async (db) => {
        const old = await getKey(db.db, keyId);
        if (old === undefined || old.kind !== 'key') throw new Error(`no key ${keyId}`);
        const now = Date.now();
        const actor = cliActor();
        const { record, token, old_expires_ts } = prepareRotation(old, actor, now, raw.graceS);
        await db.write([
          insertKey(db.db, record),
          raw.graceS === 0 ? revokeKeyWrite(db.db, keyId, now) : expireKeyWrite(db.db, keyId, old_expires_ts),
          outboxWrite(
            db.db,
            {
              actor,
              action: 'key.rotate',
              subject: `key:${keyId}`,
              details: { successor: record.key_id, grace_s: raw.graceS },
            },
            now,
          ),
        ]);
        err(`rotated ${keyId} -> ${record.key_id}; the new key is shown once:`);
        process.stdout.write(`${token}\n`);
      });
    });

  const keyring = program.command('keyring').description('The keys that seal personal data');
  withData(
    keyring
      .command('rotate')
      .description('Add a new seal key, make it current and re-seal all personal data (node stopped)'),
  )
    .option('--out <file>', `where to write the new keyring when it comes from ${KEYRING_ENV_VAR}`)
    .option('--reseal-only', 'only re-seal under the current key (finish an interrupted rotation)')
    .action(async (raw: DataOptions & { out?: string; resealOnly?: boolean }) => {
      await withDb(raw, { requireStopped: true }, async (db, dataDir) => {
        const fromEnv = process.env[KEYRING_ENV_VAR];
        const path = join(dataDir, KEYRING_FILE);
        let text = fromEnv !== undefined && fromEnv !== '' ? fromEnv : readFileSync(path, 'utf8');
        if (raw.resealOnly !== true) {
          const id = `k${Date.now().toString(36)}`;
          text = addSealKey(text, id);
          const target = fromEnv !== undefined && fromEnv !== '' ? raw.out : path;
          if (target === undefined)
            throw new Error(`the keyring comes from ${KEYRING_ENV_VAR}: name --out FILE for the new one`);
          // The new document holds the old keys too, so values sealed under them still open meanwhile.
          writeFileSync(`${target}.tmp`, text, { mode: 0o600 });
          renameSync(`${target}.tmp`, target);
          err(`added seal key ${id} to ${target} and made it current`);
        }
        const ring = Keyring.fromJson(text);
        const { resealed, checked } = await resealAll(db.db, ring, (q) => db.write(q));
        await db.write([
          outboxWrite(
            db.db,
            {
              actor: cliActor(),
              action: 'keyring.rotate',
              subject: '',
              details: { current: ring.current_key_id, resealed },
            },
            Date.now(),
          ),
        ]);
        err(`re-sealed ${resealed} of ${checked} holder records under ${ring.current_key_id}`);
      });
    });

  const audit = program.command('audit').description('The tamper-evident audit log');
  withData(
    audit
      .command('verify')
      .description("Check a data folder's audit log against its signed checkpoints and the journal"),
  )
    .option('--public-key <pem>', "the log's public key (default: from the node's signing key file)")
    .action(async (raw: DataOptions & { publicKey?: string }) => {
      await withDb(raw, {}, async (db, dataDir) => {
        const key =
          raw.publicKey === undefined
            ? loadSigningPublicKey(dataDir)
            : sm2PublicKeyFromPem(readFileSync(raw.publicKey, 'utf8'));
        err(`public key SM3 ${publicKeyFingerprint(key)}: compare it with the one the node published`);
        const report = await db.snapshot((snap) => verifyAudit(snap, key));
        const l = report.log;
        err(
          `log: ${l.entries} entries, ${l.valid_checkpoints}/${l.checkpoints} checkpoints valid, ${l.verified_size} entries signed, ${l.unsigned_entries} after the last checkpoint`,
        );
        err(
          `journal: ${report.journal_rows} rows, ${report.journal_covered} covered by ${report.journal_batches} logged batch roots`,
        );
        if (report.outbox_waiting > 0)
          err(`${report.outbox_waiting} command-line actions wait for the node to log them`);
        for (const p of report.problems) err(`problem: ${p}`);
        if (report.problem_count > report.problems.length)
          err(`... and ${report.problem_count - report.problems.length} more`);
        process.stdout.write(
          `${report.ok ? 'VERIFIED' : 'FAILED'}: audit log and journal coverage, ${report.problem_count} problems\n`,
        );
        process.exitCode = report.ok ? 0 : 1;
      });
    });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TongbaoError } from '../errors/index.ts';
import { isWalletKind, type LedgerState, parseWalletId } from '../ledger/index.ts';
import {
  actorOf,
  auditedRead,
  firstOutOfScope,
  isPermission,
  type Permission,
  POLICY,
  type Principal,
  PUBLIC,
  type Resource,
  type RoutePermission,
  type Scope,
  type Security,
  scopeFor,
  urlHasControlCharacter,
} from '../security/index.ts';
import { PROBLEM_CONTENT_TYPE, problemOf } from './problem.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs (src/security/policy.ts); every /v1 route declares one. */
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyInstance {
    /** Every route with the permission it declared, in registration order (for the matrix test). */
    routePermissions: Array<{ method: string; url: string; permission: RoutePermission | undefined }>;
  }
}

/** The caller of an authenticated request, what the route needs, and whether its scope was checked. */
export interface RequestAuth {
  readonly principal: Principal;
  readonly permission: Permission;
  readonly scope: Scope;
  scopeChecked: boolean;
}

export const SESSION_COOKIE = 'tongbao_session';

const API_PREFIX = '/v1/';

function credentialOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    if (!header.startsWith('Bearer '))
      throw new TongbaoError('unauthenticated', 'use Authorization: Bearer <key>');
    return header.slice(7).trim();
  }
  const cookies = request.headers.cookie;
  if (cookies === undefined) return undefined;
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Authenticates every /v1 request before its body is even parsed, refuses what the caller's role may
 * not do (403), and counts it against the key's rate (429). Routes outside /v1 (health, the OpenAPI
 * document, the docs, the console's static files) are public; a /v1 route without a permission stops
 * the node from starting, so a new route is closed until it is given one. After the handler, a route
 * whose caller has an `own` scope must have checked it: if not, the answer is withheld (500).
 */
export function installAuth(app: FastifyInstance, security: Security): void {
  app.decorateRequest('auth', null);
  app.decorate('routePermissions', []);
  // A /v1 route without a permission from the policy table is a bug: the node refuses to start.
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) app.routePermissions.push({ method, url: route.url, permission });
    if (route.url.startsWith(API_PREFIX) && !(permission === PUBLIC || isPermission(permission)))
      throw new Error(
        `route ${methods.join(',')} ${route.url} declares no permission from src/security/policy.ts`,
      );
    // The OpenAPI document states each operation's permission and who holds it (x- extensions).
    if (route.schema !== undefined && permission !== undefined) {
      const extensions: Record<string, unknown> = {
        'x-permission': permission,
        ...(permission === PUBLIC ? { security: [] } : { 'x-roles': POLICY[permission].roles }),
      };
      route.schema = { ...route.schema, ...extensions };
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    // Ids and query values never hold control characters; a NUL would even fail a PostgreSQL query.
    if (urlHasControlCharacter(request.url))
      throw new TongbaoError('bad_request', 'the URL contains control characters');
    const declared = request.routeOptions.config?.permission;
    if (declared === PUBLIC) return;
    const url = request.url;
    if (declared === undefined && !url.startsWith(API_PREFIX)) return;
    const token = credentialOf(request);
    if (token === undefined || token === '') {
      reply.header('www-authenticate', 'Bearer realm="tongbao"');
      throw new TongbaoError('unauthenticated', 'this route needs Authorization: Bearer <key> or a session');
    }
    let principal: Principal;
    try {
      principal = await security.authenticator.authenticate(token);
    } catch (error) {
      reply.header('www-authenticate', 'Bearer realm="tongbao", error="invalid_token"');
      throw error;
    }
    // Sessions share their key's bucket: opening more sessions buys no more requests.
    const bucket =
      principal.kind === 'session' && principal.parent_id !== null ? principal.parent_id : principal.key_id;
    const wait = security.limiter.take(bucket, principal.rate_per_s, principal.burst, Date.now());
    if (wait > 0)
      throw new TongbaoError(
        'rate_limited',
        `this key is limited to ${principal.rate_per_s} requests/s`,
        undefined,
        {
          retry_after_s: Math.ceil(wait / 1000),
        },
      );
    // An unknown /v1 route: authenticated callers learn it does not exist (404), others nothing (401).
    if (declared === undefined) {
      if (request.routeOptions.url === undefined) return;
      throw new TongbaoError('forbidden', 'this route has no permission declared');
    }
    const scope = scopeFor(declared, principal.role);
    if (scope === undefined)
      throw new TongbaoError('forbidden', `the ${principal.role} role may not ${permissionText(declared)}`);
    request.auth = { principal, permission: declared, scope, scopeChecked: scope === 'all' };
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const auth = request.auth;
    if (auth === null || auth.scopeChecked || reply.statusCode >= 400) return payload;
    request.log.error(
      { route: request.routeOptions.url },
      'route answered without checking the caller scope',
    );
    reply.code(500).type(PROBLEM_CONTENT_TYPE);
    return JSON.stringify(
      problemOf(new TongbaoError('internal_error', 'the node could not complete the request')),
    );
  });
}

function permissionText(permission: Permission): string {
  return permission.replace('.', ': ');
}

function authOf(request: FastifyRequest): RequestAuth {
  const auth = request.auth;
  if (auth === null) throw new Error(`${request.routeOptions.url} reached a guard without authentication`);
  return auth;
}

/**
 * What handlers call to check the resource a request acts on against the caller's scope (the policy's
 * `own`), and to log privileged reads. The decisions are the policy's; this only applies them.
 */
export class Guard {
  constructor(
    private readonly security: Security,
    private readonly state: () => LedgerState,
  ) {}

  principal(request: FastifyRequest): Principal {
    return authOf(request).principal;
  }

  actor(request: FastifyRequest): string {
    return actorOf(authOf(request).principal);
  }

  scope(request: FastifyRequest): Scope {
    return authOf(request).scope;
  }

  /** Refuses (403) a resource outside an `own` scope; `field` names it in the problem. */
  check(request: FastifyRequest, resource: Resource, field?: string): void {
    const auth = authOf(request);
    if (auth.scope === 'own') {
      const at = firstOutOfScope(auth.principal, this.state(), resource);
      if (at >= 0) {
        const where =
          resource.kind === 'payers' && field !== undefined ? field.replace('*', String(at)) : field;
        throw new TongbaoError('forbidden', 'this is outside what the key may act on', where);
      }
    }
    auth.scopeChecked = true;
  }

  /** Marks a route whose `own` filtering is done by the handler itself (lists). */
  filtered(request: FastifyRequest): Principal {
    const auth = authOf(request);
    auth.scopeChecked = true;
    return auth.principal;
  }

  /**
   * A wallet named in a request: malformed ids are refused first (they reveal nothing), then the scope
   * is checked on the id itself, before looking the wallet up, so that a caller cannot learn which
   * wallets outside its scope exist; then the wallet must exist.
   */
  wallet(request: FastifyRequest, id: string, field = 'id'): number {
    const parsed = parseWalletId(id);
    if (parsed === null)
      throw new TongbaoError(
        'wallet_id_invalid',
        'the wallet id is not a valid 16-digit wallet number',
        field,
      );
    const auth = authOf(request);
    if (auth.scope === 'own') {
      const p = auth.principal;
      const mine = p.role === 'operator' ? parsed.operator === p.operator_num : p.wallets.has(id);
      if (!mine) throw new TongbaoError('forbidden', 'this wallet is outside what the key may act on', field);
    }
    auth.scopeChecked = true;
    const a = this.state().accounts;
    const num = parsed.account;
    if (!a.exists(num) || !isWalletKind(a.kind[num]!) || a.operator[num] !== parsed.operator)
      throw new TongbaoError('wallet_not_found', `no wallet ${id}`, field);
    return num;
  }

  /** Logs the read first when the policy says it is privileged (a node-wide read, or personal data). */
  async read(request: FastifyRequest, action: string, subject: string, details = {}): Promise<void> {
    const auth = authOf(request);
    if (auditedRead(auth.permission, auth.scope))
      await this.security.logRead(auth.principal, action, subject, details);
  }
}

export function sendWithCookie(reply: FastifyReply, token: string, maxAgeS: number): void {
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}`,
  );
}

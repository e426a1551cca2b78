import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Engine } from '../engine/index.ts';
import type { Security } from '../security/index.ts';
import { Guard, installAuth } from './auth.ts';
import { CommandBuilder } from './commands.ts';
import type { ApiContext } from './context.ts';
import {
  clientErrorResponse,
  frameworkError,
  installErrorHandling,
  PATH_PARAM_LENGTH_MAX,
} from './errors.ts';
import { BODY_BYTES_MAX, HEADER_BYTES_MAX, KEEP_ALIVE_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from './limits.ts';
import { auditRoutes } from './routes/audit.ts';
import { consoleRoutes } from './routes/console.ts';
import { identityRoutes } from './routes/identity.ts';
import { operatorRoutes } from './routes/operators.ts';
import { paymentRoutes } from './routes/payments.ts';
import { revealRoutes } from './routes/reveals.ts';
import { supervisionRoutes } from './routes/supervision.ts';
import { systemRoutes } from './routes/system.ts';
import { transferRoutes } from './routes/transfers.ts';
import { walletRoutes } from './routes/wallets.ts';

export const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface AppOptions {
  readonly engine: Engine;
  readonly security: Security;
  readonly logger?: FastifyServerOptions['logger'];
}

/** Builds the HTTP API on an engine. Handlers stay thin: validate, build a command, submit, present. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_BYTES_MAX,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    return503OnClosing: true,
    // Every body is validated against a schema that refuses unknown fields, "__proto__" included, so
    // the prototype-poisoning scan (a regex over every body) adds nothing but time.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    http: { maxHeaderSize: HEADER_BYTES_MAX },
    routerOptions: { maxParamLength: PATH_PARAM_LENGTH_MAX },
    frameworkErrors: frameworkError,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false },
    },
    clientErrorHandler: (error, socket) => {
      if (socket.writable) socket.end(clientErrorResponse(error));
      else socket.destroy(error);
    },
  });
  installErrorHandling(app);
  installAuth(app, options.security);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tongbao',
        version: VERSION,
        description:
          'A two-tier retail digital currency node: the central bank issues to operators, operators serve wallets, wallets pay. ' +
          'Amounts are decimal strings in the currency unit ("12.34"). Errors are application/problem+json with a stable `code` and the `field` at fault.',
      },
      tags: [
        { name: 'central bank', description: 'Operators, issuance, redemption, reconciliation' },
        { name: 'wallets', description: 'Opening, categories, freezes, exchanges, history' },
        { name: 'transfers', description: 'Payments: single, batch, two-phase' },
        { name: 'system', description: 'Health' },
        { name: 'identity', description: 'Who am I, console sessions, API keys' },
        {
          name: 'audit',
          description: 'The tamper-evident audit log: checkpoints, entries, proofs, receipts',
        },
        {
          name: 'supervision',
          description:
            'Monitoring alerts, cases, reports, rules and screening hits; controlled anonymity (reveal requests approved by a second supervisor)',
        },
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key or a session token' },
          session: { type: 'apiKey', in: 'cookie', name: 'tongbao_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  const ctx: ApiContext = {
    engine: options.engine,
    config: options.engine.config,
    commands: new CommandBuilder(options.engine.config),
    security: options.security,
    guard: new Guard(options.security, () => options.engine.state),
  };
  systemRoutes(app, ctx, VERSION);
  operatorRoutes(app, ctx);
  walletRoutes(app, ctx);
  transferRoutes(app, ctx);
  identityRoutes(app, ctx);
  auditRoutes(app, ctx);
  revealRoutes(app, ctx);
  await paymentRoutes(app, ctx);
  supervisionRoutes(app, ctx, VERSION);
  await consoleRoutes(app, ctx);
  app.get('/openapi.json', { schema: { hide: true }, config: { permission: 'public' } }, async () =>
    app.swagger(),
  );
  return app;
}

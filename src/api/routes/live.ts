import type { FastifyInstance } from 'fastify';
import { TongbaoError } from '../../errors/index.ts';
import { scopeFor } from '../../security/index.ts';
import {
  STATS_CLIENT_BUFFER_BYTES_MAX,
  STATS_RECONNECT_MS,
  STATS_STREAM_EVENTS_MAX,
  STATS_STREAM_MAX_AGE_MS,
  type StatsHub,
  type StatsSubscriber,
  statsFor,
} from '../../stats/index.ts';
import type { ApiContext } from '../context.ts';
import { problemResponses as errors } from '../schemas.ts';
import { LiveStatsView, StreamQuery } from './live-schemas.ts';

const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8';

/**
 * The live dashboard's feed, GET /v1/live/stats: the figures now (JSON) or, asked with
 * `Accept: text/event-stream`, Server-Sent Events at most twice a second whatever the traffic. It needs
 * the books' permission (central bank, supervisors, auditors); alert counts go only to roles that read
 * supervision.
 */
export function liveRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { engine, guard } = ctx;
  let hub: StatsHub | null = null;
  const started = async () => {
    hub = await statsFor(engine, (m) => app.log.warn(m));
    return hub;
  };
  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', (done) => {
    hub?.stop();
    done();
  });
  const tags = ['central bank', 'supervision'];

  app.get<{ Querystring: { max_events?: string } }>(
    '/v1/live/stats',
    {
      config: { permission: 'reconciliation.read' },
      schema: {
        tags,
        summary:
          'The live dashboard: payments and value per second, circulation, books, alert counts (JSON, or a stream of updates)',
        description:
          'Answers the figures now as JSON. With `Accept: text/event-stream` it answers Server-Sent Events instead: a `stats` event with the same figures at most twice a second, whatever the traffic; a slow client skips updates rather than queueing them. ' +
          `A stream closes after ${STATS_STREAM_MAX_AGE_MS / 60_000} minutes (or max_events) and the browser reconnects with its session, so revoked credentials stop within that time. ` +
          'The console signs in with its session cookie (EventSource sends no headers); scripts may use a bearer key.',
        querystring: StreamQuery,
        response: {
          200: {
            description: 'The figures (application/json), or a stream of them (text/event-stream)',
            content: {
              'application/json': { schema: LiveStatsView },
              'text/event-stream': { schema: { type: 'string' } },
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const withSupervision = scopeFor('supervision.read', guard.principal(request).role) !== undefined;
      if (!String(request.headers.accept ?? '').includes('text/event-stream'))
        return (await started()).snapshot(withSupervision);
      const max =
        request.query.max_events === undefined ? STATS_STREAM_EVENTS_MAX : Number(request.query.max_events);
      if (!(max >= 1 && max <= STATS_STREAM_EVENTS_MAX))
        throw new TongbaoError(
          'validation_failed',
          `max_events must be 1-${STATS_STREAM_EVENTS_MAX}`,
          'max_events',
        );
      const live = await started();
      const raw = reply.raw;
      const socket = request.raw.socket;
      let sent = 0;
      let open = true;
      let unsubscribe = () => {};
      let age: NodeJS.Timeout | undefined;
      const end = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        clearTimeout(age);
        // The socket goes with the stream (Connection: close): never left idling in keep-alive.
        if (raw.writableEnded || socket.destroyed) socket.destroy();
        else raw.end(() => socket.destroy());
      };
      const subscriber: StatsSubscriber = {
        withSupervision,
        send(payload) {
          if (!open || raw.writableLength > STATS_CLIENT_BUFFER_BYTES_MAX) return;
          raw.write(`event: stats\ndata: ${payload}\n\n`);
          sent += 1;
          if (sent >= max) end();
        },
        close: end,
      };
      // Refused past the stream limit before anything is written (503 with Retry-After).
      unsubscribe = live.subscribe(subscriber);
      age = setTimeout(end, STATS_STREAM_MAX_AGE_MS);
      age.unref();
      reply.hijack();
      raw.on('close', end);
      raw.writeHead(200, {
        'content-type': SSE_CONTENT_TYPE,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-accel-buffering': 'no',
        connection: 'close',
      });
      raw.write(`retry: ${STATS_RECONNECT_MS}\n\n`);
    },
  );
}

import type { FastifyReply } from 'fastify';
import { ERROR_CATALOG, type ErrorCode, TongbaoError } from '../errors/index.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, with Tongbao's stable `code` and the `field` at fault. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
  readonly field?: string;
  readonly instance?: string;
  readonly [extra: string]: unknown;
}

export function problemOf(error: TongbaoError, instance?: string): Problem {
  return {
    type: `https://tongbao.dev/problems/${error.code}`,
    title: ERROR_CATALOG[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(instance === undefined ? {} : { instance }),
    ...(error.extra ?? {}),
  };
}

export function sendProblem(reply: FastifyReply, error: TongbaoError): FastifyReply {
  const problem = problemOf(error, reply.request.url.split('?')[0]);
  if (
    error.code === 'queue_full' ||
    error.code === 'engine_stopped' ||
    error.code === 'rate_limited' ||
    error.code === 'auth_busy' ||
    error.code === 'pending_limit_reached'
  ) {
    reply.header('retry-after', String(error.extra?.retry_after_s ?? 1));
  }
  return reply.code(error.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** The JSON pointer of a validation error turned into the field path clients see ("transfers/3/amount"). */
export function fieldOf(instancePath: string, missing?: string): string {
  const path = instancePath.replace(/^\//, '');
  if (missing === undefined) return path;
  return path === '' ? missing : `${path}/${missing}`;
}

export function refuse(code: ErrorCode, detail?: string, field?: string): never {
  throw new TongbaoError(code, detail, field);
}

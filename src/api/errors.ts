import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isTongbaoError, TongbaoError } from '../errors/index.ts';
import { fieldOf, PROBLEM_CONTENT_TYPE, problemOf, sendProblem } from './problem.ts';

interface ValidationIssue {
  readonly keyword: string;
  readonly instancePath: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

/** Turns a schema validation failure into the problem a client can act on, naming the field. */
function fromValidation(issues: readonly ValidationIssue[], context: string): TongbaoError {
  const issue = issues[0]!;
  const missing = typeof issue.params.missingProperty === 'string' ? issue.params.missingProperty : undefined;
  const extra =
    typeof issue.params.additionalProperty === 'string' ? issue.params.additionalProperty : undefined;
  const field = fieldOf(issue.instancePath, missing ?? extra);
  if (issue.keyword === 'maxItems' && context === 'body') {
    return new TongbaoError(
      'batch_too_large',
      `${field} holds more than ${String(issue.params.limit)} items`,
      field,
    );
  }
  const where = field === '' ? context : `${context === 'body' ? '' : `${context} `}${field}`;
  const message = extra !== undefined ? 'is not a known field' : (issue.message ?? 'is not valid');
  return new TongbaoError('validation_failed', `${where} ${message}`, field === '' ? undefined : field);
}

const FRAMEWORK_CODES: Readonly<Record<string, TongbaoError['code']>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_BAD_URL: 'bad_request',
};

/** Maps every error to application/problem+json: coded refusals as they are, the rest by kind. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isTongbaoError(error)) return sendProblem(reply, error);
    if (error.validation !== undefined) {
      return sendProblem(
        reply,
        fromValidation(error.validation as ValidationIssue[], error.validationContext ?? 'body'),
      );
    }
    const mapped = error.code === undefined ? undefined : FRAMEWORK_CODES[error.code];
    if (mapped !== undefined) return sendProblem(reply, new TongbaoError(mapped, error.message));
    if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON|prototype/i.test(error.message))) {
      return sendProblem(reply, new TongbaoError('malformed_json', 'the request body is not valid JSON'));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, new TongbaoError('bad_request', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(
      reply,
      new TongbaoError('internal_error', 'the node could not complete the request; it has been logged'),
    );
  });

  app.setNotFoundHandler((request, reply) => {
    sendProblem(
      reply,
      new TongbaoError('route_not_found', `no route ${request.method} ${request.url.split('?')[0]}`),
    );
  });
}

/** Path parameters (ids) are never longer than this; a longer one is refused before routing. */
export const PATH_PARAM_LENGTH_MAX = 100;

/** Errors the router raises before a route is found: a bad URL, an overlong path parameter. */
export function frameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  // The path is not echoed back: it is whatever the client sent, possibly huge.
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new TongbaoError(
          'path_param_too_long',
          `path parameters are limited to ${PATH_PARAM_LENGTH_MAX} characters`,
        )
      : new TongbaoError('bad_request', 'the request URL is not valid');
  sendProblem(reply, problem);
}

/** Errors before a request is parsed (oversized headers, garbage on the socket) still get a problem body. */
export function clientErrorResponse(error: Error & { code?: string }): string {
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const problem = problemOf(
    new TongbaoError(
      tooLarge ? 'headers_too_large' : 'bad_request',
      tooLarge ? 'the request headers exceed the limit' : 'the request could not be parsed',
    ),
  );
  const body = JSON.stringify(problem);
  return `HTTP/1.1 ${problem.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

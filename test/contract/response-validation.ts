// Response checks: is the status declared for the operation, does the content type match, does the body
// match the schema declared for that status and content type.
import { payloadValidators } from './compiled-validators.js';
import { findMediaType, isJsonMediaType, mediaTypeEssence } from './media-types.js';
import type { ResponseObject } from './openapi-types.js';
import type { Operation } from './spec-catalog.js';
import { ROOT_FIELD, violationsFromErrors, type Violation } from './violations.js';

export function responseViolations(operation: Operation, status: number, contentType: string | undefined, body: unknown): Violation[] {
  const declared = declaredResponse(operation, status);
  if (declared !== undefined) return bodyViolations(operation, declared, contentType, body);
  const tolerated = toleratedResponses(operation, status);
  if (tolerated === undefined) return [undeclaredStatus(operation, status)];
  if (tolerated.length === 0) return []; // allowed, but the spec describes no body to check against
  return fewestViolations(tolerated.map((response) => bodyViolations(operation, response, contentType, body)));
}

/** The operation's own entry for the status: exact code, then its range (`4XX`), then `default`. */
function declaredResponse(operation: Operation, status: number): ResponseObject | undefined {
  const code = String(status);
  return operation.responses[code] ?? operation.responses[`${code.charAt(0)}XX`] ?? operation.responses['default'];
}

/** Statuses any endpoint may answer with (auth, not found, rate limit, server trouble) even if one omits them. */
function isGenericStatus(status: number): boolean {
  return status === 401 || status === 403 || status === 404 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * For a generic status the operation does not list: the responses the same spec declares for that status
 * through `#/components/responses/...` on other operations (any of them may match). A 401 is also accepted
 * when a security requirement applies even if the spec never describes it (kong-identity-v1 does not):
 * an empty list then means "allowed, body unchecked". Undefined means the status is undeclared.
 */
function toleratedResponses(operation: Operation, status: number): readonly ResponseObject[] | undefined {
  if (!isGenericStatus(status)) return undefined;
  const shared = operation.spec.sharedResponses.get(String(status));
  if (shared !== undefined) return shared;
  return status === 401 && operation.secured ? [] : undefined;
}

function undeclaredStatus(operation: Operation, status: number): Violation {
  const declared = Object.keys(operation.responses).join(' ');
  return {
    field: 'status',
    rule: 'undeclared_status',
    reason: `status ${status} is not declared for ${operation.operationId} (declared: [${declared}])`,
    source: 'response',
  };
}

function bodyViolations(operation: Operation, response: ResponseObject, contentType: string | undefined, body: unknown): Violation[] {
  const content = response.content ?? {};
  const declaredTypes = Object.keys(content);
  if (declaredTypes.length === 0) return []; // the spec says nothing about this body
  if (body === undefined) {
    return [violation(ROOT_FIELD, 'required', `response body is required (declared: [${declaredTypes.join(' ')}])`)];
  }
  const mediaType = contentType === undefined ? undefined : mediaTypeEssence(contentType);
  const media = mediaType === undefined ? undefined : findMediaType(content, mediaType);
  if (mediaType === undefined || media === undefined) {
    return [violation('content-type', 'content_type', `${contentType ?? 'no content type'} is not declared; expected one of [${declaredTypes.join(' ')}]`)];
  }
  const schema = media.schema;
  if (schema === undefined || !isJsonMediaType(mediaType)) return [];
  const validate = payloadValidators.validatorFor(operation.spec, schema, () => schema);
  return validate(body) ? [] : violationsFromErrors(validate.errors ?? [], body, 'response', 'dotted');
}

function violation(field: string, rule: string, reason: string): Violation {
  return { field, rule, reason, source: 'response' };
}

/** When several shared responses could apply, the body is fine if it matches one; otherwise report the closest. */
function fewestViolations(candidates: readonly Violation[][]): Violation[] {
  return candidates.reduce((best, current) => (current.length < best.length ? current : best));
}

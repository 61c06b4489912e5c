import { describe, expect, it } from 'vitest';
import { checkFailure } from '../../src/check/probes.js';
import { ActionError, ConfigError, RunTimeoutError, StepError } from '../../src/errors/errors.js';
import { RequestInterruptedError } from '../../src/http/request-interrupted.js';
import { KonnectApiError, KonnectUnreachableError, parseErrorBody } from '../../src/konnect/errors.js';
import { describeFailure } from '../../src/report/failure.js';
import { maskSecret } from '../../src/runner/secrets.js';

describe('parseErrorBody', () => {
  it('reads problem+json: title, detail, trace id and invalid parameters', () => {
    const body = JSON.stringify({
      status: 400,
      title: 'Bad Request',
      instance: 'kong:trace:123',
      detail: 'Invalid request',
      invalid_parameters: [{ field: 'audience', rule: 'required', reason: 'is a required field' }],
    });
    expect(parseErrorBody(body)).toEqual({
      title: 'Bad Request',
      detail: 'Invalid request',
      traceId: 'kong:trace:123',
      invalidParameters: [{ field: 'audience', rule: 'required', reason: 'is a required field' }],
    });
  });

  it('reads core-entity errors: {code, message, details}', () => {
    const body = JSON.stringify({
      code: 3,
      message: 'data constraint error',
      details: [{ type: 'ERROR_TYPE_REFERENCE', field: 'name', messages: ['(type: unique) constraint failed'] }],
    });
    expect(parseErrorBody(body)).toEqual({
      detail: 'data constraint error',
      invalidParameters: [{ field: 'name', reason: '(type: unique) constraint failed' }],
    });
  });

  it('keeps the start of a body that is not JSON', () => {
    expect(parseErrorBody('<html>bad gateway</html>').detail).toBe('<html>bad gateway</html>');
  });

  it('reads a broken or hostile body as far as it makes sense, and never throws', () => {
    const body = JSON.stringify({
      title: 42,
      detail: { nested: true },
      message: 'still readable',
      instance: ['kong:trace:1'],
      invalid_parameters: [null, 'text', { field: { a: 1 }, reason: 7 }, ...Array.from({ length: 500 }, (_, index) => ({ field: `f${index}`, reason: 'r' }))],
      details: [{ field: 'name', messages: 'not a list' }],
    });
    const parsed = parseErrorBody(body);
    expect(parsed.title).toBeUndefined();
    expect(parsed.detail).toBe('still readable');
    expect(parsed.traceId).toBeUndefined();
    expect(parsed.invalidParameters.slice(0, 4)).toEqual([
      { field: '?', reason: '' },
      { field: '?', reason: '' },
      { field: '?', reason: '7' },
      { field: 'f0', reason: 'r' },
    ]);
    expect(parsed.invalidParameters).toHaveLength(20);
    const flood = parseErrorBody(JSON.stringify({ detail: 'd'.repeat(100_000), invalid_parameters: [{ field: 'f'.repeat(10_000), reason: 'r' }] }));
    expect(flood.detail).toBe(`${'d'.repeat(300)}… (99700 more characters)`);
    expect(flood.invalidParameters[0]?.field).toHaveLength(120 + '… (9880 more characters)'.length);
    for (const odd of ['null', '[1,2]', '"text"', '{"invalid_parameters": {"field": "x"}, "details": 3}']) {
      expect(parseErrorBody(odd).invalidParameters).toEqual([]);
    }
  });
});

describe('parseErrorBody on fields that are not text', () => {
  const body = JSON.stringify({
    invalid_parameters: [{ field: { path: ['config', 'issuer'] }, reason: ['must be a URL', 'is required'] }],
    details: [
      { field: 'name', messages: [{ code: 'unique' }, 'taken'] },
      { field: 7, type: { kind: 'reference' } },
    ],
  });

  it('never prints [object Object], and keeps the parts that are text', () => {
    const { invalidParameters } = parseErrorBody(body);
    for (const { field, reason } of invalidParameters) {
      expect(typeof field).toBe('string');
      expect(typeof reason).toBe('string');
    }
    expect(invalidParameters).toContainEqual({ field: '7', reason: expect.any(String) });
    expect(invalidParameters.find((parameter) => parameter.field === 'name')?.reason).toContain('taken');
    const message = new KonnectApiError('POST', '/v1/auth-servers', 400, body).message;
    expect(message).not.toContain('[object');
    expect(message).toMatch(/name: [^\]]*taken/);
  });

  it('bounds what it keeps of a huge field', () => {
    const huge = JSON.stringify({ invalid_parameters: [{ field: { long: 'x'.repeat(5000) }, reason: 'y'.repeat(5000) }] });
    const [parameter] = parseErrorBody(huge).invalidParameters;
    expect((parameter?.field.length ?? 0) + (parameter?.reason.length ?? 0)).toBeLessThan(1000);
  });
});

describe('KonnectApiError', () => {
  it('says what was sent, what came back, and the trace id', () => {
    const error = new KonnectApiError(
      'POST',
      '/v1/auth-servers',
      409,
      JSON.stringify({ status: 409, title: 'Conflict', detail: 'name taken', instance: 'kong:trace:9' }),
    );
    expect(error.message).toBe('POST /v1/auth-servers returned HTTP 409 Conflict: name taken (trace id kong:trace:9)');
    expect(error.traceId).toBe('kong:trace:9');
    expect(
      new KonnectApiError(
        'PUT',
        '/p',
        400,
        JSON.stringify({ message: 'x', details: [{ field: 'f', messages: ['(type: unique) constraint failed'] }] }),
      ).mentions(/unique/),
    ).toBe(true);
  });
});

describe('describeFailure', () => {
  it('names the step, the response and the fix', () => {
    const cause = new KonnectApiError('GET', '/v2/control-planes', 401, JSON.stringify({ message: 'Unauthorized', status: 401 }));
    const message = describeFailure(new StepError('find control plane "quickstart"', cause));
    expect(message).toBe(
      'Could not find control plane "quickstart": GET /v2/control-planes returned HTTP 401: Unauthorized\n' +
        'What to do: Konnect did not accept konnect-token: check that the token is current and belongs to the region (region / api-url).',
    );
  });

  // The run's signal aborts with a RunTimeoutError that carries its seconds (src/engine/clients.ts):
  // describeFailure needs no context to explain it.
  it('explains a run that hit its timeout', () => {
    expect(describeFailure(new StepError('look up scope "a"', new RunTimeoutError(600)))).toBe(
      'Could not look up scope "a": the run did not finish within 600 s\n' +
        'What to do: Raise the timeout input, or check whether Konnect or the gateway is slow or unreachable from the runner.',
    );
  });

  it('says which request the timeout interrupted, and why it was still waiting', () => {
    const interrupted = new RequestInterruptedError('GET /v1/auth-servers', 'HTTP 429 (Retry-After: 60)', 'backoff', new RunTimeoutError(30));
    expect(describeFailure(new StepError('look up auth server "Dev"', interrupted))).toMatch(
      /^Could not look up auth server "Dev": the run did not finish within 30 s: GET \/v1\/auth-servers was waiting to retry after HTTP 429 \(Retry-After: 60\)\nWhat to do: Raise the timeout input/,
    );
  });

  it('explains an unexpected failure with the way to find out more', () => {
    expect(describeFailure(new TypeError('x is undefined'))).toMatch(/^x is undefined\nWhat to do: Run the job again with debug logging/);
  });

  it('lists every invalid input under one heading', () => {
    expect(describeFailure(new ConfigError(['"a" is required', '"b" is\nbroken']))).toBe(
      'Invalid inputs:\n  - "a" is required\n  - "b" is\\nbroken\nWhat to do: Fix the inputs listed above in the workflow step.',
    );
  });

  it('carries the hint of an unreachable API', () => {
    const error = new KonnectUnreachableError('GET', '/v1/auth-servers', Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    expect(describeFailure(error)).toMatch(
      /failed: connection reset before a response arrived \(UND_ERR_SOCKET: other side closed\)\nWhat to do: The connection to Konnect failed/,
    );
  });

  it('removes every masked secret from the message', () => {
    maskSecret('s3cr3t-value');
    expect(describeFailure(new ActionError('detail echoed s3cr3t-value back'))).toBe('detail echoed *** back');
  });
});

describe('checkFailure', () => {
  const check = { url: 'http://localhost:8000/anything', timeoutSeconds: 60 };

  it('fails a gateway that lets requests without a token through', () => {
    expect(checkFailure(check, [200, 200]).message).toMatch(/lets requests without a token through/);
  });

  it('tells a refused token, an unrouted path and an unreachable gateway apart', () => {
    expect(checkFailure(check, [403, 401]).message).toMatch(/refuses the token/);
    expect(checkFailure(check, [404, 404]).message).toMatch(/no route matches check-path/);
    expect(checkFailure(check, ['ECONNREFUSED', 'ECONNREFUSED']).message).toMatch(/proxy-url cannot be reached/);
    expect(checkFailure(check, [200, 302]).message).toMatch(/expected 200 with the token and 401 without/);
  });
});

import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { ActionError } from '../errors/errors.js';

export interface VerifiedToken {
  claims: JWTPayload;
  expiresAt: Date;
}

export interface TokenExpectations {
  jwks: JSONWebKeySet;
  issuer: string;
  /** Checked when given (mode token may not know the audience). */
  audience?: string;
  /** The longest lifetime the client's tokens can have (access-token-duration): a later exp is refused. */
  maxLifetimeSeconds: number;
}

/** Slack on maxLifetimeSeconds, for clock skew between the issuer and the runner. */
const LIFETIME_TOLERANCE_SECONDS = 300;

/**
 * Checks the signature against the issuer's keys, then iss, aud and exp (no further ahead than
 * maxLifetimeSeconds allows), before the token is handed out. `aud` may be an array (as Kong
 * Identity issues it) or a string: it must contain the audience.
 */
export async function verifyAccessToken(token: string, expected: TokenExpectations): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(expected.jwks), {
      issuer: expected.issuer,
      ...(expected.audience === undefined ? {} : { audience: expected.audience }),
      requiredClaims: ['exp'],
      clockTolerance: 30,
    });
    const secondsLeft = (payload.exp as number) - Date.now() / 1000;
    if (secondsLeft > expected.maxLifetimeSeconds + LIFETIME_TOLERANCE_SECONDS) throw new LifetimeTooLong(secondsLeft, expected.maxLifetimeSeconds);
    return { claims: payload, expiresAt: new Date((payload.exp as number) * 1000) };
  } catch (error) {
    throw new ActionError(`The access token failed verification: ${explain(error, expected)}; it was not exported.`, {
      hint: 'Check the audience input against the auth server, and that the issuer serves its current keys.',
    });
  }
}

class LifetimeTooLong extends Error {
  constructor(secondsLeft: number, maxSeconds: number) {
    super(`its exp is ${Math.round(secondsLeft)} s ahead, more than the client's access-token-duration (${maxSeconds} s) plus ${LIFETIME_TOLERANCE_SECONDS} s`);
  }
}

function explain(error: unknown, expected: TokenExpectations): string {
  if (error instanceof LifetimeTooLong) return error.message;
  if (error instanceof errors.JWTExpired) return 'it has already expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return `its iss claim is not "${expected.issuer}"`;
    if (error.claim === 'aud') return `its aud claim does not contain "${expected.audience}"`;
    return `claim ${error.claim} is invalid (${error.reason})`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not match the issuer key';
  if (error instanceof errors.JWKSNoMatchingKey) return "no key in the issuer's JWKS matches its kid";
  if (error instanceof errors.JOSEError) return `${error.code}: ${error.message}`;
  return 'it is not a well-formed JWT';
}

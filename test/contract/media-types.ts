// Content-type matching for OpenAPI `content` maps.
import type { MediaTypeObject } from './openapi-types.js';

/** `application/problem+json; charset=utf-8` → `application/problem+json`. */
export function mediaTypeEssence(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** `application/json` and structured-syntax types such as `application/problem+json`. */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** The entry declared for `mediaType`: exact match first, then `type/*`, then `*\/*` (OpenAPI precedence). */
export function findMediaType(content: Readonly<Record<string, MediaTypeObject>>, mediaType: string): MediaTypeObject | undefined {
  const byEssence = new Map(Object.entries(content).map(([declared, media]) => [mediaTypeEssence(declared), media]));
  const [type] = mediaType.split('/');
  return byEssence.get(mediaType) ?? byEssence.get(`${type ?? ''}/*`) ?? byEssence.get('*/*');
}

/** The JSON entry a request body is validated against (we only receive parsed JSON bodies). */
export function requestJsonMediaType(content: Readonly<Record<string, MediaTypeObject>> | undefined): MediaTypeObject | undefined {
  if (content === undefined) return undefined;
  const json = Object.entries(content).find(([declared]) => isJsonMediaType(mediaTypeEssence(declared)));
  return json?.[1];
}

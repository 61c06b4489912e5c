// Maps a concrete request path onto the operation whose path template it instantiates.
import type { HttpMethod } from './openapi-types.js';
import { specsServing, type Operation } from './spec-catalog.js';

export interface RoutedOperation {
  readonly operation: Operation;
  readonly pathParams: Record<string, string>;
}

export function routeRequest(method: string, pathname: string): RoutedOperation | undefined {
  const httpMethod = method.toLowerCase() as HttpMethod;
  const requestSegments = splitPath(pathname);
  if (requestSegments === undefined) return undefined;
  let best: RoutedOperation | undefined;
  for (const spec of specsServing(pathname)) {
    for (const operation of spec.operations) {
      if (operation.method !== httpMethod) continue;
      const pathParams = matchSegments(operation.segments, requestSegments);
      if (pathParams === undefined) continue;
      if (best === undefined || isMoreSpecific(operation.segments, best.operation.segments)) best = { operation, pathParams };
    }
  }
  return best;
}

/** Decoded path segments, or undefined when the path is not valid percent-encoding. */
function splitPath(pathname: string): string[] | undefined {
  try {
    return pathname
      .split('/')
      .slice(1)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

function isTemplateSegment(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/** Path parameters by name when `requestSegments` instantiates `templateSegments`, else undefined. */
function matchSegments(templateSegments: readonly string[], requestSegments: readonly string[]): Record<string, string> | undefined {
  if (templateSegments.length !== requestSegments.length) return undefined;
  const pathParams: Record<string, string> = {};
  for (const [index, templateSegment] of templateSegments.entries()) {
    const requestSegment = requestSegments[index] ?? '';
    if (isTemplateSegment(templateSegment)) {
      if (requestSegment === '') return undefined;
      pathParams[templateSegment.slice(1, -1)] = requestSegment;
    } else if (templateSegment !== requestSegment) {
      return undefined;
    }
  }
  return pathParams;
}

/**
 * `/nodes/eol` beats `/nodes/{nodeId}`: at the first position where the two templates differ in kind,
 * the literal segment wins (the rule OpenAPI states for concrete vs templated paths).
 */
export function isMoreSpecific(candidate: readonly string[], incumbent: readonly string[]): boolean {
  for (const [index, segment] of candidate.entries()) {
    const candidateIsLiteral = !isTemplateSegment(segment);
    const incumbentIsLiteral = !isTemplateSegment(incumbent[index] ?? '');
    if (candidateIsLiteral !== incumbentIsLiteral) return candidateIsLiteral;
  }
  return false;
}

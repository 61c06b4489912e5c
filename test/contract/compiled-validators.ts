// Owns the ajv instances and the compiled-validator cache. Nothing is compiled up front: each schema is
// compiled the first time an operation needs it, and ajv compiles only the component schemas it reaches.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { normalizeSchema } from './normalize-schema.js';
import type { LoadedSpec } from './spec-catalog.js';

class ValidatorFactory {
  private ajvInstance: Ajv | undefined;
  private readonly registeredSpecs = new Set<LoadedSpec>();
  /** Keyed by the spec object the validator was built from (a media-type schema, or an operation). */
  private readonly cache = new WeakMap<object, ValidateFunction>();

  constructor(private readonly coerceTypes: boolean) {}

  /**
   * The validator for `key`, compiling `buildSchema()` on first use. The built schema is an OpenAPI schema;
   * it is normalized here, and its `#/components/...` references point into `spec`'s registered components.
   */
  validatorFor(spec: LoadedSpec, key: object, buildSchema: () => unknown): ValidateFunction {
    let validate = this.cache.get(key);
    if (validate === undefined) {
      const ajv = this.ajv();
      this.registerComponents(ajv, spec);
      validate = ajv.compile(normalizeSchema(buildSchema(), { refBase: spec.schemaId }) as object);
      this.cache.set(key, validate);
    }
    return validate;
  }

  private ajv(): Ajv {
    this.ajvInstance ??= createAjv(this.coerceTypes);
    return this.ajvInstance;
  }

  /** Registering is cheap: ajv stores the schemas and compiles a component only when a $ref reaches it. */
  private registerComponents(ajv: Ajv, spec: LoadedSpec): void {
    if (this.registeredSpecs.has(spec)) return;
    ajv.addSchema({ $id: spec.schemaId, components: { schemas: spec.componentSchemas } }, undefined, undefined, false);
    this.registeredSpecs.add(spec);
  }
}

function createAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true, // report every invalid field at once, as Konnect's invalid_parameters does
    strict: false, // third-party specs: tolerate odd but harmless constructs (maxLength on an array…)
    validateSchema: false, // the specs are trusted input; skipping meta-validation keeps compiles fast
    coerceTypes, // query and path values arrive as strings
    // Kong's patterns escape characters that need no escaping (`[\-\.\_]` in Labels), which the `u` flag rejects.
    unicodeRegExp: false,
  });
  addFormats.default(ajv);
  return ajv;
}

/** Request and response bodies: JSON values validated as they are, never modified. */
export const payloadValidators = new ValidatorFactory(false);
/** Path and query parameters: strings coerced to the declared types (`'10'` → 10) in the object we build. */
export const parameterValidators = new ValidatorFactory(true);

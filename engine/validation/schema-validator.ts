import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { allSchemas, schemaId } from '../../schemas/index';
import { createProblem, type ProblemDetail, type Result, escapePointerSegment, fail, ok } from '../errors/index';

/**
 * One ajv instance holding every schema in `schemas/`, so `$ref`s between schemas resolve. Validators
 * are compiled once, on first use.
 */
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, discriminator: true });
addFormats.default(ajv);
// `tsType` only tells json-schema-to-typescript which TypeScript type a definition gets (schemas/types.ts).
ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
for (const schema of allSchemas) ajv.addSchema(schema);

const compiled = new Map<string, ValidateFunction>();

function validatorFor(name: string): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    const found = ajv.getSchema(schemaId(name));
    if (!found) throw new Error(`No schema "${name}". Add schemas/${name}.schema.json and list it in schemas/index.ts.`);
    validate = found;
    compiled.set(name, validate);
  }
  return validate;
}

/** Turns ajv errors into problem details whose pointers name the offending place itself. */
export function toProblemDetails(errors: ErrorObject[], prefix = ''): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    let pointer = prefix + error.instancePath;
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required') {
      pointer += '/' + escapePointerSegment(String(error.params.missingProperty));
      message = 'is required';
    } else if (error.keyword === 'additionalProperties') {
      pointer += '/' + escapePointerSegment(String(error.params.additionalProperty));
      message = 'is not allowed here';
    } else if (error.keyword === 'discriminator') {
      // A oneOf keyed by a tag (`kind`, `type`, `mode`): point at the tag itself.
      const tag = String(error.params.tag);
      pointer += '/' + escapePointerSegment(tag);
      message = error.params.error === 'tag' ? 'must be a string' : `${JSON.stringify(error.params.tagValue)} is not a known ${tag} here`;
    } else if (error.keyword === 'enum') {
      message = `must be one of ${JSON.stringify(error.params.allowedValues)}`;
    }
    const key = pointer + '\u0000' + message;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push({ pointer, message });
  }
  return details;
}

/**
 * Validates a value against a schema of `schemas/` by name (`'customer'`, `'track'`, …).
 *
 * @example validateAgainstSchema('segment', body) // { ok: false, problem: { code: 'VALIDATION_FAILED', details: [{ pointer: '/name', message: 'is required' }] } }
 */
export function validateAgainstSchema<T>(name: string, value: unknown, pointerPrefix = ''): Result<T> {
  const validate = validatorFor(name);
  if (validate(value)) return ok(value as T);
  return fail(createProblem('VALIDATION_FAILED', toProblemDetails(validate.errors ?? [], pointerPrefix)));
}

/** The shared ajv instance, for callers that compile their own sub-schemas against ours. */
export function schemaAjv(): Ajv {
  return ajv;
}

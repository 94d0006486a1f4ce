import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { allSchemas } from '../../schemas/index';

/**
 * One ajv per part of the request, each holding every schema of `schemas/`, so routes can refer to
 * them by `$id`:
 * - bodies are validated exactly as sent: no type coercion (an `event` of 42 is an error, not "42"),
 *   no defaults, nothing removed, every error reported;
 * - query strings, path parameters and headers are text, so there ajv coerces (`?limit=10` → 10).
 */
function createAjv(options: Options): Ajv {
  // discriminator: a oneOf keyed by `kind` / `type` reports the errors of the branch the value names, not of every branch.
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, discriminator: true, ...options });
  addFormats.default(ajv);
  for (const schema of allSchemas) ajv.addSchema(schema);
  return ajv;
}

/**
 * Shared by every app of the process (the schemas never change while it runs): tests build many apps,
 * and compiling the larger schemas is what building one costs. Many routes also share a schema
 * (`{ $ref: … }` of one document), so each distinct one is compiled once.
 */
const validators = {
  body: { ajv: null as Ajv | null, options: { coerceTypes: false, useDefaults: false, removeAdditional: false } as Options },
  text: { ajv: null as Ajv | null, options: { coerceTypes: 'array', useDefaults: true, removeAdditional: false } as Options },
};
const compiled = new Map<string, ValidateFunction>();

function compileValidator(part: 'body' | 'text', schema: object): ValidateFunction {
  const key = part + JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    const entry = validators[part];
    entry.ajv ??= createAjv(entry.options);
    validate = entry.ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

export function installRequestValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }) => compileValidator(httpPart === 'body' ? 'body' : 'text', schema as object));
  for (const schema of allSchemas) app.addSchema(schema);
}

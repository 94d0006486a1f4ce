export { schemaAjv, toProblemDetails, validateAgainstSchema } from './schema-validator';

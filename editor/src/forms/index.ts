/** Labelled inputs the side panels share: text, durations, JSON objects, with their problems. */
export { DurationField } from './DurationField';
export { FieldProblems } from './FieldProblems';
export { JsonField } from './JsonField';
export { TextField } from './TextField';

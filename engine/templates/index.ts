export { renderJsonTemplate, listJsonTemplateStrings, type JsonTemplateString } from './json-template';
export { listMessageTemplateFields, renderMessageTemplate, type MessageTemplateField, type RenderedMessage, type RenderOptions } from './message-template';
export { checkJsonTemplate, checkTemplate, type CheckTemplateOptions, type TemplateCheck } from './template-check';
export { type TemplateMode } from './template-engine';
export { readTemplatePosition, type TemplatePosition } from './template-error';
export { templateLimits } from './template-limits';
export { buildTemplateScope, templateRoots, type TemplateCustomer, type TemplateInput, type TemplateRoot } from './template-scope';

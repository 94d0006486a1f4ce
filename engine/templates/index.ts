export { hasLiquidMarkup, renderJsonTemplate, listJsonTemplateStrings, type JsonTemplateString } from './json-template';
export { listMessageTemplateFields, renderMessageTemplate, type MessageTemplateField, type RenderedMessage, type RenderOptions } from './message-template';
export { checkJsonTemplate, checkTemplate, type CheckTemplateOptions, type TemplateCheck } from './template-check';
export { type TemplateMode } from './template-engine';
export { readTemplatePosition, type TemplatePosition } from './template-error';
export { templateLimits } from './template-limits';
export { buildTemplateScope, templateRoots, type TemplateCustomer, type TemplateInput, type TemplateRoot } from './template-scope';
export { channelTemplateFields, listMissingChannelFields, type TemplateChannel } from './template-channel';
export {
  createTemplateLibrary,
  templateCollectionNames,
  templateCollections,
  templateDocumentId,
  toTemplateView,
  type LibraryTemplate,
  type StoredTemplate,
  type TemplateLibrary,
} from './stored-template';
export { checkTemplateInput, type CheckedTemplateInput, type TemplateInputContext } from './template-input-check';
export {
  createTemplate,
  deleteTemplate,
  findTemplate,
  isTemplateUnchanged,
  listTemplates,
  loadTemplateLibrary,
  planTemplateSave,
  updateTemplate,
  type TemplateLibraryRuntime,
  type TemplateSaveResult,
} from './template-library';
export { sampleLinksOf } from './sample-links';

/**
 * A library template as the editor edits it: the form's draft and the API body made from it, the
 * content fields of each channel, problems placed by their JSON pointers, what a refused save means,
 * and a journey send step's choice of a library template.
 */
export { describeNeededFields, listChannelFields, listOtherFields, templateChannels, type ContentField, type ContentKey } from './content-fields';
export { inlineContentOf, inlineTemplateOption, listTemplateOptions, type TemplateOption } from './template-choice';
export {
  changeTemplateChannel,
  createTemplateDraft,
  isTemplateDraftUnchanged,
  setContentField,
  setMessageField,
  templateIdOfName,
  toTemplateDraft,
  toTemplateInput,
  type TemplateDraft,
} from './template-draft';
export { fieldOfPointer, groupTemplateProblems, type TemplateFormField } from './template-problems';
export { readTemplateRefusal, type TemplateAction, type TemplateRefusal } from './template-refusal';

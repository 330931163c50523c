/**
 * Templates: versioned MJML + Handlebars emails, compiled once per version (MJML -> HTML, link
 * table, text part) and rendered per recipient with tracking links, open pixel and RFC 8058
 * unsubscribe headers; previews, untracked test sends, starter templates from templates/.
 */
export { TemplateService, type TemplateDeps, type TemplateDeleteGuard } from './template.service.js';
export { renderForRecipient, type RenderRecipient, type RenderedEmail } from './template.delivery.js';
export { templateRouter } from './template.routes.js';
export { compileTemplate, COMPILER_ENGINE, type TemplateSources, type CompiledArtefacts } from './template.compile.js';
export { CompiledTemplate, type TrackingLinks, type RenderOutput } from './template.renderer.js';
export { contextForCustomer, contextFromData, formatOf, genericSample, type CompanyInfo, type TemplateContext, type ViewedProduct } from './template.context.js';
export { loadLibrary, findTemplatesDir, type TemplateLibrary, type Starter } from './template.starters.js';
export * from './template.schema.js';

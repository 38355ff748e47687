/**
 * The scenario's template compiler (`{{seq}}`, `{{uuid}}`, `{{rand A B}}`): compiled once per
 * request spec into constant text or a small `(seq, randomInt) => string` for the hot path.
 */
import { compileTemplate, type CompiledTemplate, type TemplateNames } from '../scenario/template.js';

export type { TemplateContext, TemplateNames } from '../scenario/template.js';
export type CompiledText = CompiledTemplate;
export type TemplateCompiler = (text: string, names?: TemplateNames) => CompiledText;

/** The compiler the workers use. */
export function loadTemplateCompiler(): TemplateCompiler {
  return compileTemplate;
}

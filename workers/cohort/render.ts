import { parse, View, type Runtime, type ViewOptions } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';

/**
 * A Vega-Lite spec (plots.ts) as a Vega runtime and the options of its view. Expressions are
 * interpreted, never compiled with `Function`: the app's Content-Security-Policy forbids eval, and the
 * cohort command renders the same way, so the app's plots and the command's SVG files agree.
 */
export function plotRuntime(spec: Record<string, unknown>): Runtime {
  return parse(compile(spec as unknown as TopLevelSpec).spec, undefined, { ast: true });
}

export const PLOT_VIEW_OPTIONS: ViewOptions = { expr: expressionInterpreter };

/** A Vega-Lite spec as SVG text, rendered headless (no DOM, no canvas): the same spec the browser renders. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const view = new View(plotRuntime(spec), { ...PLOT_VIEW_OPTIONS, renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

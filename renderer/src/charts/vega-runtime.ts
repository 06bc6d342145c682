/**
 * Vega in the app, loaded on demand: vega-lite compiles a shared spec, and a vega View evaluates its expressions
 * with vega-interpreter (the CSP forbids eval / new Function). Data is inline; the loader refuses any URL.
 */
import { View, parse, type Loader } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';
import { showTooltip } from './tooltip.js';

function refuse(what: string): never {
  throw new Error(`charts carry their data inline; refusing to load ${what}`);
}

const inlineOnlyLoader: Loader = {
  load: async (uri) => refuse(uri),
  sanitize: async (uri) => refuse(uri),
  http: async (uri) => refuse(uri),
  file: async (filename) => refuse(filename),
};

export interface MountedChart {
  finalize(): void;
}

/** Renders `spec` as SVG into `element`; the returned handle frees the view. */
export async function mountChart(element: HTMLElement, spec: TopLevelSpec, description: string): Promise<MountedChart> {
  const vgSpec = compile(spec).spec;
  // Compiling and drawing are two tasks: the browser gets a turn between them.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const view = new View(parse(vgSpec, undefined, { ast: true }), {
    renderer: 'svg',
    container: element,
    hover: true,
    expr: expressionInterpreter,
    loader: inlineOnlyLoader,
    tooltip: (_handler: unknown, event: MouseEvent, _item: unknown, value: unknown) => showTooltip(event, value),
  });
  view.description(description);
  await view.runAsync();
  const svg = element.querySelector('svg');
  if (svg) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', description);
  }
  return {
    finalize: () => {
      showTooltip(null, null);
      view.finalize();
    },
  };
}

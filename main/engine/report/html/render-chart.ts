/**
 * Renders a Vega-Lite spec to an SVG string in Node the way the app renders it in the browser: vega-lite
 * compile, then a vega View that evaluates expressions with vega-interpreter (no Function/eval), headless.
 */
import { View, logger, parse, Warn, type Loader } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';

export interface RenderChartOptions {
  /** Prefix for the ids inside the SVG (clip paths, gradients) so several charts can share one HTML page. */
  idPrefix?: string;
  /** Receives vega-lite and vega warnings instead of the console. */
  warnings?: string[];
}

function refuse(what: string): never {
  throw new Error(`charts must carry their data inline; refusing to load ${what}`);
}

/** A loader that never touches the network or the disk: report charts embed all their data. */
const inlineOnlyLoader: Loader = {
  load: async (uri) => refuse(uri),
  sanitize: async (uri) => refuse(uri),
  http: async (uri) => refuse(uri),
  file: async (filename) => refuse(filename),
};

/** Gives every id in the SVG a unique prefix and rewrites references to it (url(#…), href="#…"). */
export function prefixSvgIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1]!);
  if (ids.size === 0) return svg;
  return svg
    .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${prefix}${id}"`)
    .replace(/url\(#([^)"]+)\)/g, (m, id: string) => (ids.has(id) ? `url(#${prefix}${id})` : m))
    .replace(/href="#([^"]+)"/g, (m, id: string) => (ids.has(id) ? `href="#${prefix}${id}"` : m));
}

/** Renders one Vega-Lite spec to a standalone SVG string (no DOM, no canvas, no code generation). */
export async function renderChartSvg(spec: TopLevelSpec, options: RenderChartOptions = {}): Promise<string> {
  const warnings = options.warnings;
  const log = logger(Warn, undefined, (_method, _level, args) => {
    warnings?.push(args.map(String).join(' '));
  });
  const vgSpec = compile(spec, { logger: log }).spec;
  const view = new View(parse(vgSpec, undefined, { ast: true }), {
    renderer: 'none',
    expr: expressionInterpreter,
    loader: inlineOnlyLoader,
    logger: log,
  });
  try {
    const svg = await view.toSVG();
    return options.idPrefix ? prefixSvgIds(svg, options.idPrefix) : svg;
  } finally {
    view.finalize();
  }
}

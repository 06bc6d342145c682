// The places a module names another module — import and export declarations, import(), import types and
// require() — as ESLint visitors that hand each literal specifier to `check(node, specifier)`. Shared by the
// layering and ort-seam rules, so that both see every way in.

/** ESLint visitors calling `check(node, specifier)` for every module specifier written as a literal. */
export function importVisitors(check) {
  return {
    ImportDeclaration: (node) => check(node, node.source.value),
    ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
    ExportAllDeclaration: (node) => check(node, node.source.value),
    ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    TSImportType: (node) => {
      // typescript-eslint 8 names the module `source` (older versions: argument.literal).
      const literal = node.source ?? (node.argument?.type === 'TSLiteralType' ? node.argument.literal : undefined);
      if (literal?.type === 'Literal') check(node, literal.value);
    },
    CallExpression: (node) => {
      const [first] = node.arguments;
      if (node.callee.type === 'Identifier' && node.callee.name === 'require' && first?.type === 'Literal') check(node, first.value);
    },
  };
}

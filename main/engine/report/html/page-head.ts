/** The opening of every self-contained Parity HTML report (compare and drift): doctype, CSP, viewport, styles. */
import { html, trusted, type SafeHtml } from './html.js';
import { REPORT_CSS } from './styles.js';

/** Everything up to and including `<body>`. */
export function reportHead(options: { csp: string; version: string; title: string }): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${options.csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="parity ${options.version}">
<title>${options.title}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>`;
}

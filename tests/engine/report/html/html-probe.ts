/** Small readers over the report HTML for assertions (the report is our own, regular markup). */

/** The markup of the section with this id, or null when it is absent. */
export function sectionOf(html: string, id: string): string | null {
  const start = html.indexOf(`<section class="report-section`);
  if (start < 0) return null;
  const open = new RegExp(`<section class="report-section[^"]*" id="${id}"`).exec(html);
  if (!open) return null;
  const end = html.indexOf('</section>', open.index);
  return html.slice(open.index, end + '</section>'.length);
}

/** Text of a summary card's value, by the card's gate metric. */
export function cardValue(html: string, metric: string): string | null {
  const m = new RegExp(`<div class="card[^"]*" data-metric="${metric}">\\s*<div class="label">[^<]*</div>\\s*<div class="value">([^<]*)</div>`).exec(html);
  return m ? decode(m[1]!) : null;
}

/** Every card value on the page. */
export function allCardValues(html: string): string[] {
  return [...html.matchAll(/<div class="value">([^<]*)<\/div>/g)].map((m) => decode(m[1]!));
}

/** Decodes the entities our escaper produces. */
export function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&');
}

/** The <svg>…</svg> elements inside a piece of markup. */
export function svgsOf(markup: string): string[] {
  return [...markup.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
}

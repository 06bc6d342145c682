/** One floating tooltip for every chart: a key/value table next to the pointer, in the app's own styles. */
let element: HTMLDivElement | null = null;

function ensure(): HTMLDivElement {
  if (element) return element;
  element = document.createElement('div');
  element.className = 'chart-tooltip';
  element.setAttribute('role', 'tooltip');
  document.body.appendChild(element);
  return element;
}

function entriesOf(value: unknown): Array<[string, string]> {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object') return [['', String(value)]];
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]);
}

/** Shows `value` near the pointer, or hides the tooltip when value is null. */
export function showTooltip(event: MouseEvent | null, value: unknown): void {
  const entries = entriesOf(value);
  if (!event || entries.length === 0) {
    if (element) element.style.display = 'none';
    return;
  }
  const el = ensure();
  el.replaceChildren(
    ...entries.map(([k, v]) => {
      const row = document.createElement('div');
      row.className = 'chart-tooltip-row';
      if (k) {
        const key = document.createElement('span');
        key.className = 'chart-tooltip-key';
        key.textContent = k;
        row.appendChild(key);
      }
      const val = document.createElement('span');
      val.textContent = v;
      row.appendChild(val);
      return row;
    }),
  );
  el.style.display = 'block';
  const pad = 14;
  const { innerWidth, innerHeight } = window;
  const rect = el.getBoundingClientRect();
  const x = event.clientX + pad + rect.width > innerWidth ? event.clientX - pad - rect.width : event.clientX + pad;
  const y = event.clientY + pad + rect.height > innerHeight ? event.clientY - pad - rect.height : event.clientY + pad;
  el.style.left = `${Math.max(4, x)}px`;
  el.style.top = `${Math.max(4, y)}px`;
}

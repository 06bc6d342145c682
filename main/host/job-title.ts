import path from 'node:path';

function base(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? path.basename(value) : null;
}

/** A short human title for a job, from its kind and the files it works on. */
export function jobTitle(kind: string, params: unknown): string {
  const p = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  const reference = base(p.reference);
  const candidate = base(p.candidate);
  const model = base(p.model);
  let title: string;
  if (reference && candidate) title = `${kind} ${reference} vs ${candidate}`;
  else if (model && typeof p.recipe === 'string') title = `${kind} ${model} (${p.recipe})`;
  else if (model) title = `${kind} ${model}`;
  else title = kind;
  return title.slice(0, 200);
}

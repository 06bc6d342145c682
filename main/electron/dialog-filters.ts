import type { FileFilter, OpenDialogOptions } from 'electron';

export type PickKind = 'model' | 'images' | 'labels' | 'preprocess' | 'run' | 'any';

const FILTERS: Record<Exclude<PickKind, 'images' | 'run' | 'any'>, FileFilter[]> = {
  model: [{ name: 'ONNX models', extensions: ['onnx'] }],
  labels: [{ name: 'Labels', extensions: ['txt', 'json'] }],
  preprocess: [{ name: 'Preprocessing spec', extensions: ['json'] }],
};

/** The native open dialog for a kind of path: images and runs are folders, the rest files with their extensions. */
export function openDialogOptions(kind: PickKind, multiple: boolean): OpenDialogOptions {
  if (kind === 'images' || kind === 'run') {
    const title = kind === 'images' ? 'Choose a folder of images' : 'Open a run folder (it holds report.json)';
    return { title, properties: ['openDirectory', ...(multiple ? (['multiSelections'] as const) : [])] };
  }
  const titles: Record<Exclude<PickKind, 'images' | 'run'>, string> = {
    model: 'Open an ONNX model',
    labels: 'Choose a labels file',
    preprocess: 'Choose a preprocessing spec',
    any: 'Choose a file or folder',
  };
  return {
    title: titles[kind],
    properties: ['openFile', ...(kind === 'any' ? (['openDirectory'] as const) : []), ...(multiple ? (['multiSelections'] as const) : [])],
    ...(kind === 'any' ? {} : { filters: [...FILTERS[kind], { name: 'All files', extensions: ['*'] }] }),
  };
}

/** The save dialog's filter and default file name of an exported report. */
export function exportFilter(format: 'html' | 'json' | 'csv' | 'pdf'): FileFilter {
  const names = { html: 'HTML report', json: 'JSON report', csv: 'CSV table', pdf: 'PDF document' } as const;
  return { name: names[format], extensions: [format] };
}

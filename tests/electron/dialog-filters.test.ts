/** The native open dialogs: which kinds pick folders and which pick files, with what filters. */
import { describe, expect, it } from 'vitest';
import { openDialogOptions } from '../../main/electron/dialog-filters.js';

describe('openDialogOptions', () => {
  it('picks folders for images and run folders, files with their extensions for the rest', () => {
    expect(openDialogOptions('images', false).properties).toEqual(['openDirectory']);
    const run = openDialogOptions('run', false);
    expect(run.properties).toEqual(['openDirectory']);
    expect(run.title).toContain('run folder');
    const model = openDialogOptions('model', true);
    expect(model.properties).toEqual(['openFile', 'multiSelections']);
    expect(model.filters?.[0]).toEqual({ name: 'ONNX models', extensions: ['onnx'] });
    expect(openDialogOptions('any', false).properties).toEqual(['openFile', 'openDirectory']);
  });
});

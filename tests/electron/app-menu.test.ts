import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { aboutDetail, menuTemplate, type MenuActions } from '../../main/electron/app-menu.js';

function recorder(): MenuActions & { called: string[] } {
  const called: string[] = [];
  return {
    called,
    openModel: () => called.push('openModel'),
    openImages: () => called.push('openImages'),
    openRun: () => called.push('openRun'),
    exportReport: () => called.push('exportReport'),
    about: () => called.push('about'),
    openLogFolder: () => called.push('openLogFolder'),
  };
}

function items(menu: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return (menu?.submenu ?? []) as MenuItemConstructorOptions[];
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as unknown as () => void)();
}

describe('menuTemplate', () => {
  it('has File (Open Model…, Open Images…, Open Run Folder…, Export Report…, Quit), Edit, View and Help with About on Windows/Linux', () => {
    const actions = recorder();
    const menu = menuTemplate(actions, 'linux');
    expect(menu.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    const file = items(menu[0]);
    expect(file.filter((i) => i.label).map((i) => i.label)).toEqual(['Open Model…', 'Open Images…', 'Open Run Folder…', 'Export Report…', 'Quit']);
    expect(file.find((i) => i.label === 'Quit')?.role).toBe('quit');
    for (const label of ['Open Model…', 'Open Images…', 'Open Run Folder…', 'Export Report…']) click(file.find((i) => i.label === label));
    const about = items(menu[3]).find((i) => i.label === 'About Parity');
    click(about);
    expect(actions.called).toEqual(['openModel', 'openImages', 'openRun', 'exportReport', 'about']);
    expect(items(menu[2]).map((i) => i.role).filter(Boolean)).toContain('reload');
  });

  it('puts About and Quit in the app menu on macOS', () => {
    const menu = menuTemplate(recorder(), 'darwin');
    expect(menu[0]?.label).toBe('Parity');
    expect(items(menu[0]).map((i) => i.label ?? i.role)).toContain('About Parity');
    expect(items(menu[0]).find((i) => i.role === 'quit')).toBeDefined();
    expect(items(menu[4]).some((i) => i.label === 'About Parity')).toBe(false);
  });
});

describe('aboutDetail', () => {
  it('names the versions of the app, Electron, ONNX Runtime and sharp', () => {
    const text = aboutDetail({ parity: '0.1.0', electron: '41.7.1', chrome: '146.0', node: '24.1.0', onnxruntime: '1.30.0', sharp: '0.35.5' });
    expect(text.split('\n')).toEqual(['Parity 0.1.0', 'Electron 41.7.1', 'Chromium 146.0', 'Node.js 24.1.0', 'ONNX Runtime 1.30.0', 'sharp 0.35.5']);
  });
});

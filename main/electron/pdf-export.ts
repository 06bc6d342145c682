/** A run's HTML report printed to PDF by Chromium in a hidden, locked-down window, written atomically. */
import { BrowserWindow } from 'electron';
import { desktopRunAssetUrl } from '../../shared/contract/host-channels.js';
import { ParityError } from '../../shared/errors.js';
import { writeFileAtomic } from '../host/index.js';
import { secureWebPreferences } from './web-preferences.js';

export async function exportPdf(runId: string, target: string): Promise<void> {
  const window = new BrowserWindow({ show: false, width: 1200, height: 1600, webPreferences: secureWebPreferences(null) });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  try {
    await window.loadURL(desktopRunAssetUrl(runId, 'report.html'));
    const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4', margins: { marginType: 'default' } });
    await writeFileAtomic(target, pdf);
  } catch (error) {
    if (error instanceof ParityError) throw error;
    throw new ParityError('IO_ERROR', `The PDF could not be written: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    window.destroy();
  }
}

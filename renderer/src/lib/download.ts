// Saves exported files from the renderer: a Blob and a temporary <a download>. Works in Electron
// (main routes downloads to a save dialog) and in a browser tab.
import { downloadBlob } from './zipDownload';

export interface DownloadableFile {
  name: string;
  content: string;
}

export function downloadFiles(files: readonly DownloadableFile[]): void {
  for (const file of files) {
    const type = file.name.endsWith('.md') ? 'text/markdown' : 'application/x-ndjson';
    downloadBlob(file.name, new Blob([file.content], { type: `${type};charset=utf-8` }));
  }
}

export async function readFiles(list: FileList | readonly File[]): Promise<DownloadableFile[]> {
  return Promise.all(Array.from(list).map(async (file) => ({ name: file.name, content: await file.text() })));
}

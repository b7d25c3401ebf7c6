// Saves exported files from the renderer: a Blob and a temporary <a download>. Works in Electron
// (main routes downloads to a save dialog) and in a browser tab.
export interface DownloadableFile {
  name: string;
  content: string;
}

export function downloadFiles(files: readonly DownloadableFile[]): void {
  for (const file of files) {
    const type = file.name.endsWith('.md') ? 'text/markdown' : 'application/x-ndjson';
    const url = URL.createObjectURL(new Blob([file.content], { type: `${type};charset=utf-8` }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file.name;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
    // Give the browser time to start the download before the URL goes away.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

export async function readFiles(list: FileList | readonly File[]): Promise<DownloadableFile[]> {
  return Promise.all(Array.from(list).map(async (file) => ({ name: file.name, content: await file.text() })));
}

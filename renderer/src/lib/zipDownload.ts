// Export all in a browser: every file and the manifest in one .zip, one download (a page can't
// write a folder, and 35 separate downloads are blocked or lost). fflate's streaming Zip, file by
// file with a yield between them, so a large export doesn't freeze the page; deflate level 1,
// because the point is one file, not the smallest one. No worker: the CSP allows none from blob:.
import { strToU8, Zip, ZipDeflate } from 'fflate';
import type { DownloadableFile } from './download';

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function zipFiles(files: readonly DownloadableFile[]): Promise<Blob> {
  const parts: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else parts.push(chunk);
  });
  for (const file of files) {
    const entry = new ZipDeflate(file.name, { level: 1 });
    entry.mtime = new Date();
    zip.add(entry);
    entry.push(strToU8(file.content), true);
    await nextTask();
  }
  zip.end();
  if (failure) throw failure;
  return new Blob(parts as BlobPart[], { type: 'application/zip' });
}

export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

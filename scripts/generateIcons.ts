// Renders resources/icon.svg into every icon file packaging and the window need, and writes them
// under resources/ (committed): icons/<n>x<n>.png for Linux (electron-builder's folder layout),
// icon.png, icon.ico (Windows) and icon.icns (macOS). The output depends only on the SVG, so
// `--check` can tell whether the committed files are what the SVG gives (a test runs it).
//   npm run icons            regenerate
//   npm run icons -- --check exit 1 if a committed file differs
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as png2icons from 'png2icons';

export const RESOURCES = path.resolve(__dirname, '..', 'resources');
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

function render(svg: string, size: number): Buffer {
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } });
  return Buffer.from(resvg.render().asPng());
}

/** Every icon file, by its path relative to resources/, rendered from the SVG. */
export function iconFiles(svg = fs.readFileSync(path.join(RESOURCES, 'icon.svg'), 'utf8')): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const size of PNG_SIZES) files.set(`icons/${size}x${size}.png`, render(svg, size));
  const large = files.get('icons/1024x1024.png')!;
  files.set('icon.png', files.get('icons/512x512.png')!);
  // png2icons scales the 1024 px render down itself; its output depends only on the input.
  const ico = png2icons.createICO(large, png2icons.BICUBIC2, 0, true, true);
  const icns = png2icons.createICNS(large, png2icons.BICUBIC2, 0);
  if (!ico || !icns) throw new Error('png2icons could not make icon.ico / icon.icns from the 1024 px render');
  files.set('icon.ico', ico);
  files.set('icon.icns', icns);
  return files;
}

/** The files whose committed bytes differ from a fresh render (missing ones included). */
export function staleIconFiles(): string[] {
  const stale: string[] = [];
  for (const [name, bytes] of iconFiles()) {
    const file = path.join(RESOURCES, name);
    if (!fs.existsSync(file) || !fs.readFileSync(file).equals(bytes)) stale.push(name);
  }
  return stale;
}

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const stale = staleIconFiles();
    if (stale.length > 0) {
      console.error(`These icon files are not what resources/icon.svg gives: ${stale.join(', ')}. Run: npm run icons`);
      process.exit(1);
    }
    console.log('The icon files match resources/icon.svg.');
  } else {
    for (const [name, bytes] of iconFiles()) {
      const file = path.join(RESOURCES, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
    }
    console.log(`Wrote ${PNG_SIZES.length + 3} icon files under ${RESOURCES}.`);
  }
}

// The icon set in resources/: complete, each file what resources/icon.svg gives, and used by the
// window and by packaging (electron-builder.yml).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appIconPath } from '../../electron/main/appIcon';
import { secureWindowOptions } from '../../electron/main/secureWindow';
import { PNG_SIZES, RESOURCES, staleIconFiles } from '../../scripts/generateIcons';

const repo = path.resolve(__dirname, '../..');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the app icon', () => {
  it('has a PNG of every size from 16 to 1024, each as large as its name says', () => {
    for (const size of PNG_SIZES) {
      expect(pngSize(fs.readFileSync(path.join(RESOURCES, 'icons', `${size}x${size}.png`)))).toEqual({ width: size, height: size });
    }
  });

  it('has a Windows .ico and a macOS .icns holding the sizes those platforms show', () => {
    const ico = fs.readFileSync(path.join(RESOURCES, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0); // reserved
    expect(ico.readUInt16LE(2)).toBe(1); // type: icon
    const count = ico.readUInt16LE(4);
    // Directory entries: width/height of 0 mean 256.
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));

    const icns = fs.readFileSync(path.join(RESOURCES, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.toString('ascii', at, at + 4));
    expect(types).toEqual(expect.arrayContaining(['ic10'])); // 1024 px (512@2x)
  });

  it('is committed exactly as scripts/generateIcons.ts renders resources/icon.svg', () => {
    expect(staleIconFiles()).toEqual([]);
  });

  it('is what electron-builder packages for each platform and the Linux desktop entry', () => {
    const yml = fs.readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^ {2}buildResources: resources$/m);
    const icons = [...yml.matchAll(/^ {2}icon: (\S+)$/gm)].map((m) => m[1]!);
    expect(icons.sort()).toEqual(['resources/icon.icns', 'resources/icon.ico', 'resources/icons']);
    for (const icon of icons) expect(fs.existsSync(path.join(repo, icon)), icon).toBe(true);
    expect(yml).toMatch(/^ {6}StartupWMClass: Inkwell$/m);
    expect(yml).toMatch(/^ {2}- from: resources\/icons\/512x512\.png\n {4}to: icon\.png$/m);
  });

  it('is the window’s icon, from a checkout and in a packaged app', () => {
    const fromCheckout = appIconPath({ isPackaged: false, resourcesPath: '/nowhere', appRoot: repo });
    expect(pngSize(fs.readFileSync(fromCheckout)).width).toBe(512);
    expect(appIconPath({ isPackaged: true, resourcesPath: '/opt/Inkwell/resources', appRoot: repo })).toBe('/opt/Inkwell/resources/icon.png');
    expect(secureWindowOptions('/p/preload.js', fromCheckout).icon).toBe(fromCheckout);
  });
});

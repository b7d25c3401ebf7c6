// A provider's base URL as people type it ("localhost:11434", "api.example.com/v1/") made into one
// the providers can call, or refused with a message that says what is wrong. The form shows the
// normalised URL; settings.json and the core only ever hold one that passed here.

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/** Hosts on this computer or the local network: a scheme-less URL for them means plain http. */
const LOCAL_HOST = /^(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1\]|10(\.\d{1,3}){3}|192\.168(\.\d{1,3}){2}|172\.(1[6-9]|2\d|3[01])(\.\d{1,3}){2}|[^/:]+\.local)(:\d+)?(\/|$)/i;

export function normalizeBaseUrl(input: string): BaseUrlCheck {
  const typed = input.trim();
  if (typed === '') return { ok: false, message: 'Enter the server’s address, for example http://localhost:11434.' };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed);
  const withScheme = hasScheme ? typed : `${LOCAL_HOST.test(typed) ? 'http' : 'https'}://${typed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `“${typed}” is not a web address: it should look like http://localhost:11434 or https://api.openai.com/v1.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `“${typed}” starts with ${url.protocol.replace(':', '')}://, but a model server is reached over http:// or https://.` };
  }
  if (url.hostname === '') return { ok: false, message: `“${typed}” names no host.` };
  if (url.username !== '' || url.password !== '') {
    return { ok: false, message: 'Leave the user name and password out of the address: put an API key in the API key field, where the keychain keeps it.' };
  }
  if (url.search !== '' || url.hash !== '') return { ok: false, message: `Leave the query or # part out of “${typed}”: the base URL is the server and its path only.` };
  return { ok: true, url: url.href.replace(/\/+$/, '') };
}

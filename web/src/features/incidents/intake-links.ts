/**
 * The reporter's links, one per line. A bare address ("yle.fi/uutiset") is read as https; anything
 * that is not a web address comes back among the invalid lines for the form to point out.
 */
export const parseLinks = (text: string): { links: string[]; invalid: string[] } => {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const links: string[] = [];
  const invalid: string[] = [];
  for (const line of lines) {
    const candidate = /^[a-z][a-z0-9+.-]*:/i.test(line) ? line : `https://${line}`;
    try {
      const url = new URL(candidate);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.'))
        links.push(url.href);
      else invalid.push(line);
    } catch {
      invalid.push(line);
    }
  }
  return { links: [...new Set(links)], invalid };
};

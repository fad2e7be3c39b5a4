import type { Locale } from '../../../shared/contracts/locales.js';
import en from './en.json';
import fi from './fi.json';
import sv from './sv.json';

type Tree = { [key: string]: unknown };

/**
 * Interface strings: the common ones in <lang>.json, and one folder per feature
 * (<namespace>/<lang>.json) whose keys live under that namespace: `incidents/fi.json` holds
 * the keys `incidents.*`. A unit test keeps the three languages' keys identical.
 */
const featureFiles = import.meta.glob<Tree>('./*/*.json', { eager: true, import: 'default' });

const build = (locale: Locale, common: Tree): Tree => {
  const tree: Tree = { ...common };
  for (const [path, strings] of Object.entries(featureFiles)) {
    const [, namespace, file] = path.split('/');
    if (file !== `${locale}.json` || !namespace) continue;
    if (namespace in tree) throw new Error(`Locale namespace ${namespace} is defined twice`);
    tree[namespace] = strings;
  }
  return tree;
};

export const translations: Record<Locale, Tree> = {
  fi: build('fi', fi),
  sv: build('sv', sv),
  en: build('en', en),
};
